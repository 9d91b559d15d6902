//! A list of many objects in the real window: how soon its first rows show once the data has
//! arrived, and how long a search keystroke or a sort takes to reach the screen.
//!
//! The page is instrumented from WebDriver: the app itself only stamps on its table, as
//! `data-arrived-at`, the `performance.now()` at which the list's data reached the page, and
//! "on screen" is the first frame after the change (a timer queued from
//! `requestAnimationFrame` runs once that frame is painted).

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
  document.addEventListener('click', () => {
    bench.clickAt = performance.now();
    afterPaint(() => {
      bench.clickPainted = performance.now();
      bench.clickFrameSort = document.querySelector('th[data-column]').getAttribute('aria-sort');
    });
  }, true);
  document.addEventListener('keydown', () => { bench.keyAt = performance.now(); }, true);
  document.addEventListener('input', () => {
    afterPaint(() => {
      bench.keyPainted = performance.now();
      bench.keyFrameCount = document.querySelector('#row-count').textContent;
    });
  }, true);
  new MutationObserver(() => {
    if (bench.awaitingRows && document.querySelector('tr.resource-row')) {
      bench.awaitingRows = false;
      afterPaint(() => { bench.rowsPainted = performance.now(); });
    }
  }).observe(document.body, { subtree: true, childList: true });
}
return true;
"#;

/// In the page: the ms from changing one line of text (in an element of the harness's own) to
/// the next painted frame, the least any update of the view waits for in this window.
const ONE_TEXT_CHANGE: &str = r#"
const done = arguments[arguments.length - 1];
let line = document.getElementById('bench-one-line');
if (!line) {
  line = document.createElement('div');
  line.id = 'bench-one-line';
  line.style.cssText = 'position: fixed; left: 0; bottom: 0; font-size: 10px;';
  document.body.appendChild(line);
}
requestAnimationFrame(() => setTimeout(() => {
  const changed = performance.now();
  line.textContent = String(changed);
  requestAnimationFrame(() => setTimeout(() => done(performance.now() - changed), 0));
}, 0));
"#;

#[derive(Debug, Clone, Serialize)]
pub struct LargeListFigures {
    pub rows: usize,
    /// From the list's data reaching the page to its first rows on screen, ms.
    pub first_rows_after_data_ms: f64,
    /// From the click in the navigation to the first rows on screen, ms.
    pub first_rows_after_click_ms: f64,
    pub search_keystroke_ms: Summary,
    pub sort_ms: Summary,
    /// One line of text changed to the next painted frame, in the same window: the floor of
    /// the search and sort figures.
    pub one_text_change_ms: Summary,
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
    window.execute("instrumenting the page", HOOKS).await?;

    // Away to a page without object rows, then back: the list loads as when first opened.
    click(window, NAV_AWAY).await?;
    find(window, PAGE_AWAY).await?;
    window
        .execute(
            "resetting the list stamps",
            "Object.assign(window.__benchList, { awaitingRows: true, rowsPainted: null }); return true;",
        )
        .await?;
    click(window, NAV_LIST).await?;
    let rows_painted = number(window, "the first rows", "window.__benchList.rowsPainted").await?;
    let click_at = number(window, "the click", "window.__benchList.clickAt").await?;
    let data_at = number(
        window,
        "the data's arrival",
        "Number(document.querySelector('#resource-table').dataset.arrivedAt)",
    )
    .await?;
    wait_for_all_rows(window, rows).await?;

    // "9" to "9999" and back: each keystroke narrows or widens the matches (names run
    // "Generated client 00001" to "… 10000"), so each one changes the view.
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
        // The painted frame must already show the new count, or the figure is too low.
        let shown = window
            .execute(
                "reading the frame's row count",
                "return window.__benchList.keyFrameCount;",
            )
            .await?;
        if shown == Value::String(before.clone()) {
            return Err(BenchError::Format {
                path: SEARCH.into(),
                detail: format!(
                    "the frame after a keystroke still read {before}: the search was not on screen"
                ),
            });
        }
    }

    // Ascending, descending, and again: each click sorts every row.
    let mut sorts = Vec::new();
    for expected in ["ascending", "descending", "ascending", "descending"] {
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
        let shown = window
            .execute(
                "reading the frame's sort",
                "return window.__benchList.clickFrameSort;",
            )
            .await?;
        if shown != Value::String(expected.to_owned()) {
            return Err(BenchError::Format {
                path: SORT_BUTTON.into(),
                detail: format!("the frame after a sort click showed {shown}, not {expected}"),
            });
        }
    }

    let mut one_text_changes = Vec::new();
    for _ in 0..8 {
        let waited = window
            .client
            .execute_async(ONE_TEXT_CHANGE, vec![])
            .await
            .map_err(|source| BenchError::WebDriver {
                doing: "changing one line of text".to_owned(),
                source,
            })?;
        one_text_changes.push(waited.as_f64().unwrap_or_default());
    }

    Ok(LargeListFigures {
        rows,
        first_rows_after_data_ms: rows_painted - data_at,
        first_rows_after_click_ms: rows_painted - click_at,
        search_keystroke_ms: Summary::of(&keystrokes).expect("eight keystrokes"),
        sort_ms: Summary::of(&sorts).expect("four sorts"),
        one_text_change_ms: Summary::of(&one_text_changes).expect("eight changes"),
    })
}
