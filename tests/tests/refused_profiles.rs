//! Every connection read from the profile file is checked as a save checks it before it is
//! used: one an earlier version saved with `http://` for a real tenant is refused, named, and
//! not used, while the file's other connections still load.

use gatehouse_tests::offline_console;
use gatehouse_wire::{ErrorKind, ProfileSource};

#[tokio::test]
async fn a_plain_http_tenant_from_an_earlier_version_is_refused_by_name_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("profiles.json"),
        serde_json::json!({
            "active": "old-prod",
            "profiles": [
                {
                    "id": "old-prod",
                    "name": "Old production",
                    "vendor": "sail_point",
                    "base_url": "http://acme.api.identitynow.com",
                    "client_id": "admin"
                },
                {
                    "id": "staging",
                    "name": "Staging",
                    "vendor": "sail_point",
                    "base_url": "https://acme-sb.api.identitynow.com",
                    "client_id": "admin"
                }
            ],
            "in_keychain": ["old-prod", "staging"]
        })
        .to_string(),
    )
    .unwrap();
    let app = offline_console(dir.path());

    let listed = app.list_profiles().await.unwrap();
    let saved: Vec<_> = listed
        .iter()
        .filter(|view| view.source == ProfileSource::User)
        .map(|view| (view.profile.id.as_str(), view.active))
        .collect();
    assert_eq!(
        saved,
        [("staging", true)],
        "the refused one is neither listed nor active"
    );

    let refused = app.refused_profiles();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].profile.id, "old-prod");
    assert_eq!(refused[0].problems[0].field, "base_url");
    let message = &refused[0].message;
    assert!(
        message.contains("\"Old production\"")
            && message.contains("must use https")
            && message.contains("profiles.json"),
        "{message}"
    );

    for used in [
        app.select_profile("old-prod").await.map(drop),
        app.test_connection("old-prod").await.map(drop),
    ] {
        let error = used.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Configuration);
        assert_eq!(&error.message, message);
        assert_eq!(error.details.field_errors[0].field, "base_url");
    }

    // Deleting it is how the administrator is rid of it.
    app.delete_profile("old-prod").await.unwrap();
    assert!(app.refused_profiles().is_empty());
}
