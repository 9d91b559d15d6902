//! End-to-end: the app starts on a profile file it cannot parse. The window explains it, the
//! built-in sandbox still works, and "Move it aside" renames the file without losing a byte.

mod window;

use gatehouse_sandbox::{Sandbox, SandboxConfig};
use window::{eventually, scenario, Window};

/// Cut off mid-way, as a full disk or a bad merge leaves it.
const CORRUPT: &[u8] = b"{\"active\": \"user-1\", \"profiles\": [{\"id\": \"user-1\",";

/// The files in the app's config folder whose name starts with `prefix`.
fn named(dir: &std::path::Path, prefix: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(prefix))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_profile_file_is_explained_and_moved_aside_in_the_window() {
    scenario(a_corrupt_profile_file_is_explained_and_moved_aside_in_the_window_once).await;
}

async fn a_corrupt_profile_file_is_explained_and_moved_aside_in_the_window_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let window = Window::open_with(
        &sandbox,
        |config| std::fs::write(config.join("profiles.json"), CORRUPT).unwrap(),
        &[],
    )
    .await;
    let config = window.config_home.path().join("gatehouse");
    let file = config.join("profiles.json");
    window.find("main[data-ready='true']").await;

    // The start page explains it: which file, why, that nothing changed, what still works.
    let banner = window.text("#profile-file-problem").await;
    for expected in [
        file.to_str().unwrap(),
        "could not be read",
        "EOF while parsing",
        "Nothing was changed",
        "sandbox connections still work",
    ] {
        assert!(banner.contains(expected), "{expected:?} in {banner}");
    }
    window.screenshots("19-profile-file-problem").await;

    // The sandbox is in use meanwhile.
    window.open_resource("oauth-clients").await;
    window
        .text_is("#row-count", "the sandbox's clients", |text| {
            text.contains('2')
        })
        .await;

    // Saving a connection is refused, and the error names the file.
    let credentials = sandbox.credentials();
    window.click("#nav-profiles").await;
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
        .text_is("#page-profiles .error-path", "the file named", |text| {
            text == file.to_str().unwrap()
        })
        .await;
    assert_eq!(std::fs::read(&file).unwrap(), CORRUPT, "nothing written");

    window.click("#move-file-aside").await;
    let question = window.text("#move-aside-dialog").await;
    assert!(
        question.contains("Nothing is deleted") && question.contains("keychain"),
        "{question}"
    );
    window.screenshots("20-move-profile-file-aside").await;
    window.click("#confirm-move-aside").await;
    window.gone("#profile-file-problem").await;
    window
        .text_is(".toast", "where the file went", |text| {
            text.contains("profiles.json.corrupt-")
        })
        .await;

    eventually("the file renamed", || async {
        !file.exists() && named(&config, "profiles.json.corrupt-").len() == 1
    })
    .await;
    let moved = named(&config, "profiles.json.corrupt-").remove(0);
    assert_eq!(std::fs::read(&moved).unwrap(), CORRUPT, "every byte kept");

    // The app goes on with no saved connections, on the same sandbox.
    window.click("#nav-profiles").await;
    window.find("#page-profiles").await;
    eventually("the sandbox connections alone", || async {
        window.count("tr.profile-row").await == 2
    })
    .await;

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_an_earlier_version_saved_over_http_is_named_and_not_used_in_the_window() {
    scenario(a_connection_an_earlier_version_saved_over_http_is_named_and_not_used_once).await;
}

/// A connection saved by an earlier version with `http://` for a real tenant is not used: the
/// Connections page names it and why, opens it to correct, and deletes it. One whose secret is
/// not stored says so on its pages and leads to Connections.
async fn a_connection_an_earlier_version_saved_over_http_is_named_and_not_used_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let file = serde_json::json!({
        "active": "lab",
        "profiles": [{
            "id": "old-prod",
            "name": "Old production",
            "vendor": "sail_point",
            "base_url": "http://acme.api.identitynow.com",
            "client_id": "admin"
        }, {
            "id": "lab",
            "name": "Lab",
            "vendor": "sail_point",
            "base_url": sandbox.base_url(),
            "client_id": sandbox.credentials().sailpoint_client_id
        }],
        "in_keychain": []
    });
    let window = Window::open_with(
        &sandbox,
        |config| std::fs::write(config.join("profiles.json"), file.to_string()).unwrap(),
        &[],
    )
    .await;
    window.find("main[data-ready='true']").await;
    // The usable one has no secret stored: its pages say so and lead to where it is entered.
    window.open_resource("oauth-clients").await;
    window.click("#enter-secret").await;
    window.find("#page-profiles").await;
    window
        .text_is(
            "#refused-profiles",
            "the connection named, and why",
            |text| text.contains("Old production") && text.contains("https"),
        )
        .await;
    assert_eq!(
        window
            .count("tr.profile-row[data-profile-id='old-prod']")
            .await,
        0,
        "not offered for use"
    );
    window.screenshots("21-refused-connection").await;

    window.click("#refused-profiles .edit-refused").await;
    assert_eq!(
        window.value("#profile-base-url").await,
        "http://acme.api.identitynow.com",
        "the form opens on it, to correct"
    );
    window.click("#cancel-profile").await;
    window.gone("#profile-base-url").await;

    window.click("#refused-profiles .delete-refused").await;
    window.gone("#refused-profiles").await;
    let path = window.config_home.path().join("gatehouse/profiles.json");
    eventually("the file without it", || async {
        !std::fs::read_to_string(&path)
            .unwrap_or_default()
            .contains("old-prod")
    })
    .await;

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}
