//! Test fixture for the harness's memory figures: `hold-memory MIB [--fork]` fills MIB MiB of
//! private memory, optionally forks so that a child shares all of it, prints `holding` once
//! the memory is in place, and waits to be killed.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let mib: usize = args
        .next()
        .and_then(|value| value.parse().ok())
        .expect("usage: hold-memory MIB [--fork]");
    let fork = args.next().as_deref() == Some("--fork");
    // Non-zero bytes, written: every page is really resident, none is the shared zero page.
    let held = vec![0x5a_u8; mib * 1024 * 1024];
    if fork {
        // SAFETY: the process has a single thread; the child only sleeps.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork failed");
        if pid == 0 {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
        }
    }
    println!("holding");
    std::io::stdout().flush().expect("stdout");
    loop {
        std::hint::black_box(&held);
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}
