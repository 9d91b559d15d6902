//! End-to-end: what the shell lets the page do, in the real window. The page may call the
//! app's own commands and no other command of Tauri's, its CSP holds, and it cannot leave the
//! app: a web link goes to the system browser (here a stand-in that records what it was given).

mod window;

use gatehouse_sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};
use window::{eventually, scenario, StandInBrowser, Window};

/// Invokes `command` from the page as any script there could; its answer or its refusal.
async fn invoke(window: &Window, command: &str, args: Value) -> Result<Value, String> {
    let script = "const [command, args, done] = arguments; \
                  window.__TAURI_INTERNALS__.invoke(command, args).then( \
                    value => done({ ok: value ?? null }), \
                    error => done({ refused: String(error) }));";
    let outcome = window
        .bounded(
            command,
            window
                .client
                .execute_async(script, vec![json!(command), args]),
        )
        .await
        .expect("the script runs");
    match outcome.get("ok") {
        Some(value) => Ok(value.clone()),
        None => Err(outcome["refused"].as_str().unwrap_or_default().to_owned()),
    }
}

async fn core_commands_the_app_does_not_use_are_refused(window: &Window) {
    for (command, args) in [
        (
            "plugin:window|set_title",
            json!({ "label": "main", "value": "x" }),
        ),
        ("plugin:app|version", json!({})),
        ("plugin:webview|print", json!({ "label": "main" })),
        // The clipboard plugin is registered for the shell's own use, not the page's.
        ("plugin:clipboard-manager|read_text", json!({})),
    ] {
        let refusal = invoke(window, command, args)
            .await
            .expect_err(&format!("{command} is refused"));
        assert!(
            refusal.contains("not allowed"),
            "{command} refused for want of permission: {refusal}"
        );
    }
}

async fn the_app_commands_and_the_close_guard_are_allowed(window: &Window) {
    // The unsaved-edits guard listens for the close request, as the UI does at start-up.
    let listening = window
        .bounded(
            "a close-request listener",
            window.client.execute_async(
                "const done = arguments[0]; \
                 window.__TAURI__.window.getCurrentWindow().onCloseRequested(() => {}) \
                   .then(() => done('listening'), error => done(String(error)));",
                vec![],
            ),
        )
        .await
        .expect("the script runs");
    assert_eq!(listening, json!("listening"));
    // Every command takes its request as the one argument `request`.
    let profiles = invoke(window, "list_profiles", json!({"request": {}}))
        .await
        .expect("list_profiles answers");
    assert!(
        profiles
            .as_array()
            .is_some_and(|profiles| !profiles.is_empty()),
        "the built-in sandbox connections are listed: {profiles}"
    );
}

async fn the_csp_ignores_base_elements_and_refuses_forms_sent_elsewhere(window: &Window) {
    let base_uri = window
        .script(
            "const base = document.createElement('base'); \
             base.href = 'https://example.invalid/'; \
             document.head.appendChild(base); \
             const uri = document.baseURI; base.remove(); return uri;",
            vec![],
        )
        .await;
    assert!(
        base_uri
            .as_str()
            .is_some_and(|uri| uri.starts_with("tauri://localhost")),
        "a <base> element does not move the page's base: {base_uri}"
    );
    // Refused by the CSP before any navigation starts: the browser stand-in never sees it.
    let violated = window
        .bounded(
            "the CSP refusing a form sent elsewhere",
            window.client.execute_async(
                "const done = arguments[0]; \
                 document.addEventListener('securitypolicyviolation', \
                   event => done(event.effectiveDirective), { once: true }); \
                 const form = document.createElement('form'); \
                 form.method = 'get'; form.action = 'https://example.invalid/form'; \
                 document.body.appendChild(form); form.submit(); form.remove();",
                vec![],
            ),
        )
        .await
        .expect("the form is refused");
    assert_eq!(violated, json!("form-action"));
}

async fn navigation_away_is_refused_and_web_links_open_in_the_browser(
    window: &Window,
    browser: &StandInBrowser,
) {
    let navigate = "window.location.href = arguments[0];";
    // Decided in order: once the web link has reached the browser, the file link before it
    // has been decided too.
    window
        .script(navigate, vec![json!("file:///etc/hostname")])
        .await;
    window
        .script(navigate, vec![json!("https://example.invalid/")])
        .await;
    eventually("the link to reach the system browser", || async {
        browser.opened() == ["https://example.invalid/"]
    })
    .await;
    let url = window
        .bounded("the url", window.client.current_url())
        .await
        .expect("the window's url");
    assert_eq!(
        (url.scheme(), url.host_str()),
        ("tauri", Some("localhost")),
        "the window stayed on the app: {url}"
    );
    window.find("main[data-ready='true']").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_reaches_only_the_app_commands_and_never_leaves_the_app() {
    scenario(the_page_reaches_only_the_app_commands_and_never_leaves_the_app_once).await;
}

async fn the_page_reaches_only_the_app_commands_and_never_leaves_the_app_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let browser = StandInBrowser::install();
    let path = browser.path();
    let window = Window::open_with(&sandbox, |_| {}, &[("PATH", &path)]).await;
    window.find("main[data-ready='true']").await;

    core_commands_the_app_does_not_use_are_refused(&window).await;
    the_app_commands_and_the_close_guard_are_allowed(&window).await;
    the_csp_ignores_base_elements_and_refuses_forms_sent_elsewhere(&window).await;
    navigation_away_is_refused_and_web_links_open_in_the_browser(&window, &browser).await;

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}
