//! End-to-end: a list of 10,000 objects in the real window stays usable. Only the visible rows
//! are in the page, a search narrows all 10,000 in the app, and a sort reorders them, each
//! while the window keeps answering.

mod window;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use gatehouse_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;
use window::{eventually, scenario, Window};

const BULK: usize = 10_000;

/// How long one interaction may keep the window from answering before it counts as frozen.
/// Generous: WebDriver round trips on a loaded two-core machine take a good part of it.
const FROZEN: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread")]
async fn a_list_of_ten_thousand_objects_searches_and_sorts_without_freezing() {
    scenario(a_list_of_ten_thousand_objects_searches_and_sorts_without_freezing_once).await;
}

async fn a_list_of_ten_thousand_objects_searches_and_sorts_without_freezing_once() {
    let sandbox = Sandbox::start(SandboxConfig {
        bulk: BULK,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let total = sandbox.oauth_clients().len();
    assert!(total > BULK, "{total} clients seeded");

    let window = Window::open(&sandbox).await;
    window.find("main[data-ready='true']").await;
    window.open_resource("oauth-clients").await;
    let all = format!("{total} of {total}");
    window
        .text_is("#row-count", "every client loaded", |text| {
            text.contains(&all)
        })
        .await;
    // The list scrolls inside its table: the page beside it fits the window.
    let overflow = window.page_overflow().await;
    assert_eq!(
        overflow,
        json!([0, 0]),
        "a long list does not lengthen the page"
    );
    let rendered = window.count("tr.resource-row").await;
    println!("e2e: {rendered} of {total} rows rendered");
    assert!(
        (1..=200).contains(&rendered),
        "only the visible rows are in the page, not {rendered}"
    );

    // One search narrows all of them; the window answers within the bound.
    let started = Instant::now();
    window
        .find("#search")
        .await
        .send_keys("helpdesk")
        .await
        .unwrap();
    window
        .text_is("#row-count", "the search result", |text| {
            text.starts_with("1 of ")
        })
        .await;
    let searched = started.elapsed();
    println!("e2e: search over {total} rows answered in {searched:?}");
    assert!(
        searched < FROZEN,
        "the search froze the window for {searched:?}"
    );
    // The rows the match leaves empty stay in the page, hidden, and hold no object.
    let rows = window
        .script(
            "return [...document.querySelectorAll('tr.resource-row')].map(row => \
               [getComputedStyle(row).display === 'none', row.hidden, row.dataset.id ?? null, row.textContent]);",
            vec![],
        )
        .await;
    let rows: Vec<(bool, bool, Option<String>, String)> = serde_json::from_value(rows).unwrap();
    assert_eq!(rows.len(), rendered, "the search keeps the rendered rows");
    assert!(
        rows.iter().all(|(undrawn, hidden, ..)| undrawn == hidden),
        "a row is drawn exactly when it is not hidden: {rows:?}"
    );
    let (shown, hidden): (Vec<_>, Vec<_>) = rows.iter().partition(|(undrawn, ..)| !undrawn);
    assert_eq!(shown.len(), 1, "one row shows the match: {rows:?}");
    assert!(
        shown[0].2.is_some() && shown[0].3.contains("Helpdesk"),
        "the row showing the match names it: {rows:?}"
    );
    assert!(
        hidden
            .iter()
            .all(|(_, _, id, text)| id.is_none() && text.replace("Copy id", "").trim().is_empty()),
        "a hidden row names no object and holds no text of one: {rows:?}"
    );
    window.screenshots("17-large-list-search").await;

    // Clearing the search and sorting by name reorders all of them.
    window.type_into("#search", "").await;
    window
        .text_is("#row-count", "the full list again", |text| {
            text.contains(&all)
        })
        .await;
    let mut names: Vec<String> = sandbox
        .oauth_clients()
        .iter()
        .filter_map(|client| client["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    let started = Instant::now();
    window.click("th[data-column='name'] button.sort").await;
    let first_row = |expected: String| {
        let window = &window;
        async move {
            let deadline = Instant::now() + window::WAIT;
            loop {
                let first = window.text_content("tr.resource-row td").await;
                if first.starts_with(&expected) {
                    return;
                }
                assert!(Instant::now() < deadline, "{expected} first, not {first}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    first_row(names[0].clone()).await;
    let sorted = started.elapsed();
    println!("e2e: sort of {total} rows answered in {sorted:?}");
    assert!(sorted < FROZEN, "the sort froze the window for {sorted:?}");
    window.click("th[data-column='name'] button.sort").await;
    first_row(names[names.len() - 1].clone()).await;
    window.screenshots("18-large-list").await;

    // A rendered row is rewritten cell by cell, only where the text changed: after the search,
    // its clearing and two sorts, each row still shows one object whole.
    let name_of: HashMap<String, String> = sandbox
        .oauth_clients()
        .iter()
        .filter_map(|client| {
            Some((
                client["id"].as_str()?.to_owned(),
                client["name"].as_str()?.to_owned(),
            ))
        })
        .collect();
    let shown = window
        .script(
            "const columns = [...document.querySelectorAll('th[data-column]')].map(th => th.dataset.column); \
             return [...document.querySelectorAll('tr.resource-row:not([hidden])')].map(row => { \
               const cells = [...row.cells].map(cell => cell.textContent); \
               return [row.dataset.id, cells[columns.indexOf('id')], cells[columns.indexOf('name')]]; });",
            vec![],
        )
        .await;
    let shown: Vec<(String, String, String)> = serde_json::from_value(shown).unwrap();
    assert!(shown.len() > 10, "{} rows rendered", shown.len());
    for (id, id_cell, name_cell) in &shown {
        assert_eq!(id_cell, id, "the row of {id} shows another id");
        assert_eq!(
            Some(name_cell),
            name_of.get(id),
            "the row of {id} shows another name"
        );
    }

    // A cell whose text is cut short shows it whole as a tooltip when the pointer is over it.
    let tooltip = window
        .script(
            "const column = [...document.querySelectorAll('th[data-column]')].findIndex(th => th.dataset.column === 'id'); \
             const cell = document.querySelector('tr.resource-row').cells[column]; \
             cell.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })); \
             return [cell.scrollWidth > cell.clientWidth, cell.getAttribute('title'), cell.textContent];",
            vec![],
        )
        .await;
    assert_eq!(
        tooltip[0],
        json!(true),
        "an id is cut short in its column: {tooltip}"
    );
    assert_eq!(tooltip[1], tooltip[2], "the cut-short id is its tooltip");

    // Keyboard focus stays with the object, not with the reused row: scrolled a few rows, the
    // focus follows the object to the row now showing it; scrolled far, it leaves the rows.
    let picked = window
        .script(
            "const row = document.querySelectorAll('tr.resource-row')[10]; row.focus();              return row.dataset.id;",
            vec![],
        )
        .await;
    let scroll = "const table = document.querySelector('.table-scroll');                   table.scrollTop = arguments[0] * document.querySelector('tr.resource-row').offsetHeight;";
    let focus = "const rows = [...document.querySelectorAll('tr.resource-row')];                  const active = document.activeElement;                  return [active.dataset.id ?? null, rows.indexOf(active), rows[10].dataset.id];";
    window.script(scroll, vec![json!(8)]).await;
    eventually("the focus to follow its object to another row", || async {
        let now = window.script(focus, vec![]).await;
        now[2] != picked && now[0] == picked && now[1] != json!(-1)
    })
    .await;
    window.script(scroll, vec![json!(5_000)]).await;
    eventually("the focus to leave the rows with its object", || async {
        let now = window.script(focus, vec![]).await;
        now[1] == json!(-1) && now[2] != picked
    })
    .await;

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}
