//! A list of many objects in the real window: how soon its first rows show once the data has
//! arrived, and how long a search keystroke or a sort takes to reach the screen.
//!
//! The page is instrumented from WebDriver, never from the app's code: Tauri's internal
//! `invoke` bridge is wrapped to stamp when `resource_list` answers, and "on screen" is the first
//! frame after the change (a timer queued from `requestAnimationFrame` runs once that frame
//! is painted).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde::Serialize;
use serde_json::Value;

use crate::stats::Summary;
use crate::window::Launched;
use crate::BenchError;

/// The selectors of Gatehouse's UI this measurement relies on.
const NAV_LIST: &str = "#nav-oauth-clients";
const NAV_AWAY: &str = "#nav-profiles";
const PAGE_AWAY: &str = "#page-profiles";
const SEARCH: &str = "#search";
const ROW_COUNT: &str = "#row-count";
const SORT_BUTTON: &str = "th[data-column] button.sort";
const WAIT: Duration = Duration::from_secs(60);
/// WebDriver's code for the Backspace key.
const BACKSPACE: &str = "\u{E003}";

const HOOKS: &str = r#"
const bench = window.__benchList = window.__benchList || {};
if (!bench.hooked) {
  bench.hooked = true;
  const afterPaint = (then) => requestAnimationFrame(() => setTimeout(then, 0));
  // `__TAURI__.core.invoke` is frozen; it calls `__TAURI_INTERNALS__.invoke` at each use.
  const internals = window.__TAURI_INTERNALS__;
  const invoke = internals.invoke;
  const stamped = (command, args, options) => {
    const reply = invoke.call(internals, command, args, options);
    if (command === 'resource_list') reply.then(() => { bench.dataAt = performance.now(); }, () => {});
    return reply;
  };
  try { Object.defineProperty(internals, 'invoke', { value: stamped, writable: true, configurable: true }); } catch (_) {}
  bench.bridgeWrapped = internals.invoke === stamped;
  document.addEventListener('click', () => {
    bench.clickAt = performance.now();
    afterPaint(() => { bench.clickPainted = performance.now(); });
  }, true);
  document.addEventListener('keydown', () => { bench.keyAt = performance.now(); }, true);
  document.addEventListener('input', () => {
    afterPaint(() => { bench.keyPainted = performance.now(); });
  }, true);
  new MutationObserver(() => {
    if (bench.awaitingRows && document.querySelector('tr.resource-row')) {
      bench.awaitingRows = false;
      afterPaint(() => { bench.rowsPainted = performance.now(); });
    }
  }).observe(document.body, { subtree: true, childList: true });
}
return bench.bridgeWrapped;
"#;

#[derive(Debug, Clone, Serialize)]
pub struct LargeListFigures {
    pub rows: usize,
    /// From `resource_list` answering to its first rows on screen, ms.
    pub first_rows_after_data_ms: Option<f64>,
    /// From the click in the navigation to the first rows on screen, ms.
    pub first_rows_after_click_ms: f64,
    pub search_keystroke_ms: Summary,
    pub sort_ms: Summary,
}

/// Waits until `expression` (a script's return value) is a number, and returns it.
async fn number(window: &Launched, what: &str, expression: &str) -> Result<f64, BenchError> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Value::Number(value) = window
            .execute(what, &format!("return {expression};"))
            .await?
        {
            return Ok(value.as_f64().unwrap_or_default());
        }
        if Instant::now() > deadline {
            return Err(BenchError::Timeout {
                what: what.to_owned(),
                waited: WAIT,
            });
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn click(window: &Launched, css: &str) -> Result<(), BenchError> {
    let element = find(window, css).await?;
    element
        .click()
        .await
        .map_err(|source| BenchError::WebDriver {
            doing: format!("clicking {css}"),
            source,
        })
}

async fn find(window: &Launched, css: &str) -> Result<fantoccini::elements::Element, BenchError> {
    window
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .map_err(|source| BenchError::WebDriver {
            doing: format!("waiting for {css}"),
            source,
        })
}

async fn row_count_text(window: &Launched) -> Result<String, BenchError> {
    find(window, ROW_COUNT)
        .await?
        .text()
        .await
        .map_err(|source| BenchError::WebDriver {
            doing: "reading the row count".to_owned(),
            source,
        })
}

/// Waits until the list shows all `rows` objects (its count reads "N of N").
pub async fn wait_for_all_rows(window: &Launched, rows: usize) -> Result<(), BenchError> {
    let expected = format!("{rows} of {rows}");
    let deadline = Instant::now() + WAIT;
    while row_count_text(window).await? != expected {
        if Instant::now() > deadline {
            return Err(BenchError::Timeout {
                what: format!("the list to show {expected}"),
                waited: WAIT,
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Measures the list of `rows` OAuth clients in `window`, which shows Gatehouse on a sandbox
/// holding them.
pub async fn measure(window: &Launched, rows: usize) -> Result<LargeListFigures, BenchError> {
    let bridge_wrapped =
        window.execute("instrumenting the page", HOOKS).await? == Value::Bool(true);

    // Away to a page without object rows, then back: the list loads as when first opened.
    click(window, NAV_AWAY).await?;
    find(window, PAGE_AWAY).await?;
    window
        .execute(
            "resetting the list stamps",
            "Object.assign(window.__benchList, { awaitingRows: true, dataAt: null, rowsPainted: null }); return true;",
        )
        .await?;
    click(window, NAV_LIST).await?;
    let rows_painted = number(window, "the first rows", "window.__benchList.rowsPainted").await?;
    let click_at = number(window, "the click", "window.__benchList.clickAt").await?;
    let data_at = if bridge_wrapped {
        Some(number(window, "the data", "window.__benchList.dataAt").await?)
    } else {
        None
    };
    wait_for_all_rows(window, rows).await?;

    // "9" to "9999" and back: each keystroke narrows or widens the matches (names run
    // bench-client-00000 to -09999), so each one changes the view.
    let search = find(window, SEARCH).await?;
    let mut keystrokes = Vec::new();
    for key in [
        "9", "9", "9", "9", BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE,
    ] {
        let before = row_count_text(window).await?;
        window
            .execute(
                "resetting the key stamps",
                "window.__benchList.keyPainted = null; return true;",
            )
            .await?;
        search
            .send_keys(key)
            .await
            .map_err(|source| BenchError::WebDriver {
                doing: "typing into the search".to_owned(),
                source,
            })?;
        let painted = number(window, "the search update", "window.__benchList.keyPainted").await?;
        let pressed = number(window, "the keystroke", "window.__benchList.keyAt").await?;
        keystrokes.push(painted - pressed);
        if row_count_text(window).await? == before {
            return Err(BenchError::Format {
                path: SEARCH.into(),
                detail: format!(
                    "a keystroke left the row count at {before}: the search did not run"
                ),
            });
        }
    }

    // Ascending, descending, and again: each click sorts every row.
    let mut sorts = Vec::new();
    for _ in 0..4 {
        window
            .execute(
                "resetting the click stamps",
                "window.__benchList.clickPainted = null; return true;",
            )
            .await?;
        click(window, SORT_BUTTON).await?;
        let painted = number(window, "the sorted view", "window.__benchList.clickPainted").await?;
        let clicked = number(window, "the sort click", "window.__benchList.clickAt").await?;
        sorts.push(painted - clicked);
    }

    Ok(LargeListFigures {
        rows,
        first_rows_after_data_ms: data_at.map(|data_at| rows_painted - data_at),
        first_rows_after_click_ms: rows_painted - click_at,
        search_keystroke_ms: Summary::of(&keystrokes).expect("eight keystrokes"),
        sort_ms: Summary::of(&sorts).expect("four sorts"),
    })
}
