//! End-to-end: the real built app in a real window (tauri-driver + WebKitWebDriver under Xvfb),
//! talking to a sandbox this test owns, so the test can check what actually arrived. One app
//! session walks every SailPoint resource as an administrator would; screenshots of each main
//! screen, light and dark, land in `target/e2e-artifacts/`.

mod window;

use std::time::Duration;

use gatehouse_core::{SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT};
use gatehouse_sandbox::{Faults, RateLimit, Sandbox, SandboxConfig};
use gatehouse_tests::sailpoint_client;
use gatehouse_wire::catalog::RESOURCES;
use gatehouse_wire::registry::{list_route, reach};
use gatehouse_wire::{Vendor, Verb};
use serde_json::{json, Value};
use window::{eventually, scenario, writes, writes_reach, Window, CLIPBOARD_CLEAR_SECONDS};

fn named(items: Vec<Value>, name: &str) -> Value {
    items
        .into_iter()
        .find(|item| item["name"] == json!(name))
        .unwrap_or_else(|| panic!("no object named {name}"))
}

fn row(id: &str) -> String {
    format!("tr.resource-row[data-id='{id}']")
}

/// index.html draws a frame while the WebAssembly loads; the app's frame replaces it (one top
/// bar, no start-up frame left), and nothing on the first screen widens or lengthens the page
/// past the window (a long connection name in the switcher once did).
async fn the_first_screen_replaces_the_start_up_frame_and_fits_the_window(window: &Window) {
    assert_eq!(window.count("#boot").await, 0, "the start-up frame is gone");
    assert_eq!(window.count("header.topbar").await, 1, "one top bar");
    let overflow = window.page_overflow().await;
    assert_eq!(overflow, json!([0, 0]), "the first screen fits the window");
}

/// The window opens at `/` and starts at the active connection's first screen, under that
/// screen's own address with its sidebar entry marked current; the brand link leads back there.
async fn the_window_starts_at_the_first_list_and_the_brand_leads_back_to_it(window: &Window) {
    let first = RESOURCES
        .iter()
        .find(|description| description.vendor == Vendor::SailPoint && description.on_screen)
        .expect("SailPoint has screens");
    let path = || async {
        window
            .script("return window.location.pathname;", vec![])
            .await
    };
    window.find(&format!("#page-{}", first.key)).await;
    assert_eq!(
        path().await,
        json!(list_route(first.key)),
        "the first screen's own address"
    );
    window
        .find(&format!("#nav-{}[aria-current='page']", first.key))
        .await;

    window.click("#nav-profiles").await;
    window.find("#page-profiles").await;
    window.click("header.topbar a.brand").await;
    window.find(&format!("#page-{}", first.key)).await;
    assert_eq!(
        path().await,
        json!(list_route(first.key)),
        "the brand leads to it"
    );
}

/// Every SailPoint operation the registry names is triggered by an element on its screen.
async fn every_operation_has_its_element_on_screen(window: &Window, sandbox: &Sandbox) {
    let mut found = 0;
    let mut total = 0;
    for description in RESOURCES
        .iter()
        .filter(|description| description.vendor == Vendor::SailPoint && description.on_screen)
    {
        // A singleton's create is offered only while there is none: checked last, it leaves
        // the tenant without one for the scenarios below.
        let mut operations: Vec<_> = description.operations.iter().collect();
        operations.sort_by_key(|operation| operation.verb == Verb::Create);
        for operation in operations {
            let reach = reach(description, operation.name).expect("on screen");
            eprintln!("e2e walk: {} via {}", operation.name, reach.screen.element);
            total += 1;
            if description.is_singleton() && operation.verb == Verb::Create {
                // Offered only while the tenant has none, as on a fresh tenant.
                sandbox.remove_password_org_config();
                window.open_resource(description.key).await;
                window.click("#reload-button").await;
            }
            window.open_resource(description.key).await;
            if reach.screen.route.ends_with("/:id") {
                // An object's page: open the first object, from its list or by lookup.
                if window.count("#lookup-form").await > 0 {
                    window.click("#lookup-me").await;
                } else {
                    window.click("tr.resource-row").await;
                }
                window.find("#resource-form").await;
            }
            window.find(reach.screen.element).await;
            found += 1;
        }
    }
    println!("e2e: {found}/{total} SailPoint operations have their element on screen");
    assert_eq!((found, total), (14, 14));
    assert!(
        writes(sandbox, "/beta").is_empty() && writes(sandbox, "/v3").is_empty(),
        "looking around sends nothing"
    );
}

async fn oauth_client_list_search_and_edit_with_review(window: &Window, sandbox: &Sandbox) {
    window.open_resource("oauth-clients").await;
    window
        .text_is("#row-count", "both demo clients", |text| text.contains('2'))
        .await;
    window.screenshots("01-oauth-clients").await;
    window.type_into("#search", "helpdesk").await;
    eventually("the search to narrow the list", || async {
        window.count("tr.resource-row:not([hidden])").await == 1
    })
    .await;
    window.type_into("#search", "").await;

    let export = named(sandbox.oauth_clients(), "Nightly identity export");
    let id = export["id"].as_str().unwrap().to_owned();
    window.click(&row(&id)).await;
    window.find("#resource-form").await;
    eventually("the loaded name", || async {
        window.value("#field-name").await == "Nightly identity export"
    })
    .await;
    window.screenshots("02-oauth-client-details").await;
    window
        .type_into("#field-name", "Nightly export (renamed)")
        .await;
    window
        .type_into(
            "#field-redirectUris",
            "https://reports.acme.example/callback",
        )
        .await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    let planned = window.text("#planned-request").await;
    assert!(
        planned.contains("PATCH") && planned.contains("/redirectUris"),
        "the review shows the exact patch: {planned}"
    );
    assert!(
        writes(sandbox, "/beta/oauth-clients").is_empty(),
        "nothing sent before confirming"
    );
    window.screenshots("03-oauth-client-review").await;
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/beta/oauth-clients", 1).await;
    let sent = writes(sandbox, "/beta/oauth-clients");
    assert_eq!(
        sent[0].body,
        Some(json!([
            {"op": "replace", "path": "/name", "value": "Nightly export (renamed)"},
            {"op": "replace", "path": "/redirectUris", "value": ["https://reports.acme.example/callback"]}
        ])),
        "exactly two replace operations"
    );
    window.find(".toast").await;
}

async fn a_conflicting_server_change_is_shown_and_not_overwritten(
    window: &Window,
    sandbox: &Sandbox,
) {
    let helpdesk = named(sandbox.oauth_clients(), "Helpdesk portal");
    let id = helpdesk["id"].as_str().unwrap().to_owned();
    window.open_resource("oauth-clients").await;
    window.click(&row(&id)).await;
    eventually("the loaded description", || async {
        !window.value("#field-description").await.is_empty()
    })
    .await;
    window
        .type_into("#field-description", "Edited in Gatehouse")
        .await;

    // A colleague renames it meanwhile.
    let mut theirs = helpdesk.clone();
    theirs["name"] = json!("Helpdesk portal (colleague)");
    sailpoint_client(sandbox, &sandbox.credentials().sailpoint_client_secret)
        .resource(&gatehouse_wire::catalog::OAUTH_CLIENTS)
        .update(Some(&id), &helpdesk, &theirs)
        .await
        .unwrap();
    let before = writes(sandbox, "/beta/oauth-clients").len();

    window.click("#save-button").await;
    window.click("#confirm-save").await;
    window.find("#conflict").await;
    assert!(window.count("tr.conflict-row").await >= 2);
    let conflict = window.text("#conflict").await;
    assert!(
        conflict.contains("Helpdesk portal (colleague)"),
        "{conflict}"
    );
    assert_eq!(
        writes(sandbox, "/beta/oauth-clients").len(),
        before,
        "nothing is sent on a conflict"
    );
    window.screenshots("04-conflict").await;

    // Back to editing keeps the edit and sends nothing; saving again meets the same conflict.
    window.click("#cancel-conflict").await;
    window.gone("#conflict").await;
    assert_eq!(
        window.value("#field-description").await,
        "Edited in Gatehouse"
    );
    window.click("#save-button").await;
    window.click("#confirm-save").await;
    window.find("#conflict").await;
    assert_eq!(writes(sandbox, "/beta/oauth-clients").len(), before);

    window.click("#rebase-button").await;
    window.click("#save-button").await;
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/beta/oauth-clients", before + 1).await;
    // The window has taken the answer (the form is no longer unsaved) before the next step
    // leaves the page.
    window
        .text_is(".toast", "the save confirmed", |text| {
            text.contains("Saved Helpdesk portal (colleague)")
        })
        .await;
    let stored = named(sandbox.oauth_clients(), "Helpdesk portal (colleague)");
    assert_eq!(
        stored["description"],
        json!("Edited in Gatehouse"),
        "mine, on theirs"
    );
}

async fn a_new_oauth_client_is_created_shown_once_and_deleted(window: &Window, sandbox: &Sandbox) {
    window.open_resource("oauth-clients").await;
    window.click("#new-object").await;
    window.find("#resource-form").await;
    window.type_into("#field-name", "Reporting job").await;
    window
        .type_into("#field-description", "Reads reports")
        .await;
    window
        .type_into("#field-accessTokenValiditySeconds", "900")
        .await;
    window
        .click("input.choice[data-field='grantTypes'][value='CLIENT_CREDENTIALS']")
        .await;
    window.choose("#field-accessType", "OFFLINE").await;
    window.click("#field-enabled").await;
    window.screenshots("05-oauth-client-new").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    window.find("#secret-dialog").await;
    let secret = window.value("#secret-value").await;
    assert_eq!(secret.len(), 64, "the vendor's secret, once");
    window.screenshots("06-one-time-secret").await;
    // Shown in clear on demand, and hidden again.
    window.find("#secret-value[type='password']").await;
    window.click("#reveal-secret").await;
    window.find("#secret-value[type='text']").await;
    window.click("#reveal-secret").await;
    window.find("#secret-value[type='password']").await;
    // Closing asks first; "Not yet" keeps the dialog and its secret.
    window.click("#close-secret-dialog").await;
    window.click("#keep-secret-open").await;
    window.gone("#confirm-secret-stored").await;
    assert_eq!(window.value("#secret-value").await, secret);
    window.click("#close-secret-dialog").await;
    window.click("#confirm-secret-stored").await;
    window.gone("#secret-dialog").await;
    let created = named(sandbox.oauth_clients(), "Reporting job");
    assert!(window
        .client
        .source()
        .await
        .unwrap()
        .find(&secret)
        .is_none());

    window.find("#delete-button").await;
    window.click("#delete-button").await;
    let question = window.text("#confirm-delete-dialog").await;
    assert!(
        question.contains("Reporting job"),
        "names the object: {question}"
    );
    window.screenshots("07-confirm-delete").await;
    window.click("#confirm-delete").await;
    eventually("the client to be deleted", || async {
        sandbox
            .oauth_clients()
            .iter()
            .all(|client| client["id"] != created["id"])
    })
    .await;
}

/// Copy once aborted the whole app (a synchronous command spawning on a thread with no
/// runtime): pressed here in the real window, the secret reaches the X clipboard, the dialog
/// says when it goes, and it is gone from the clipboard after that delay.
async fn the_copy_button_puts_the_secret_on_the_clipboard_and_takes_it_off_again(
    window: &Window,
    secret: &str,
) {
    window.click("#copy-secret").await;
    let confirmation = format!("clears it from the clipboard in {CLIPBOARD_CLEAR_SECONDS} s");
    window
        .text_is("#copy-note", "the copy confirmed", |text| {
            text.contains(&confirmation)
        })
        .await;
    // Within the delay: the clipboard holds the secret (what it held instead, if not).
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(8);
    loop {
        let held = window.clipboard().await;
        if held.as_deref() == Some(secret) {
            break;
        }
        let held = held.map(|text| format!("{} characters", text.len()));
        assert!(
            tokio::time::Instant::now() < deadline,
            "the clipboard never held the secret; last it held {held:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    eventually("the clipboard cleared", || async {
        window.clipboard().await.as_deref() != Some(secret)
    })
    .await;
    // The window still answers, and the dialog with the secret is still there.
    assert_eq!(window.value("#secret-value").await, secret);
}

async fn a_new_tokens_secret_appears_once_and_nowhere_after(window: &Window, sandbox: &Sandbox) {
    window.open_resource("personal-access-tokens").await;
    window.screenshots("08-personal-access-tokens").await;
    window.click("#new-object").await;
    window.type_into("#field-name", "Deploy bot").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    window.find("#secret-dialog").await;
    let secret = window.value("#secret-value").await;
    assert!(!secret.is_empty());
    the_copy_button_puts_the_secret_on_the_clipboard_and_takes_it_off_again(window, &secret).await;
    window.click("#test-secret").await;
    window
        .text_is("#secret-test-result", "a token fetched with it", |text| {
            text.starts_with("It works: ") && text.contains("/oauth/token gave a token")
        })
        .await;
    // Saved as a connection straight from the dialog: with no keychain, for this run only.
    window.click("#save-as-connection").await;
    window
        .type_into("#secret-connection-name", "Deploy bot connection")
        .await;
    window.click("#confirm-save-connection").await;
    window.click("#save-connection-session-only").await;
    window
        .text_is(".toast", "the connection saved", |text| {
            text.contains("Deploy bot connection")
        })
        .await;

    window.click("#close-secret-dialog").await;
    window.click("#confirm-secret-stored").await;
    window.gone("#secret-dialog").await;

    // Not in the details, not in the list, not in the app's files.
    window.find("#resource-form").await;
    assert!(!window.source().await.contains(&secret));
    window.open_resource("personal-access-tokens").await;
    window
        .text_is("#row-count", "the new token listed", |text| {
            text.contains('3')
        })
        .await;
    assert!(!window.source().await.contains(&secret));
    for entry in walk(window.config_home.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&secret),
            "the secret is in {}",
            entry.display()
        );
    }

    // Rename it (a JSON Patch of name), then delete it.
    let token = named(sandbox.personal_access_tokens(), "Deploy bot");
    let id = token["id"].as_str().unwrap().to_owned();
    window.click(&row(&id)).await;
    eventually("the loaded name", || async {
        window.value("#field-name").await == "Deploy bot"
    })
    .await;
    window.type_into("#field-name", "Deploy bot (prod)").await;
    window.click("#save-button").await;
    window.click("#confirm-save").await;
    eventually("the rename to arrive", || async {
        writes(sandbox, "/beta/personal-access-tokens")
            .iter()
            .any(|request| request.method == "PATCH")
    })
    .await;
    window.click("#delete-button").await;
    window.click("#confirm-delete").await;
    eventually("the token to be deleted", || async {
        sandbox
            .personal_access_tokens()
            .iter()
            .all(|token| token["id"] != json!(id))
    })
    .await;
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

async fn my_capabilities_are_edited_as_a_whole_list(window: &Window, sandbox: &Sandbox) {
    window.open_resource("auth-users").await;
    window.screenshots("09-auth-user-lookup").await;
    window.click("#lookup-me").await;
    window.find("#resource-form").await;
    let helpdesk = "input.choice[data-field='capabilities'][value='HELPDESK']";
    window.find(helpdesk).await;
    window.click(helpdesk).await;
    window.screenshots("10-auth-user").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/v3/auth-users", 1).await;
    let sent = writes(sandbox, "/v3/auth-users").remove(0);
    let patch = sent.body.unwrap();
    assert_eq!(patch.as_array().unwrap().len(), 1);
    assert_eq!(patch[0]["op"], json!("replace"));
    assert_eq!(patch[0]["path"], json!("/capabilities"));
}

async fn the_password_config_is_created_edited_and_out_of_range_values_refused(
    window: &Window,
    sandbox: &Sandbox,
) {
    // The walk above left the tenant without a config: it is created from the vendor's
    // defaults, reviewed first.
    assert!(sandbox.password_org_config().is_none());
    window.open_resource("password-org-config").await;
    window.click("#create-button").await;
    eventually("the defaults", || async {
        window.value("#field-digitTokenLength").await == "6"
    })
    .await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    let planned = window.text("#planned-request").await;
    assert!(planned.contains("POST"), "{planned}");
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/beta/password-org-config", 1).await;
    let created = writes(sandbox, "/beta/password-org-config").remove(0);
    assert_eq!(created.method, "POST");
    assert_eq!(
        created.body,
        Some(json!({
            "customInstructionsEnabled": false, "digitTokenEnabled": false,
            "digitTokenDurationMinutes": 5, "digitTokenLength": 6
        }))
    );
    window.find("#resource-form").await;
    eventually("the created config in the form", || async {
        window.count("#create-button").await == 0
    })
    .await;

    window.type_into("#field-digitTokenLength", "12").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    assert_eq!(
        window.count("tr.change-row").await,
        1,
        "exactly one field changes"
    );
    window.screenshots("11-password-config-review").await;
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/beta/password-org-config", 2).await;
    let sent = writes(sandbox, "/beta/password-org-config").remove(1);
    assert_eq!(sent.method, "PUT");
    assert_eq!(sent.body, Some(json!({"digitTokenLength": 12})));

    window.type_into("#field-digitTokenLength", "99").await;
    window
        .text_is("#error-digitTokenLength", "the range error", |text| {
            text.contains("between 6 and 18")
        })
        .await;
    let save = window.find("#save-button").await;
    assert!(
        !save.is_enabled().await.unwrap(),
        "Save is disabled while a field is invalid"
    );
    window.screenshots("12-field-error").await;
}

/// Switching connection with unsaved edits asks first; staying keeps the edits.
async fn switching_connection_with_unsaved_edits_asks_first(window: &Window) {
    window.open_resource("password-org-config").await;
    window.type_into("#field-digitTokenLength", "14").await;
    window
        .choose("#profile-switcher", "sandbox-cloudentity")
        .await;
    window.find("#unsaved-dialog").await;
    window.screenshots("13-unsaved-edits").await;
    window.click("#stay-on-page").await;
    window.gone("#unsaved-dialog").await;
    assert_eq!(
        window.value("#field-digitTokenLength").await,
        "14",
        "edits kept"
    );
    assert!(window
        .text("#active-connection")
        .await
        .contains("SailPoint"));

    window
        .choose("#profile-switcher", "sandbox-cloudentity")
        .await;
    window.click("#discard-changes").await;
    window
        .text_is("#active-connection", "the switch", |text| {
            text.contains("Cloudentity")
        })
        .await;
    window
        .choose("#profile-switcher", "sandbox-sailpoint")
        .await;
    window
        .text_is("#active-connection", "the switch back", |text| {
            text.contains("SailPoint")
        })
        .await;
}

async fn connections_and_a_rate_limit_countdown(window: &Window, sandbox: &Sandbox) {
    window.click("#nav-profiles").await;
    window.find("#page-profiles").await;
    window
        .click("tr.profile-row[data-profile-id='sandbox-sailpoint'] button.test-connection")
        .await;
    window
        .text_is("#connection-report", "the connection report", |text| {
            text.contains("acme-sandbox")
        })
        .await;
    window.screenshots("14-connections").await;

    // Add a connection. With no keychain, the app says so and offers this run only.
    let credentials = sandbox.credentials();
    window.click("#add-profile").await;
    window.type_into("#profile-name", "Lab tenant").await;
    window
        .type_into("#profile-base-url", &sandbox.base_url())
        .await;
    window
        .type_into("#profile-client-id", &credentials.sailpoint_client_id)
        .await;
    window
        .type_into(
            "#profile-client-secret",
            &credentials.sailpoint_client_secret,
        )
        .await;
    window.click("#save-profile").await;
    window
        .text_is("#keychain-unavailable", "the no-keychain offer", |text| {
            text.contains("this run only")
        })
        .await;
    window.screenshots("15-no-keychain").await;
    window.click("#keep-for-session").await;
    let lab_id = window.saved_profile_id("Lab tenant", "").await;
    let profiles = window.config_home.path().join("gatehouse/profiles.json");
    let lab = format!("tr.profile-row[data-profile-id='{lab_id}']");
    window
        .text_is(&lab, "the saved connection listed", |text| {
            text.contains("Lab tenant") && text.contains("This session only")
        })
        .await;
    let file = std::fs::read_to_string(&profiles).unwrap();
    assert!(
        file.contains("Deploy bot connection"),
        "saved from the secret dialog"
    );
    assert!(
        !file.contains(&credentials.sailpoint_client_secret),
        "no secret on disk"
    );
    let row = lab;
    window.click(&format!("{row} button.delete-profile")).await;
    window
        .click(&format!("{row} button.confirm-delete-profile"))
        .await;
    window.gone(&row).await;
    assert!(!std::fs::read_to_string(&profiles)
        .unwrap()
        .contains("Lab tenant"));

    a_token_origin_other_than_the_base_urls_is_confirmed_before_it_is_used(window, sandbox).await;

    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 0,
            window: Duration::from_secs(30),
        }),
        ..Faults::default()
    });
    window.click("#nav-oauth-clients").await;
    let countdown = window.find("#retry-countdown").await;
    let first = countdown.text().await.unwrap();
    assert!(first.starts_with("Retry possible in "), "{first}");
    eventually("the countdown to tick", || async {
        countdown.text().await.is_ok_and(|text| text != first)
    })
    .await;
    window.screenshots("16-rate-limited").await;
    sandbox.set_faults(Faults::default());
}

/// The Export screen, as an administrator backing up a tenant: a folder chosen in the system's
/// dialog fills the box; a path that is not whole is refused at the box; the secrets warning
/// comes with its box; the export, one type left out, is written where typed, matches its
/// manifest and holds no secret; a second one, slowed, shows its progress and is cancelled,
/// leaving the first as it was. Its folder is returned, the export in `tenant`.
async fn the_configuration_is_exported_to_a_typed_folder(
    window: &Window,
    sandbox: &Sandbox,
) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    window.click("#nav-export").await;
    window.find("#export-destination").await;

    // The dialog opens on the folder the box names, picked; the next one down is chosen.
    let typed = folder.path().join("a-typed");
    let chosen = folder.path().join("b-chosen");
    for made in [&typed, &chosen] {
        std::fs::create_dir(made).unwrap();
    }
    window
        .type_into("#export-destination", &typed.display().to_string())
        .await;
    window.click("#choose-export-folder").await;
    window
        .answer_folder_dialog("Choose the folder to export to", &["Down"])
        .await;
    eventually("the chosen folder in the box", || async {
        window.value("#export-destination").await == chosen.display().to_string()
    })
    .await;

    let requests_before = sandbox.requests().len();
    window.type_into("#export-destination", "exports").await;
    window.click("#start-export").await;
    window
        .text_is(
            "#error-export-destination",
            "a relative path refused",
            |text| text.contains("whole path"),
        )
        .await;
    assert_eq!(
        sandbox.requests().len(),
        requests_before,
        "nothing is read for an export that cannot be written"
    );

    window.click("#export-include-secrets").await;
    window.find("#export-secrets-warning").await;
    window.click("#export-include-secrets").await;
    window.gone("#export-secrets-warning").await;

    window
        .click("input.export-type[data-type='password-org-config']")
        .await;
    window.choose("#export-format", "yaml").await;
    // SailPoint lists no auth users: those of the identities named are read.
    let user = sandbox.auth_users()[0]["id"].as_str().unwrap().to_owned();
    window.type_into("#export-auth-users", &user).await;
    let destination = folder.path().join("tenant");
    let manifest = window.export_to(&destination).await;
    assert_eq!(manifest["format"], json!("yaml"));
    assert_eq!(manifest["complete"], json!(true));
    let types = manifest["types"].as_array().unwrap();
    assert!(types.contains(&json!("oauth-clients")), "{manifest}");
    assert!(!types.contains(&json!("password-org-config")), "{manifest}");
    let oauth_clients = manifest["counts"]["oauth-clients"].as_u64().unwrap();
    assert!(oauth_clients > 0, "{manifest}");
    assert_eq!(manifest["counts"]["auth-users"], json!(1), "{manifest}");
    window
        .text_is(
            "#export-result li[data-type='oauth-clients']",
            "the count shown",
            |text| text.ends_with(&format!(": {oauth_clients}")),
        )
        .await;
    let secret = sandbox.credentials().sailpoint_client_secret.clone();
    let exported: Vec<(std::path::PathBuf, Vec<u8>)> = walk(folder.path())
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    for (path, bytes) in &exported {
        assert!(
            !String::from_utf8_lossy(bytes).contains(&secret),
            "{} holds the connection's secret",
            path.display()
        );
    }
    window.screenshots("22-export").await;

    sandbox.set_faults(Faults {
        latency: Duration::from_millis(700),
        ..Faults::default()
    });
    window.click("#start-export").await;
    window.find("#export-progress li").await;
    window.click("#cancel-export").await;
    window.find("#export-cancelled").await;
    sandbox.set_faults(Faults::default());
    let after: Vec<(std::path::PathBuf, Vec<u8>)> = walk(folder.path())
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    assert_eq!(
        after, exported,
        "the cancelled export left the first as it was"
    );

    folder
}

/// The export just written, compared with its tenant: no drift, then the one change made
/// since; that change and a delete restored through a plan; compared with a later export;
/// opened as a sandbox, a tenant of its own that holds what it holds.
async fn an_export_is_compared_restored_and_rehearsed(
    window: &Window,
    sandbox: &Sandbox,
    folder: &tempfile::TempDir,
) {
    let destination = folder.path().join("tenant");

    // Compared at once with its tenant, the export shows no drift; a client renamed since
    // shows as that one change, at its field.
    window.click("#nav-compare").await;
    assert_eq!(
        window.value("#compare-folder").await,
        destination.display().to_string(),
        "the folder just exported to"
    );
    window.click("#start-compare").await;
    window.find("#compare-result[data-drift='false']").await;

    // Against another connection's tenant, chosen on the screen rather than switched to:
    // that one is read (a Cloudentity tenant cannot be compared with a SailPoint export),
    // then the one exported from is chosen again.
    assert_eq!(
        window.value("#compare-connection").await,
        SANDBOX_SAILPOINT,
        "the connection exported from"
    );
    window
        .choose("#compare-connection", SANDBOX_CLOUDENTITY)
        .await;
    window.click("#start-compare").await;
    window
        .text_is(
            "#error-panel .error-message",
            "the chosen connection's vendor named",
            |text| text.contains("export; the connection is Cloudentity"),
        )
        .await;
    window
        .choose("#compare-connection", SANDBOX_SAILPOINT)
        .await;
    window.click("#start-compare").await;
    window.find("#compare-result[data-drift='false']").await;
    window.gone("#error-panel").await;
    let client = sandbox.oauth_clients().remove(0);
    let id = client["id"].as_str().unwrap().to_owned();
    let mut renamed = client.clone();
    renamed["name"] = json!("Renamed since the export");
    sailpoint_client(sandbox, &sandbox.credentials().sailpoint_client_secret)
        .resource(&gatehouse_wire::catalog::OAUTH_CLIENTS)
        .update(Some(&id), &client, &renamed)
        .await
        .unwrap();
    window.click("#start-compare").await;
    let difference = format!(
        "#compare-result[data-drift='true'] .difference[data-id='{id}'][data-change='changed']"
    );
    window.find(&difference).await;
    assert_eq!(window.count("#compare-result .difference").await, 1);
    window
        .text_is(
            &format!("{difference} tr[data-pointer='/name'] td.new"),
            "the new name in the tenant",
            |text| text == "Renamed since the export",
        )
        .await;
    window.screenshots("23-compare").await;

    // A client deleted since as well: both picked, planned, applied. The re-created client's
    // new secret is shown once; the renamed one has its exported name back.
    let gone = sandbox
        .oauth_clients()
        .into_iter()
        .find(|other| other["id"] != json!(id))
        .unwrap();
    let gone_id = gone["id"].as_str().unwrap().to_owned();
    sailpoint_client(sandbox, &sandbox.credentials().sailpoint_client_secret)
        .resource(&gatehouse_wire::catalog::OAUTH_CLIENTS)
        .delete(&gone_id)
        .await
        .unwrap();
    window.click("#start-compare").await;
    let removed = format!(".difference[data-id='{gone_id}'][data-change='removed']");
    window.find(&removed).await;
    window
        .click(&format!("{difference} input.pick-difference"))
        .await;
    window
        .click(&format!("{removed} input.pick-difference"))
        .await;
    let requests_before = writes(sandbox, "/beta/oauth-clients").len();
    window.click("#plan-restore").await;
    window.find("#restore-plan[data-steps='2']").await;
    window
        .text_is(
            &format!(".plan-step[data-id='{gone_id}']"),
            "the re-create planned as a POST",
            |text| text.contains("Re-create") && text.contains("POST /beta/oauth-clients"),
        )
        .await;
    assert_eq!(
        writes(sandbox, "/beta/oauth-clients").len(),
        requests_before,
        "a plan sends nothing"
    );
    window
        .click(&format!(".plan-step[data-id='{id}'] details summary"))
        .await;
    window
        .text_is(
            &format!(".plan-step[data-id='{id}'] details pre"),
            "the JSON Patch that undoes the rename",
            |text| text.contains("\"/name\"") && text.contains("\"replace\""),
        )
        .await;
    window.screenshots("24-restore-plan").await;
    window.click("#apply-restore").await;
    window.find("#secret-dialog").await;
    assert_eq!(window.value("#secret-value").await.len(), 64);
    window.click("#close-secret-dialog").await;
    window.click("#confirm-secret-stored").await;
    window.gone("#secret-dialog").await;
    // Closing a restore's secret stays on Compare, where the report is.
    window
        .text_is(
            "#restore-report[data-complete='true']",
            "the report of both steps done",
            |text| text.contains("2 steps done, 0 done before."),
        )
        .await;
    window.screenshots("24-restore-applied").await;
    // Applied again, the journal says both are done: nothing more is sent.
    let requests_applied = writes(sandbox, "/beta/oauth-clients").len();
    assert_eq!(requests_applied, requests_before + 2, "one PATCH, one POST");
    window.click("#apply-restore").await;
    window
        .text_is(
            "#restore-report[data-complete='true']",
            "the report of a second apply that had nothing left",
            |text| text.contains("0 steps done, 2 done before."),
        )
        .await;
    assert_eq!(
        writes(sandbox, "/beta/oauth-clients").len(),
        requests_applied,
        "a second apply sends nothing"
    );
    let clients = sandbox.oauth_clients();
    assert!(
        clients
            .iter()
            .any(|restored| restored["id"] == json!(id) && restored["name"] == client["name"]),
        "the rename undone: {clients:?}"
    );
    assert!(
        clients
            .iter()
            .any(|restored| restored["name"] == gone["name"] && restored["id"] != json!(gone_id)),
        "the deleted client re-created under a new id: {clients:?}"
    );

    // A second export, compared with the first: the re-created client is one only the first
    // has and one only the second has, and nothing offers to restore an export.
    let later = folder.path().join("later");
    window.click("#nav-export").await;
    window.export_to(&later).await;
    window.click("#nav-compare").await;
    window
        .type_into("#compare-folder", &destination.display().to_string())
        .await;
    window.choose("#compare-against", "export").await;
    window
        .type_into("#compare-other-folder", &later.display().to_string())
        .await;
    window.click("#start-compare").await;
    window
        .text_is(
            &format!("{removed} .badge"),
            "the deleted client only in the first export",
            |text| text == "Only in the first export",
        )
        .await;
    assert_eq!(window.count("#compare-result .difference").await, 2);
    assert_eq!(window.count(".pick-difference").await, 0);
    assert_eq!(window.count("#plan-restore").await, 0);
    window.choose("#compare-against", "tenant").await;
    window.gone("#compare-other-folder").await;

    // Rehearsal: the export opened as a sandbox of its own becomes the active connection,
    // marked as such, and holds exactly what the export holds.
    window.click("#open-as-sandbox").await;
    window.find("#rehearsal-badge").await;
    window
        .text_is(
            "#active-connection .connection-name",
            "the rehearsal connection active",
            |text| text == "Rehearsal · tenant",
        )
        .await;
    assert!(
        window
            .value("#compare-connection")
            .await
            .starts_with("rehearsal-"),
        "the compare turns to the rehearsal"
    );
    window.click("#start-compare").await;
    window.find("#compare-result[data-drift='false']").await;
    window.screenshots("25-rehearsal").await;
    // Closing it stops its sandbox and goes back to the connection it was opened from.
    window.click("#close-rehearsal").await;
    window.gone("#rehearsal-badge").await;
    window
        .text_is(
            "#active-connection .connection-name",
            "the connection active before the rehearsal, active again",
            |text| text == "Sandbox · SailPoint",
        )
        .await;
    window
        .gone("#profile-switcher option[value^='rehearsal-']")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_manages_every_sailpoint_resource_in_the_window() {
    scenario(an_administrator_manages_every_sailpoint_resource_in_the_window_once).await;
}

async fn an_administrator_manages_every_sailpoint_resource_in_the_window_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let window = Window::open(&sandbox).await;
    window.find("main[data-ready='true']").await;

    eprintln!("e2e step: the_first_screen_replaces_the_start_up_frame_and_fits_the_window");
    the_first_screen_replaces_the_start_up_frame_and_fits_the_window(&window).await;
    the_window_starts_at_the_first_list_and_the_brand_leads_back_to_it(&window).await;
    eprintln!("e2e step: every_operation_has_its_element_on_screen");
    every_operation_has_its_element_on_screen(&window, &sandbox).await;
    eprintln!("e2e step: oauth_client_list_search_and_edit_with_review");
    oauth_client_list_search_and_edit_with_review(&window, &sandbox).await;
    eprintln!("e2e step: a_conflicting_server_change_is_shown_and_not_overwritten");
    a_conflicting_server_change_is_shown_and_not_overwritten(&window, &sandbox).await;
    eprintln!("e2e step: a_new_oauth_client_is_created_shown_once_and_deleted");
    a_new_oauth_client_is_created_shown_once_and_deleted(&window, &sandbox).await;
    eprintln!("e2e step: a_new_tokens_secret_appears_once_and_nowhere_after");
    a_new_tokens_secret_appears_once_and_nowhere_after(&window, &sandbox).await;
    eprintln!("e2e step: my_capabilities_are_edited_as_a_whole_list");
    my_capabilities_are_edited_as_a_whole_list(&window, &sandbox).await;
    eprintln!("e2e step: the_password_config_is_created_edited_and_out_of_range_values_refused");
    the_password_config_is_created_edited_and_out_of_range_values_refused(&window, &sandbox).await;
    eprintln!("e2e step: switching_connection_with_unsaved_edits_asks_first");
    switching_connection_with_unsaved_edits_asks_first(&window).await;
    eprintln!("e2e step: the_configuration_is_exported_to_a_typed_folder");
    let exported = the_configuration_is_exported_to_a_typed_folder(&window, &sandbox).await;
    eprintln!("e2e step: an_export_is_compared_restored_and_rehearsed");
    an_export_is_compared_restored_and_rehearsed(&window, &sandbox, &exported).await;
    eprintln!("e2e step: connections_and_a_rate_limit_countdown");
    connections_and_a_rate_limit_countdown(&window, &sandbox).await;

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}

/// A Cloudentity connection whose token endpoint is on another origin than its base URL: the
/// form names that origin and refuses to save until the administrator ticks it, and then saves it.
async fn a_token_origin_other_than_the_base_urls_is_confirmed_before_it_is_used(
    window: &Window,
    sandbox: &Sandbox,
) {
    let credentials = sandbox.credentials();
    // The sandbox answers on 127.0.0.1 and on localhost: two origins, one server.
    let port = sandbox.base_url().rsplit(':').next().unwrap().to_owned();
    let other_origin = format!("http://localhost:{port}");
    let token_url = format!(
        "http://localhost:{port}/{}/admin/oauth2/token",
        credentials.cloudentity_tenant_id
    );
    window.click("#add-profile").await;
    window.type_into("#profile-name", "Cloudentity lab").await;
    window.choose("#profile-vendor", "cloudentity").await;
    window
        .type_into("#profile-base-url", &sandbox.base_url())
        .await;
    window
        .type_into("#profile-tenant-id", &credentials.cloudentity_tenant_id)
        .await;
    window
        .type_into("#profile-client-id", &credentials.cloudentity_client_id)
        .await;
    window
        .type_into(
            "#profile-client-secret",
            &credentials.cloudentity_client_secret,
        )
        .await;
    window
        .type_into("#profile-admin-token-url", &token_url)
        .await;
    let system_token_url = format!("{}/system/system/oauth2/token", sandbox.base_url());
    window
        .type_into("#profile-system-token-url", &system_token_url)
        .await;
    // Something that is not a certificate is refused at its box.
    window
        .type_into("#profile-ca-certificate", "our proxy's CA, from the wiki")
        .await;
    window.click("#save-profile").await;
    window
        .text_is(
            "#error-profile-ca_certificate_pem",
            "the text that is no certificate refused",
            |text| text.contains("-----BEGIN CERTIFICATE-----"),
        )
        .await;
    window.type_into("#profile-ca-certificate", "").await;
    window
        .text_is(
            "#confirm-token-host",
            "the other token origin named",
            |text| text.contains(&format!("to {other_origin}")),
        )
        .await;
    window.click("#save-profile").await;
    window
        .text_is(
            "#error-profile-admin_token_url",
            "the unconfirmed origin refused",
            |text| text.contains(&format!("confirm {other_origin} ")),
        )
        .await;
    window.screenshots("21-confirm-token-host").await;

    window.click("#profile-confirm-token-host").await;
    window.click("#save-profile").await;
    window.click("#keep-for-session").await;
    let id = window.saved_profile_id("Cloudentity lab", &token_url).await;
    window
        .saved_profile_id("Cloudentity lab", &system_token_url)
        .await;
    let row = format!("tr.profile-row[data-profile-id='{id}']");
    window.click(&format!("{row} button.delete-profile")).await;
    window
        .click(&format!("{row} button.confirm-delete-profile"))
        .await;
    window.gone(&row).await;
}
