//! The PSS sum checked against processes whose memory is known: one holding 64 MiB of its
//! own, and a parent and child sharing the same 64 MiB, which PSS must count once.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use gatehouse_bench::processes::tree_memory;
use gatehouse_tests::ChildGuard;

const HELD_MIB: u64 = 64;
/// What a small Rust program holds beside the buffer: its binary, libc, stack, allocator.
const OVERHEAD_MIB: u64 = 8;

fn hold(args: &[&str]) -> ChildGuard {
    let mut holder = ChildGuard::spawn(
        "hold-memory",
        Command::new(env!("CARGO_BIN_EXE_hold-memory"))
            .args(args)
            .stdout(Stdio::piped()),
    );
    let mut line = String::new();
    BufReader::new(holder.child().stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "holding");
    holder
}

#[test]
fn the_pss_of_a_process_holding_64_mib_is_64_mib_and_its_overhead() {
    let holder = hold(&[&HELD_MIB.to_string()]);
    let memory = tree_memory(holder.id()).unwrap();
    assert_eq!(memory.processes, 1);
    let pss_mib = memory.pss_kib / 1024;
    assert!(
        (HELD_MIB..HELD_MIB + OVERHEAD_MIB).contains(&pss_mib),
        "PSS {pss_mib} MiB for {HELD_MIB} MiB held: {memory:?}"
    );
}

#[test]
fn memory_shared_by_a_parent_and_its_child_is_counted_once() {
    let holder = hold(&[&HELD_MIB.to_string(), "--fork"]);
    let memory = tree_memory(holder.id()).unwrap();
    assert_eq!(memory.processes, 2, "the parent and the forked child");
    let (pss_mib, rss_mib) = (memory.pss_kib / 1024, memory.rss_kib / 1024);
    assert!(
        (HELD_MIB..HELD_MIB + OVERHEAD_MIB).contains(&pss_mib),
        "PSS counts the shared {HELD_MIB} MiB once: {pss_mib} MiB, {memory:?}"
    );
    assert!(
        rss_mib >= 2 * HELD_MIB,
        "RSS counts it in each process: {rss_mib} MiB"
    );
}
