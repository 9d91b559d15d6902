//! What `/proc` says about the app's processes: which ones it started, when it started, and
//! how much memory they hold.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::BenchError;

/// The memory of a group of processes, from `/proc/<pid>/smaps_rollup`. PSS divides each
/// shared page among the processes mapping it, so the sum counts every page once; RSS sums
/// count shared pages (libraries, WebKit's shared memory) once per process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MemoryUse {
    pub pss_kib: u64,
    pub rss_kib: u64,
    pub processes: usize,
}

impl MemoryUse {
    pub fn pss_mib(&self) -> f64 {
        self.pss_kib as f64 / 1024.0
    }
}

fn read(path: &Path) -> Result<String, BenchError> {
    std::fs::read_to_string(path).map_err(|source| BenchError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn format_error(path: &Path, detail: impl Into<String>) -> BenchError {
    BenchError::Format {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

/// The fields of `/proc/<pid>/stat` after the command name, which may itself hold spaces and
/// parentheses: `fields[0]` is field 3 (state) of proc(5).
fn stat_fields(pid: u32) -> Result<Vec<String>, BenchError> {
    let path = PathBuf::from(format!("/proc/{pid}/stat"));
    let text = read(&path)?;
    let after_name = text
        .rfind(')')
        .map(|end| &text[end + 1..])
        .ok_or_else(|| format_error(&path, "no command name"))?;
    Ok(after_name.split_whitespace().map(str::to_owned).collect())
}

fn stat_field(pid: u32, field: usize) -> Result<u64, BenchError> {
    let path = PathBuf::from(format!("/proc/{pid}/stat"));
    stat_fields(pid)?
        .get(field - 3)
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| format_error(&path, format!("no number in field {field}")))
}

/// Every live process as (pid, parent pid). Processes that end while the list is read are
/// left out.
fn process_table() -> Result<Vec<(u32, u32)>, BenchError> {
    let entries = std::fs::read_dir("/proc").map_err(|source| BenchError::Read {
        path: PathBuf::from("/proc"),
        source,
    })?;
    Ok(entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, stat_field(pid, 4).ok()? as u32)))
        .collect())
}

/// `root` and every process it started, directly or not.
pub fn tree(root: u32) -> Result<Vec<u32>, BenchError> {
    let table = process_table()?;
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(
            table
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        next += 1;
    }
    Ok(found)
}

/// The first process in `root`'s tree running `binary`.
pub fn find_in_tree(root: u32, binary: &Path) -> Result<Option<u32>, BenchError> {
    let wanted = binary.canonicalize().map_err(|source| BenchError::Read {
        path: binary.to_path_buf(),
        source,
    })?;
    Ok(tree(root)?
        .into_iter()
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == wanted)))
}

/// `Pss` and `Rss` of one process, in KiB.
pub fn smaps_rollup(pid: u32) -> Result<(u64, u64), BenchError> {
    let path = PathBuf::from(format!("/proc/{pid}/smaps_rollup"));
    let text = read(&path)?;
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .ok_or_else(|| format_error(&path, format!("no {name} line")))
    };
    Ok((field("Pss:")?, field("Rss:")?))
}

/// The memory of `root` and every process it started (for the app: its WebKit web and
/// network processes).
pub fn tree_memory(root: u32) -> Result<MemoryUse, BenchError> {
    let mut total = MemoryUse::default();
    for pid in tree(root)? {
        match smaps_rollup(pid) {
            Ok((pss, rss)) => {
                total.pss_kib += pss;
                total.rss_kib += rss;
                total.processes += 1;
            }
            // A helper process that ended meanwhile holds no memory any more.
            Err(BenchError::Read { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                continue
            }
            Err(error) => return Err(error),
        }
    }
    Ok(total)
}

fn clock_ms(clock: libc::clockid_t) -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill; both clocks exist on Linux.
    unsafe { libc::clock_gettime(clock, &mut now) };
    now.tv_sec as f64 * 1000.0 + now.tv_nsec as f64 / 1_000_000.0
}

/// The wall-clock time (ms since the Unix epoch) now, in the clock the page's `Date.now()`
/// uses.
pub fn now_epoch_ms() -> f64 {
    clock_ms(libc::CLOCK_REALTIME)
}

/// When `pid` started, in ms since the Unix epoch, to the kernel's tick (10 ms at 100 Hz).
/// The kernel counts it in ticks since boot; the boot moment comes from the two clocks.
pub fn start_epoch_ms(pid: u32) -> Result<f64, BenchError> {
    let ticks = stat_field(pid, 22)?;
    // SAFETY: sysconf has no preconditions.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let boot = clock_ms(libc::CLOCK_REALTIME) - clock_ms(libc::CLOCK_BOOTTIME);
    Ok(boot + ticks as f64 * 1000.0 / ticks_per_second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_started_before_now_and_within_the_last_hour() {
        let started = start_epoch_ms(std::process::id()).unwrap();
        let now = now_epoch_ms();
        assert!(started <= now + 10.0, "{started} vs {now}");
        assert!(now - started < 3_600_000.0, "{started} vs {now}");
    }

    #[test]
    fn a_child_is_in_its_parents_tree_and_found_by_its_binary() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let me = std::process::id();
        let found = tree(me).unwrap();
        assert!(found.contains(&child.id()), "{found:?}");
        let sleep = which("sleep");
        assert_eq!(find_in_tree(me, &sleep).unwrap(), Some(child.id()));
        child.kill().unwrap();
        child.wait().unwrap();
    }

    fn which(program: &str) -> PathBuf {
        std::env::var_os("PATH")
            .into_iter()
            .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.exists())
            .expect("on PATH")
    }
}
