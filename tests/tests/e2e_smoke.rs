//! Nothing an administrator clicks takes the window down: on both vendors' sandboxes, the
//! header's theme menu, every sidebar entry, and on every page it leads to and on the page of
//! an object of each list, every enabled button and link that can be cancelled or undone is
//! pressed, what it opened is cancelled
//! (a review, a dialog, a confirmation) or left (a page, Back), and after each the window must
//! still answer with no panic in the app's output or in its WebAssembly.

mod window;

use gatehouse_sandbox::{Faults, Sandbox, SandboxConfig};
use gatehouse_tests::app_panics;
use serde_json::{json, Value};
use window::{scenario, StandInBrowser, Window};

/// The fewest controls the walk must press: it fails if pages lose controls it used to reach
/// (or it stops finding them).
const AT_LEAST_PRESSED: usize = 124;

/// Controls that send a write, leave the app or cannot be taken back, by id or class: the
/// confirmations of what the walk opens, writes, file dialogs, sign-ins and connection
/// switches. Everything else in the page is pressed.
const NOT_PRESSED: &[&str] = &[
    "confirm-save",
    "confirm-delete",
    "confirm-remove-specification",
    "confirm-move-aside",
    "confirm-secret-stored",
    "confirm-delete-profile",
    "delete-refused",
    "discard-changes",
    "save-profile",
    "use-profile",
    "import-specification-file",
    "import-specification-text",
    "import-specification-url",
    "review-authentications",
    "download-package",
    "save-document",
    "developer-sign-in",
    "developer-sign-out",
    "create-button",
    "start-export",
    "choose-export-folder",
];

/// Lists the page's pressable controls: enabled buttons and links in the content area, each by
/// a selector that finds it again, less [`NOT_PRESSED`].
const CONTROLS: &str = r#"
const skipped = arguments[0];
const main = document.querySelector('main.content');
const found = [];
const selectorOf = (element) => {
  if (element.id) return '#' + CSS.escape(element.id);
  const path = [];
  for (let node = element; node && node !== main; node = node.parentElement) {
    const index = Array.from(node.parentElement.children).indexOf(node) + 1;
    path.unshift(node.tagName.toLowerCase() + ':nth-child(' + index + ')');
  }
  return 'main.content > ' + path.join(' > ');
};
for (const element of main.querySelectorAll('button, a[href]')) {
  if (element.disabled || element.closest('[role=dialog]')) continue;
  const names = [element.id, ...element.classList];
  if (names.some((name) => skipped.includes(name))) continue;
  // Row links open an object; one per table is enough.
  if (element.closest('tr.resource-row') && element.closest('tr.resource-row').previousElementSibling) continue;
  found.push(selectorOf(element));
}
return found;
"#;

/// Records the WebAssembly's panics (`console_error_panic_hook` reports them on `console.error`).
const WATCH_WASM_PANICS: &str = r#"
if (!window.__gatehousePanics) {
  window.__gatehousePanics = [];
  const original = console.error;
  console.error = function (...args) {
    const text = args.map(String).join(' ');
    if (text.includes('panicked at')) window.__gatehousePanics.push(text);
    return original.apply(this, args);
  };
}
return true;
"#;

/// The app still answers, and neither side of it panicked.
async fn still_answers(window: &Window, after: &str) {
    let answered = window.script("return document.readyState;", vec![]).await;
    assert_eq!(
        answered,
        json!("complete"),
        "the window answers after {after}"
    );
    let wasm = window
        .script("return window.__gatehousePanics || [];", vec![])
        .await;
    assert_eq!(wasm, json!([]), "a WebAssembly panic after {after}");
    assert_eq!(app_panics(), 0, "the app panicked after {after}");
}

/// Closes what a press opened: a review, a dialog (Escape, as its own cancel), a form.
async fn cancel_what_opened(window: &Window) {
    for cancel in [
        "#cancel-save",
        "#cancel-delete",
        "#keep-specification",
        "#stay-on-page",
        "#cancel-profile",
        "#cancel-move-aside",
    ] {
        if window.count(cancel).await > 0 {
            window.click(cancel).await;
        }
    }
    if window.count("[role=dialog]").await > 0 {
        let escape = r#"document.querySelector('[role=dialog]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); return true;"#;
        window.script(escape, vec![]).await;
    }
}

/// Presses every control on the page at `route`, coming back to it after each.
async fn press_everything_on(window: &Window, route: &str) -> usize {
    // Listed once nothing is loading: a button waiting for its data is disabled or not there
    // yet, and the count would depend on the moment.
    window.gone("#progress.busy").await;
    let controls = window.script(CONTROLS, vec![json!(NOT_PRESSED)]).await;
    let controls: Vec<String> = serde_json::from_value(controls).unwrap_or_default();
    let mut pressed = 0;
    for control in &controls {
        if window.path().await != route {
            window.goto(route).await;
        }
        // As when they were listed: a page come back to loads its parts again first.
        window.gone("#progress.busy").await;
        // Controls come and go with what the page shows (a confirmation opened earlier).
        if window.count(control).await == 0 {
            continue;
        }
        eprintln!("e2e smoke: {route} {control}");
        window.click(control).await;
        cancel_what_opened(window).await;
        still_answers(window, &format!("{control} on {route}")).await;
        pressed += 1;
    }
    pressed
}

/// The pages of one vendor: each sidebar entry, and on a list the page of its first object.
async fn walk_the_pages(window: &Window) -> (usize, usize) {
    let entries: Vec<String> = serde_json::from_value(
        window
            .script(
                "return Array.from(document.querySelectorAll('nav.sidebar a[id^=nav-]')).map((a) => a.id);",
                vec![],
            )
            .await,
    )
    .unwrap();
    let (mut pressed, mut pages) = (0, 0);
    for entry in entries {
        window.click(&format!("#{entry}")).await;
        window.find("main[data-ready='true']").await;
        still_answers(window, &entry).await;
        let route = window.path().await;
        pressed += 1 + press_everything_on(window, &route).await;
        pages += 1;
        window.goto(&route).await;
        if window.count("tr.resource-row").await > 0 {
            window.click("tr.resource-row").await;
            window.find("#page-object").await;
            let object = window.path().await;
            pressed += press_everything_on(window, &object).await;
            pages += 1;
        }
    }
    (pressed, pages)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_control_an_administrator_can_take_back_is_pressed_without_a_panic() {
    scenario(every_control_is_pressed_once).await;
}

async fn every_control_is_pressed_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    // The walk presses far faster than an administrator clicks.
    sandbox.set_faults(Faults::default());
    let browser = StandInBrowser::install();
    let window = Window::open_with(&sandbox, |_| {}, &[("PATH", &browser.path())]).await;
    window.find("main[data-ready='true']").await;
    let watching: Value = window.script(WATCH_WASM_PANICS, vec![]).await;
    assert_eq!(watching, json!(true));

    // The header's menu: each theme, then back to the one the window started with.
    for theme in ["dark", "light", "system"] {
        window.theme(theme).await;
        still_answers(&window, &format!("the {theme} theme")).await;
    }
    let (mut pressed, mut pages) = walk_the_pages(&window).await;
    pressed += 3;
    window
        .choose("#profile-switcher", "sandbox-cloudentity")
        .await;
    window
        .text_is("#active-connection", "the switch", |text| {
            text.contains("Cloudentity")
        })
        .await;
    let (more, more_pages) = walk_the_pages(&window).await;
    pressed += more;
    pages += more_pages;

    println!("e2e: {pressed} controls pressed on {pages} pages, 0 panics");
    assert!(
        pressed >= AT_LEAST_PRESSED,
        "{pressed} controls pressed, fewer than {AT_LEAST_PRESSED}: pages lost controls"
    );
    assert_eq!(app_panics(), 0);

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}
