//! The page's clock, and named moments of the start-up in its User Timing
//! (`performance.mark`), so the benchmark can tell where the time to the first screen goes.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the first screen is still on its way: marks are made only until then, so a long
/// session's commands do not pile up in the page's timing buffer.
static STARTING: AtomicBool = AtomicBool::new(true);

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|window| window.performance())
}

/// The page's clock, in ms since it loaded.
pub fn now() -> f64 {
    performance().map_or(0.0, |performance| performance.now())
}

/// Marks `name` now, prefixed so the harness finds Gatehouse's own marks.
pub fn mark(name: &str) {
    if !STARTING.load(Ordering::Relaxed) {
        return;
    }
    if let Some(performance) = performance() {
        // A mark is only a measurement: failing to record one changes nothing.
        let _ = performance.mark(&format!("gatehouse:{name}"));
    }
}

/// Marks the first screen ready; no marks are made after it.
pub fn started() {
    mark("ready");
    STARTING.store(false, Ordering::Relaxed);
}
