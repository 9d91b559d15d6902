//! Settings for the window's JavaScript engine. WebKitGTK's web process inherits the app's
//! environment, where JavaScriptCore reads its options (`JSC_<name>`); other platforms' web
//! views ignore them.

/// When JavaScriptCore compiles a wasm function instead of interpreting it: a count that grows by
/// 15 per call and by 1 per loop turn (defaults 150 and 50). At the defaults, the hundreds of
/// functions that build the first screen, each run a few times, are queued for compilation
/// during start-up, and on a two-core machine those compiles take the time the first screen
/// needs: from the wasm's start to the first screen took 43–48 ms, 23–25 ms with this (medians
/// of 9 starts each). The functions that run hot afterwards, the loops over a large list above
/// all, still cross this count within their first few thousand turns: search and sort over
/// 10,000 rows measured the same.
const WASM_COMPILE_AFTER: [(&str, &str); 2] = [
    ("JSC_thresholdForBBQOptimizeAfterWarmUp", "5000"),
    ("JSC_thresholdForBBQOptimizeSoon", "5000"),
];

/// Sets the engine options the user's environment does not set already. Call it before any
/// thread starts: the environment is process-wide.
pub fn tune() {
    for (name, value) in WASM_COMPILE_AFTER {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_the_user_set_is_kept_and_the_others_are_set() {
        let (kept, set) = (WASM_COMPILE_AFTER[0].0, WASM_COMPILE_AFTER[1].0);
        std::env::set_var(kept, "150");
        std::env::remove_var(set);
        tune();
        assert_eq!(std::env::var(kept).unwrap(), "150");
        assert_eq!(std::env::var(set).unwrap(), WASM_COMPILE_AFTER[1].1);
    }
}
