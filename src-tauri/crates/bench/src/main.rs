//! `gatehouse-bench`: measures the release app against its floors in one run and writes the
//! table to `<out>/report.md` and `<out>/report.json`. `src-tauri/scripts/bench.sh` builds what
//! it needs and passes the paths; run that rather than this.

use std::path::{Path, PathBuf};
use std::time::Duration;

use gatehouse_bench::processes::MemoryUse;
use gatehouse_bench::report::{megabytes, Machine, Row};
use gatehouse_bench::sandbox::{self, StandaloneSandbox};
use gatehouse_bench::stats::Summary;
use gatehouse_bench::window::{again_after_the_glib_race, launch, AppUnderTest};
use gatehouse_bench::{bundle, export, large_list, report, BenchError};
use gatehouse_tests::VirtualDisplay;
use serde_json::json;

const USAGE: &str =
    "usage: gatehouse-bench --gatehouse BIN --bare BIN --sandbox BIN --ui-dist DIR \
--bare-ui-dist DIR --out DIR [--compare-ms FILE] [--untuned BIN] [--runs N] [--rows N] [--quick]";

/// How long a window may take to its first screen before the run fails.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// Memory is read this long after the first screen, once start-up work has settled.
const IDLE_SETTLE: Duration = Duration::from_secs(3);

struct Options {
    gatehouse: PathBuf,
    bare: PathBuf,
    sandbox: PathBuf,
    ui_dist: PathBuf,
    bare_ui_dist: PathBuf,
    out: PathBuf,
    untuned: Option<PathBuf>,
    /// The compare of two 10,000-object exports: a JSON array of milliseconds.
    compare_ms: Option<PathBuf>,
    runs: usize,
    rows: usize,
    quick: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let (mut gatehouse, mut bare, mut sandbox, mut ui_dist, mut bare_ui_dist, mut out) =
        (None, None, None, None, None, None);
    let (mut untuned, mut compare_ms, mut runs, mut rows, mut quick) =
        (None, None, None, 10_000, false);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--gatehouse" => gatehouse = Some(PathBuf::from(value()?)),
            "--bare" => bare = Some(PathBuf::from(value()?)),
            "--sandbox" => sandbox = Some(PathBuf::from(value()?)),
            "--ui-dist" => ui_dist = Some(PathBuf::from(value()?)),
            "--bare-ui-dist" => bare_ui_dist = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--untuned" => untuned = Some(PathBuf::from(value()?)),
            "--compare-ms" => compare_ms = Some(PathBuf::from(value()?)),
            "--runs" => runs = Some(value()?.parse().map_err(|_| "--runs takes a number")?),
            "--rows" => rows = value()?.parse().map_err(|_| "--rows takes a number")?,
            "--quick" => quick = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let required = |value: Option<PathBuf>, name: &str| value.ok_or(format!("{name} is required"));
    Ok(Options {
        gatehouse: required(gatehouse, "--gatehouse")?,
        bare: required(bare, "--bare")?,
        sandbox: required(sandbox, "--sandbox")?,
        ui_dist: required(ui_dist, "--ui-dist")?,
        bare_ui_dist: required(bare_ui_dist, "--bare-ui-dist")?,
        out: required(out, "--out")?,
        untuned,
        compare_ms,
        runs: runs.unwrap_or(if quick { 3 } else { 6 }),
        rows,
        quick,
    })
}

/// Start-up (ms from process start to the ready mark) and idle memory of each run.
#[derive(Default)]
struct Runs {
    startup_ms: Vec<f64>,
    idle: Vec<MemoryUse>,
}

impl Runs {
    fn startup(&self) -> Option<Summary> {
        Summary::of(&self.startup_ms)
    }

    fn idle_pss_mib(&self) -> Option<Summary> {
        Summary::of(&self.idle.iter().map(MemoryUse::pss_mib).collect::<Vec<_>>())
    }
}

/// One start of `app`: the time to its first screen and its memory once idle.
async fn start_once(
    app: &AppUnderTest,
    display: &VirtualDisplay,
    screenshot: Option<&Path>,
) -> Result<(f64, MemoryUse), BenchError> {
    let window = launch(app, display).await?;
    let ready_at = window.wait_until_ready(&app.name, READY_TIMEOUT).await?;
    let startup = ready_at - window.started_at_ms;
    let phases = window.phases().await?;
    eprintln!(
        "bench: {} phases (ms after the process start): {}",
        app.name,
        phases
            .iter()
            .map(|(name, at)| format!("{name} {at:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // The ready mark already proves the UI rendered; the picture is for people, so a missing
    // one is reported, not fatal.
    if let Some(path) = screenshot {
        if let Err(error) = window.screenshot(path).await {
            eprintln!("bench: no screenshot of {}: {error}", app.name);
        }
    }
    tokio::time::sleep(IDLE_SETTLE).await;
    let memory = window.memory()?;
    window.close().await;
    Ok((startup, memory))
}

fn spread(summary: &Summary, unit: &str) -> String {
    format!(
        "{:.0} {unit} (min {:.0}, max {:.0}, n={})",
        summary.median,
        summary.min,
        summary.max,
        summary.samples.len()
    )
}

/// The compare of two 10,000-object exports, from the timings `bench.sh` wrote, against its
/// one-second budget.
fn compare_row(timings: Option<&Path>) -> Result<Row, BenchError> {
    const FIGURE: &str =
        "Compare: two 10,000-object exports (1% changed, removed, added), optimised";
    const GOAL: &str = "< 1 s";
    let Some(path) = timings else {
        return Ok(Row::not_measured(
            FIGURE,
            GOAL,
            "no --compare-ms timings given",
        ));
    };
    let text = std::fs::read_to_string(path).map_err(|source| BenchError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let milliseconds: Vec<f64> =
        serde_json::from_str(&text).map_err(|error| BenchError::Format {
            path: path.to_path_buf(),
            detail: error.to_string(),
        })?;
    let summary = Summary::of(&milliseconds).ok_or_else(|| BenchError::Format {
        path: path.to_path_buf(),
        detail: "no timings".to_owned(),
    })?;
    Ok(Row::measured(
        FIGURE,
        spread(&summary, "ms"),
        "budget 1000 ms".to_owned(),
        GOAL,
    )
    .with_ratio(summary.median, 1000.0))
}

/// The floor of a view update: the goal's frame, and what one line of text changed takes to
/// reach the screen in the same window.
fn one_frame(one_text_change: &Summary) -> String {
    format!(
        "one frame, 16 ms; one line of text changed: {}",
        spread(one_text_change, "ms")
    )
}

fn machine() -> Machine {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let meminfo = read("/proc/meminfo");
    let os_release = read("/etc/os-release");
    let field = |text: &str, name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|rest| {
                rest.trim_start_matches([' ', '\t', ':', '='])
                    .trim_matches('"')
                    .trim()
                    .to_owned()
            })
            .unwrap_or_else(|| "unknown".to_owned())
    };
    let output = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            .unwrap_or_else(|_| "unknown".to_owned())
    };
    let memory_kib: f64 = field(&meminfo, "MemTotal")
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap_or_default();
    Machine {
        cpu: field(&cpuinfo, "model name"),
        cores: std::thread::available_parallelism().map_or(0, usize::from),
        memory_gib: memory_kib / 1024.0 / 1024.0,
        os: field(&os_release, "PRETTY_NAME"),
        kernel: read("/proc/sys/kernel/osrelease").trim().to_owned(),
        webkitgtk: output(
            "dpkg-query",
            &["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"],
        ),
        measured_at: output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
    }
}

async fn run(options: Options) -> Result<(), BenchError> {
    std::fs::create_dir_all(&options.out).map_err(|source| BenchError::Read {
        path: options.out.clone(),
        source,
    })?;
    let display = VirtualDisplay::start();
    let sandbox = StandaloneSandbox::start(&options.sandbox)?;
    let gatehouse = AppUnderTest {
        name: "Gatehouse".to_owned(),
        binary: options.gatehouse.clone(),
        env: sandbox.app_env(),
    };
    let bare = AppUnderTest {
        name: "bare window".to_owned(),
        binary: options.bare.clone(),
        env: Vec::new(),
    };
    let untuned = options.untuned.as_ref().map(|binary| AppUnderTest {
        name: "Gatehouse (untuned profile)".to_owned(),
        binary: binary.clone(),
        env: sandbox.app_env(),
    });
    let mut apps = vec![&gatehouse, &bare];
    apps.extend(untuned.as_ref());

    // One unmeasured start each, so no app pays for reading its binary from disk.
    for app in &apps {
        eprintln!("bench: warming up {}", app.name);
        again_after_the_glib_race(&app.name, || start_once(app, &display, None)).await?;
    }
    let mut runs: Vec<Runs> = apps.iter().map(|_| Runs::default()).collect();
    for run in 0..options.runs {
        // Alternating, so a slow moment of the machine hits every app alike.
        for (index, app) in apps.iter().enumerate() {
            let screenshot = (run == 0).then(|| {
                options.out.join(format!(
                    "{}-first-screen.png",
                    app.name.replace([' ', '(', ')'], "")
                ))
            });
            let (startup, memory) = again_after_the_glib_race(&app.name, || {
                start_once(app, &display, screenshot.as_deref())
            })
            .await?;
            eprintln!(
                "bench: {} run {}: {startup:.0} ms to the first screen, PSS {:.1} MiB in {} processes",
                app.name,
                run + 1,
                memory.pss_mib(),
                memory.processes
            );
            runs[index].startup_ms.push(startup);
            runs[index].idle.push(memory);
        }
    }

    let mut rows = Vec::new();
    let (gatehouse_runs, bare_runs) = (&runs[0], &runs[1]);
    let (startup, bare_startup) = (
        gatehouse_runs.startup().expect("at least one run"),
        bare_runs.startup().expect("at least one run"),
    );
    rows.push(
        Row::measured(
            "Start-up: process start → first screen with data (median)",
            spread(&startup, "ms"),
            format!("bare window {}", spread(&bare_startup, "ms")),
            "≤ 1.3×",
        )
        .with_ratio(startup.median, bare_startup.median),
    );
    let (idle, bare_idle) = (
        gatehouse_runs.idle_pss_mib().expect("at least one run"),
        bare_runs.idle_pss_mib().expect("at least one run"),
    );
    rows.push(
        Row::measured(
            "Memory idle: PSS of app + WebKit processes (median)",
            spread(&idle, "MiB"),
            format!("bare window {}", spread(&bare_idle, "MiB")),
            "≤ 1.3×",
        )
        .with_ratio(idle.median, bare_idle.median),
    );

    let large =
        again_after_the_glib_race("the large list", || measure_large_list(&options, &display))
            .await;
    match &large {
        Ok((memory, figures)) => {
            rows.push(
                Row::measured(
                    &format!("Memory with the {}-object list open: PSS", figures.rows),
                    format!("{:.0} MiB", memory.pss_mib()),
                    format!("bare window idle {:.0} MiB", bare_idle.median),
                    "—",
                )
                .with_ratio(memory.pss_mib(), bare_idle.median),
            );
            rows.push(
                Row::measured(
                    &format!(
                        "Large list ({} objects): first rows after the data arrives",
                        figures.rows
                    ),
                    format!(
                        "{:.0} ms ({:.0} ms after the click)",
                        figures.first_rows_after_data_ms, figures.first_rows_after_click_ms
                    ),
                    "300 ms".to_owned(),
                    "≤ 300 ms",
                )
                .with_ratio(figures.first_rows_after_data_ms, 300.0),
            );
            rows.push(
                Row::measured(
                    "Large list: search keystroke → view updated",
                    spread(&figures.search_keystroke_ms, "ms"),
                    one_frame(&figures.one_text_change_ms),
                    "≤ 16 ms",
                )
                .with_ratio(figures.search_keystroke_ms.median, 16.0),
            );
            rows.push(
                Row::measured(
                    "Large list: sort a column → view updated",
                    spread(&figures.sort_ms, "ms"),
                    one_frame(&figures.one_text_change_ms),
                    "≤ 16 ms",
                )
                .with_ratio(figures.sort_ms.median, 16.0),
            );
        }
        Err(error) => rows.push(Row::not_measured(
            &format!("Large list ({} objects)", options.rows),
            "≤ 300 ms first rows, ≤ 16 ms search and sort",
            error.to_string(),
        )),
    }

    let (ui, bare_ui) = (
        bundle::measure(&options.ui_dist)?,
        bundle::measure(&options.bare_ui_dist)?,
    );
    rows.push(
        Row::measured(
            "Bundle: release wasm (wasm-opt -Oz, binaryen 132), raw / gzip",
            format!(
                "{} / {}",
                megabytes(ui.wasm.raw_bytes),
                megabytes(ui.wasm.gzip_bytes)
            ),
            format!(
                "bare window {} / {}",
                megabytes(bare_ui.wasm.raw_bytes),
                megabytes(bare_ui.wasm.gzip_bytes)
            ),
            "≤ 1.5 MB wasm",
        )
        .with_ratio(ui.wasm.raw_bytes as f64, bare_ui.wasm.raw_bytes as f64),
    );
    rows.push(
        Row::measured(
            "Bundle: release JS glue, raw / gzip",
            format!(
                "{} / {}",
                megabytes(ui.js.raw_bytes),
                megabytes(ui.js.gzip_bytes)
            ),
            format!(
                "bare window {} / {}",
                megabytes(bare_ui.js.raw_bytes),
                megabytes(bare_ui.js.gzip_bytes)
            ),
            "—",
        )
        .with_ratio(ui.js.raw_bytes as f64, bare_ui.js.raw_bytes as f64),
    );

    rows.push(compare_row(options.compare_ms.as_deref())?);
    eprintln!("bench: exporting a 2,000-object tenant through the rate limit");
    let export_run = export::measure(&options.gatehouse).await?;
    rows.push(export::row(&export_run));

    let size = |path: &Path| {
        std::fs::metadata(path)
            .map(|metadata| metadata.len())
            .map_err(|source| BenchError::Read {
                path: path.to_path_buf(),
                source,
            })
    };
    let tuned_size = size(&options.gatehouse)?;
    match (&options.untuned, runs.get(2).and_then(Runs::startup)) {
        (Some(untuned_binary), Some(untuned_startup)) => {
            let untuned_size = size(untuned_binary)?;
            rows.push(
                Row::measured(
                    "Release profile: binary size, tuned (after) vs untuned (before)",
                    megabytes(tuned_size),
                    format!("before {}", megabytes(untuned_size)),
                    "smaller",
                )
                .with_ratio(tuned_size as f64, untuned_size as f64),
            );
            rows.push(
                Row::measured(
                    "Release profile: start-up, tuned (after) vs untuned (before)",
                    spread(&startup, "ms"),
                    format!("before {}", spread(&untuned_startup, "ms")),
                    "no slower",
                )
                .with_ratio(startup.median, untuned_startup.median),
            );
        }
        _ => rows.push(Row::not_measured(
            &format!(
                "Release profile: tuned {} vs untuned",
                megabytes(tuned_size)
            ),
            "smaller, no slower",
            "quick mode builds only the tuned release profile",
        )),
    }

    let machine = machine();
    let mode = if options.quick { "quick" } else { "full" };
    let table = report::markdown(&rows, &machine, mode);
    println!("\n{table}");
    let json = json!({
        "mode": mode,
        "machine": machine,
        "rows": rows,
        "runs": apps.iter().zip(&runs).map(|(app, runs)| json!({
            "app": app.name,
            "startup_ms": runs.startup(),
            "idle_pss_mib": runs.idle_pss_mib(),
            "idle": runs.idle,
        })).collect::<Vec<_>>(),
        "bundle": { "gatehouse": ui, "bare_window": bare_ui },
        "export": json!({
            "elapsed_ms": export_run.elapsed.as_millis(),
            "floor_ms": export_run.floor().as_millis(),
            "objects": export_run.objects,
            "requests": export_run.requests,
            "failed": export_run.failed,
        }),
        "large_list": large.as_ref().ok().map(|(memory, figures)| json!({ "memory": memory, "figures": figures })),
    });
    let write = |name: &str, text: String| {
        let path = options.out.join(name);
        std::fs::write(&path, text).map_err(|source| BenchError::Read { path, source })
    };
    write("report.md", table)?;
    write(
        "report.json",
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    )?;
    eprintln!("bench: wrote {}", options.out.join("report.json").display());
    Ok(())
}

/// Gatehouse on a sandbox holding `rows` OAuth clients more than its demo data: memory with
/// the list open, then the list's own figures.
async fn measure_large_list(
    options: &Options,
    display: &VirtualDisplay,
) -> Result<(MemoryUse, large_list::LargeListFigures), BenchError> {
    eprintln!(
        "bench: seeding a sandbox with {} OAuth clients",
        options.rows
    );
    let (sandbox, total) = sandbox::with_oauth_clients(options.rows).await?;
    let app = AppUnderTest {
        name: "Gatehouse (large list)".to_owned(),
        binary: options.gatehouse.clone(),
        env: sandbox::app_env(&sandbox.base_url(), sandbox.credentials()),
    };
    let window = launch(&app, display).await?;
    window.wait_until_ready(&app.name, READY_TIMEOUT).await?;
    large_list::wait_for_all_rows(&window, total).await?;
    tokio::time::sleep(IDLE_SETTLE).await;
    let memory = window.memory()?;
    let figures = large_list::measure(&window, total).await?;
    window.close().await;
    sandbox.shutdown().await;
    Ok((memory, figures))
}

#[tokio::main]
async fn main() {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("{problem}\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(error) = run(options).await {
        eprintln!("bench: {error}");
        std::process::exit(1);
    }
}
