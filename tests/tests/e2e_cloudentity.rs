//! End-to-end on Cloudentity: the real app window on the sandbox's Cloudentity tenant. Servers
//! and what is listed within them are reached through addresses that carry the server, the
//! tenant-wide resources from the sidebar, and every save is a whole-object PUT reviewed first.
//! Screenshots of each new screen, light and dark, land in `target/e2e-artifacts/`.

mod window;

use gatehouse_core::SANDBOX_CLOUDENTITY;
use gatehouse_sandbox::{Faults, Sandbox, SandboxConfig};
use gatehouse_tests::{cloudentity_client, developer};
use gatehouse_wire::catalog::{CLIENTS, RESOURCES};
use gatehouse_wire::registry::{action_home, reach};
use gatehouse_wire::{ResourceDescription, Vendor, Verb};
use serde_json::{json, Value};
use window::{eventually, scenario, writes, writes_reach, StandInBrowser, Window};

/// The server every demo object of the sandbox belongs to.
const SERVER: &str = "default";

fn row(id: &str) -> String {
    format!("tr.resource-row[data-id='{id}']")
}

fn named<'a>(items: &'a [Value], field: &str, name: &str) -> &'a Value {
    items
        .iter()
        .find(|item| item[field] == json!(name))
        .unwrap_or_else(|| panic!("no object with {field} {name}"))
}

/// Opens `description`'s list as an administrator would: from the sidebar, or for a resource
/// listed within a server, the server's row and then its tab.
async fn open_list(window: &Window, description: &ResourceDescription) {
    if description.parent.is_some() {
        window.open_resource("servers").await;
        window.click(&row(SERVER)).await;
        window.find("#scope-bar").await;
        window.click(&format!("#tab-{}", description.key)).await;
    } else {
        window.click(&format!("#nav-{}", description.key)).await;
    }
    window.find(&format!("#page-{}", description.key)).await;
}

async fn the_switch_to_cloudentity_opens_its_servers(window: &Window) {
    window
        .choose("#profile-switcher", "sandbox-cloudentity")
        .await;
    window
        .text_is("#active-connection", "the switch", |text| {
            text.contains("Cloudentity")
        })
        .await;
    window.find("#page-servers").await;
    window.find(&row(SERVER)).await;
    window.screenshots("c01-servers").await;
}

/// Every Cloudentity operation the registry puts on screen has its element there, reached the
/// way an administrator would; looking around sends nothing.
async fn every_operation_on_screen_has_its_element(window: &Window, sandbox: &Sandbox) {
    let (mut found, mut total) = (0, 0);
    for description in RESOURCES
        .iter()
        .filter(|description| description.vendor == Vendor::Cloudentity)
    {
        for operation in description.operations {
            let Some(reach) = reach(description, operation.name) else {
                assert!(
                    operation.verb == Verb::Action || !description.on_screen,
                    "{}",
                    operation.name
                );
                continue;
            };
            eprintln!("e2e walk: {} via {}", operation.name, reach.screen.element);
            total += 1;
            // An action is offered on the page of its home's objects.
            let page = match operation.verb {
                Verb::Action => action_home(operation).expect("an action on screen has a home"),
                _ => description,
            };
            open_list(window, page).await;
            if reach.screen.route.ends_with("/:id") {
                if page.can(Verb::List) {
                    window.click("tr.resource-row").await;
                } else {
                    // Not listed on its own (an API): opened by its id.
                    let objects = sandbox.cloudentity_objects(page.collection());
                    let id = page.id_of(&objects[0]).expect("an id").to_owned();
                    window.type_into("#lookup-id", &id).await;
                    window.click("#lookup-submit").await;
                }
                window.find("#resource-form").await;
            }
            window.find(reach.screen.element).await;
            found += 1;
        }
    }
    println!("e2e: {found}/{total} Cloudentity operations on screen have their element there");
    assert_eq!((found, total), (68, 68));
    assert!(
        writes(sandbox, "/api/admin").is_empty(),
        "looking around sends nothing"
    );
}

/// A developer signs in to the developer portal in the system browser (a stand-in that fills
/// in the sandbox's login page and follows the redirect to the app's loopback listener), then
/// creates a client of their own and sees it listed; the admin API's view of it names them.
async fn a_developer_signs_in_and_creates_a_client(
    window: &Window,
    sandbox: &Sandbox,
    browser: &StandInBrowser,
) {
    window.click("#nav-developer-clients").await;
    window.find("#page-developer-clients").await;
    window.click("#developer-sign-in").await;
    let mut authorize = None;
    eventually("the login page opened in the browser", || {
        authorize = browser
            .opened()
            .into_iter()
            .find(|url| url.contains("/developer/oauth2/authorize"));
        std::future::ready(authorize.is_some())
    })
    .await;
    let authorize = authorize.unwrap();
    assert!(
        authorize.contains("code_challenge_method=S256") && !authorize.contains("code_verifier"),
        "PKCE: the challenge goes to the browser, the verifier never does: {authorize}"
    );
    let credentials = sandbox.credentials();
    let http = developer::not_following();
    let login = developer::submit_login(
        &http,
        &authorize,
        &credentials.developer_username,
        &credentials.developer_password,
    )
    .await;
    let back = login.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        back.starts_with("http://127.0.0.1:"),
        "a loopback redirect: {back}"
    );
    let answered = http.get(&back).send().await.unwrap();
    assert_eq!(
        answered.status(),
        200,
        "the app's listener answers the browser"
    );
    window
        .text_is("#developer-identity", "signed in", |text| {
            text.starts_with("Signed in")
        })
        .await;
    window.find("#resource-table").await;
    window.screenshots("c16-developer-clients").await;

    window.click("#new-object").await;
    window.type_into("#field-client_name", "Partner app").await;
    window
        .type_into("#field-authorization_server_id", SERVER)
        .await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    window.find("#secret-dialog").await;
    window.click("#close-secret-dialog").await;
    window.click("#confirm-secret-stored").await;
    window.gone("#secret-dialog").await;
    let partner = || {
        sandbox
            .cloudentity_objects("clients")
            .into_iter()
            .find(|client| client["client_name"] == json!("Partner app"))
    };
    eventually("the developer's new client", || async {
        partner().is_some()
    })
    .await;
    let created = partner().unwrap();
    assert!(
        created["developer_id"].is_string(),
        "created as the signed-in developer's: {created}"
    );
    window.click("#nav-developer-clients").await;
    let id = created["client_id"].as_str().unwrap();
    window.find(&row(id)).await;
}

/// Signing out leaves the developer pages asking for a sign-in again.
async fn a_developer_signs_out(window: &Window) {
    window.click("#nav-developer-clients").await;
    window.click("#developer-sign-out").await;
    window.find("#developer-sign-in").await;
    window
        .text_is("#developer-identity", "signed out", |text| {
            text.starts_with("Not signed in")
        })
        .await;
}

/// The connection form asks a Cloudentity connection for its developer portal client and
/// whether to remember a developer's sign-in; cancelled, nothing is saved.
async fn a_cloudentity_connection_names_its_developer_portal_client(window: &Window) {
    window.click("#nav-profiles").await;
    window.click("#add-profile").await;
    window.choose("#profile-vendor", "cloudentity").await;
    window
        .type_into("#profile-developer-client-id", "developer-portal")
        .await;
    window.click("#profile-remember-developer-sign-in").await;
    let ticked = window
        .script(
            "return document.querySelector('#profile-remember-developer-sign-in').checked;",
            vec![],
        )
        .await;
    assert_eq!(ticked, json!(true));
    window.click("#cancel-profile").await;
    window.gone("#profile-developer-client-id").await;
}

/// A server's dashboards are links the system browser opens; the window stays on the server.
async fn a_servers_dashboards_open_in_the_system_browser(
    window: &Window,
    browser: &StandInBrowser,
) {
    window.open_resource("servers").await;
    window.click(&row(SERVER)).await;
    window
        .click("#action-listDashboards a.dashboard-link[data-dashboard='tenant_business_url']")
        .await;
    eventually("the dashboard opened in the browser", || async {
        browser
            .opened()
            .iter()
            .any(|url| url.ends_with(&format!("/dashboards/{SERVER}/business")))
    })
    .await;
    assert_eq!(window.path().await, format!("/r/servers/{SERVER}"));
    // The server's page also lists the APIs its services protect.
    eventually("the server's APIs", || async {
        window.count("#server-apis tr.api-row").await == 2
    })
    .await;
    window.screenshots("c10-server-page").await;
}

/// A server's authentication methods: their own form, reviewed as the exact body, sent
/// through updateAuthentications; the sandbox then holds them.
async fn a_servers_authentication_methods_are_reviewed_and_saved(
    window: &Window,
    sandbox: &Sandbox,
) {
    window.open_resource("servers").await;
    window.click(&row(SERVER)).await;
    let methods = json!({"methods": [{"id": "oidc", "method": "oidc", "name": "Corporate SSO", "disabled": false}]});
    window
        .type_into("#authentications-json", &methods.to_string())
        .await;
    window.click("#review-authentications").await;
    let shown = window.text("#authentications-review").await;
    assert!(
        shown.contains("Corporate SSO") && shown.contains("/authentications"),
        "the exact body is reviewed: {shown}"
    );
    assert!(
        writes(sandbox, "/api/admin")
            .iter()
            .all(|request| !request.path.ends_with("/authentications")),
        "nothing sent before confirming"
    );
    window.screenshots("c11-server-authentications").await;
    // Back to editing closes the review with the edit kept; reviewed again, then saved.
    window.click("#cancel-authentications").await;
    window.gone("#authentications-review").await;
    assert_eq!(
        serde_json::from_str::<Value>(&window.value("#authentications-json").await).unwrap(),
        methods
    );
    window.click("#review-authentications").await;
    window.find("#authentications-review").await;
    window.click("#confirm-authentications").await;
    eventually("the methods stored", || async {
        let servers = sandbox.cloudentity_objects("servers");
        named(&servers, "id", SERVER)["authentications"] == methods
    })
    .await;
    window.gone("#authentications-review").await;
}

/// An OpenAPI document served on loopback, for the import by URL; stopped with the test's
/// runtime.
async fn serve_specification() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let document = json!({
        "openapi": "3.0.0",
        "info": {"title": "Orders", "version": "1"},
        "paths": {"/orders": {"get": {"responses": {"200": {"description": "ok"}}}}}
    });
    let app = axum::Router::new().route(
        "/openapi.json",
        axum::routing::get(move || async move { axum::Json(document) }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/openapi.json")
}

/// A service's specification: imported from pasted text, then from a URL (each import
/// replaces the APIs), then removed with its APIs; the sandbox holds what the page shows.
async fn a_services_specification_is_imported_and_removed(window: &Window, sandbox: &Sandbox) {
    let services = sandbox.cloudentity_objects("services");
    let service = named(&services, "name", "Accounts API")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let paths = || {
        let mut paths: Vec<String> = sandbox
            .cloudentity_objects("apis")
            .iter()
            .filter(|api| api["service_id"] == json!(service))
            .map(|api| {
                format!(
                    "{} {}",
                    api["method"].as_str().unwrap(),
                    api["path"].as_str().unwrap()
                )
            })
            .collect();
        paths.sort();
        paths
    };
    let shown = || async { window.count("#service-apis tr.api-row").await };
    open_list(window, &gatehouse_wire::catalog::SERVICES).await;
    window.click(&row(&service)).await;
    eventually("the service's two APIs", || async { shown().await == 2 }).await;

    let pasted = r#"{"openapi": "3.0.0", "info": {"title": "Payments", "version": "1"}, "paths": {"/payments": {"get": {"responses": {"200": {"description": "ok"}}}, "post": {"responses": {"201": {"description": "made"}}}}}}"#;
    window.type_into("#specification-text", pasted).await;
    window.click("#import-specification-text").await;
    eventually("the pasted specification's APIs", || async {
        paths() == ["GET /payments", "POST /payments"]
    })
    .await;
    eventually("the page showing them", || async {
        shown().await == 2 && window.text("#service-apis").await.contains("/payments")
    })
    .await;
    window.screenshots("c09-service-specification").await;

    // From a file picked in the system's dialog; a dialog cancelled sends nothing.
    let before = writes(sandbox, "/api/admin").len();
    window.click("#import-specification-file").await;
    window.cancel_file_dialog(OPEN_DIALOG).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("invoices.json");
    let document = r#"{"openapi": "3.0.0", "info": {"title": "Invoices", "version": "1"}, "paths": {"/invoices": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;
    std::fs::write(&file, document).unwrap();
    window.click("#import-specification-file").await;
    window.answer_file_dialog(OPEN_DIALOG, &file).await;
    eventually("the file's API", || async { paths() == ["GET /invoices"] }).await;
    let sent = writes(sandbox, "/api/admin");
    assert_eq!(sent.len(), before + 1, "the cancelled dialog sent nothing");
    assert!(
        sent[before].path.ends_with("/apis/import/file"),
        "{}",
        sent[before].path
    );
    eventually("the page showing it", || async {
        window.text("#service-apis").await.contains("/invoices")
    })
    .await;

    let url = serve_specification().await;
    window.type_into("#specification-url", &url).await;
    window.click("#import-specification-url").await;
    eventually("the served specification's API", || async {
        paths() == ["GET /orders"]
    })
    .await;
    eventually("the page showing it", || async { shown().await == 1 }).await;

    window.click("#remove-specification").await;
    window.click("#confirm-remove-specification").await;
    eventually("the APIs removed", || async { paths().is_empty() }).await;
    window
        .text_is("#service-apis", "no APIs shown", |text| {
            text.starts_with("No APIs")
        })
        .await;
}

/// An API is created from its service's page (the form starts with that service), opened from
/// the service's list of APIs, edited with a review of the whole-object PUT and deleted, which
/// leads back to the service; a service's delete names its APIs and asks for its name.
async fn an_api_is_created_edited_and_deleted_from_its_service(window: &Window, sandbox: &Sandbox) {
    let services = sandbox.cloudentity_objects("services");
    let service = named(&services, "name", "Accounts API")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    open_list(window, &gatehouse_wire::catalog::SERVICES).await;
    window.click(&row(&service)).await;
    window.find("#service-apis").await;
    window.click("#new-api").await;
    window.find("#resource-form").await;
    assert_eq!(
        window.value("#field-service_id").await,
        service,
        "a new API starts within the service it is created from"
    );
    window.choose("#field-method", "PATCH").await;
    window.type_into("#field-path", "/accounts/{id}").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    let created = eventually_api(sandbox, "PATCH", "/accounts/{id}").await;
    assert_eq!(created["service_id"], json!(service));
    let id = created["id"].as_str().unwrap().to_owned();
    eventually("the new API's own address", || async {
        window.path().await == format!("/r/apis/{id}")
    })
    .await;

    // Back at the service, the new API is listed and opens its page; the service, opened by
    // its id alone, still shows the server it is in and its server's tabs.
    window.click("#owner-link").await;
    window
        .text_is("#service-apis", "the new API listed", |text| {
            text.contains("/accounts/{id}")
        })
        .await;
    window
        .text_is("#scope-name", "the service's server named", |text| {
            text == "Default"
        })
        .await;
    window.click("#tab-services").await;
    window.find("#page-services").await;
    assert_eq!(window.path().await, format!("/r/servers/{SERVER}/services"));
    window.click(&row(&service)).await;
    window.screenshots("c12-service-apis").await;
    window
        .click(&format!("#service-apis a.api-link[href='/r/apis/{id}']"))
        .await;
    window.find("#resource-form").await;
    window.type_into("#field-policy_id", "block").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    let planned = window.text("#planned-request").await;
    assert!(
        planned.contains("PUT") && planned.contains(&format!("/apis/{id}")),
        "the review shows the whole-object PUT: {planned}"
    );
    window.screenshots("c13-api-review").await;
    let before = writes(sandbox, "/api/admin").len();
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/api/admin", before + 1).await;
    let sent = writes(sandbox, "/api/admin").pop().unwrap();
    assert_eq!(
        (
            sent.method.as_str(),
            sent.body.unwrap()["policy_id"].clone()
        ),
        ("PUT", json!("block"))
    );

    window.click("#delete-button").await;
    window.find("#confirm-delete-dialog").await;
    assert_eq!(
        window.count("#confirm-delete-name").await,
        0,
        "nothing depends on an API"
    );
    window.click("#confirm-delete").await;
    eventually("the API deleted", || async {
        sandbox
            .cloudentity_objects("apis")
            .iter()
            .all(|api| api["id"] != json!(id))
    })
    .await;
    eventually("back at its service", || async {
        window.path().await == format!("/r/services/{service}")
    })
    .await;

    // A service takes its APIs with it: the dialog names them and asks for its name.
    window.find("#service-apis").await;
    window.click("#delete-button").await;
    window
        .text_is(
            "#delete-dependants li[data-resource='apis']",
            "the service's APIs named",
            |text| text.starts_with("APIs"),
        )
        .await;
    window.find("#confirm-delete-name").await;
    window.click("#cancel-delete").await;
    window.gone("#confirm-delete-dialog").await;
}

/// The API `method path` once the sandbox holds it.
async fn eventually_api(sandbox: &Sandbox, method: &str, path: &str) -> Value {
    let find = || {
        sandbox
            .cloudentity_objects("apis")
            .into_iter()
            .find(|api| api["method"] == json!(method) && api["path"] == json!(path))
    };
    eventually("the new API stored", || async { find().is_some() }).await;
    find().unwrap()
}

/// The titles of the system's file dialogs the app shows.
const OPEN_DIALOG: &str = "Choose an OpenAPI specification";
const SAVE_DIALOG: &str = "Save as";

/// A gateway's package is saved through the system's save dialog where the administrator
/// typed, as a valid gzipped tar; a cancelled dialog writes nothing.
async fn a_gateways_package_is_saved_where_chosen(window: &Window, sandbox: &Sandbox) {
    let gateway = sandbox.cloudentity_objects("gateways")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    open_list(window, &gatehouse_wire::catalog::GATEWAYS).await;
    window.click(&row(&gateway)).await;
    window.click("#download-package").await;
    window.cancel_file_dialog(SAVE_DIALOG).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("edge.tar.gz");
    window.click("#download-package").await;
    window.answer_file_dialog(SAVE_DIALOG, &file).await;
    eventually("the package written", || async { file.exists() }).await;
    let archive = std::fs::read(&file).unwrap();
    let mut entries = tar::Archive::new(flate2::read::GzDecoder::new(archive.as_slice()));
    let names: Vec<String> = entries
        .entries()
        .unwrap()
        .map(|entry| entry.unwrap().path().unwrap().display().to_string())
        .collect();
    assert!(
        names.iter().any(|name| name.starts_with("gateway/")),
        "a gzipped tar of the gateway's configuration: {names:?}"
    );
    let left: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
    assert_eq!(
        left.len(),
        1,
        "the package alone, no temporary file beside it"
    );
    window.screenshots("c14-gateway-package").await;
}

/// A gateway owns the client it authenticates with: its delete names that client, asks for
/// the gateway's name, and takes both.
async fn a_gateway_delete_names_its_client_and_takes_it(window: &Window, sandbox: &Sandbox) {
    let gateway = sandbox.cloudentity_objects("gateways")[0].clone();
    let (id, name) = (
        gateway["id"].as_str().unwrap(),
        gateway["name"].as_str().unwrap(),
    );
    let client = gateway["client_id"].as_str().unwrap().to_owned();
    open_list(window, &gatehouse_wire::catalog::GATEWAYS).await;
    window.click(&row(id)).await;
    window.click("#delete-button").await;
    window
        .text_is(
            "#delete-dependants li[data-owned='clients']",
            "the gateway's client named",
            |text| text == format!("Its client {client}"),
        )
        .await;
    window.type_into("#confirm-delete-name", name).await;
    window.screenshots("c17-gateway-delete").await;
    window.click("#confirm-delete").await;
    eventually("the gateway and its client deleted", || async {
        let gateways = sandbox.cloudentity_objects("gateways");
        let clients = sandbox.cloudentity_objects("clients");
        gateways.iter().all(|gateway| gateway["id"] != json!(id))
            && clients
                .iter()
                .all(|found| found["client_id"] != json!(client))
    })
    .await;
}

/// The system configuration is fetched with the system token and shown read-only without
/// its secrets; saved through the system's dialog, the file holds the same, secrets left out.
async fn the_system_configuration_is_shown_without_secrets_and_saved(
    window: &Window,
    sandbox: &Sandbox,
) {
    window.click("#nav-configuration").await;
    window.find("#resource-document").await;
    window.find("#document-summary tr.document-part").await;
    let shown = window.text("#resource-document").await;
    let secrets: Vec<String> = sandbox
        .cloudentity_objects("clients")
        .iter()
        .filter_map(|client| client["client_secret"].as_str().map(str::to_owned))
        .collect();
    assert!(!secrets.is_empty());
    for secret in &secrets {
        assert!(!shown.contains(secret.as_str()), "a client secret is shown");
    }
    assert!(
        shown.contains("gatehouse:redacted:"),
        "placeholders name what was left out"
    );
    window.screenshots("c15-system-configuration").await;

    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("configuration.json");
    window.click("#save-document").await;
    window.answer_file_dialog(SAVE_DIALOG, &file).await;
    eventually("the configuration written", || async { file.exists() }).await;
    let saved = std::fs::read_to_string(&file).unwrap();
    let parsed: Value = serde_json::from_str(&saved).expect("JSON");
    assert!(parsed["servers"]
        .as_array()
        .is_some_and(|servers| !servers.is_empty()));
    for secret in &secrets {
        assert!(
            !saved.contains(secret.as_str()),
            "a client secret was saved"
        );
    }
}

/// A client is created within a server (the form starts with that server), edited with a
/// review of the exact PUT, which carries back a property the form does not model, and
/// deleted; each address names the server.
async fn a_client_is_created_edited_and_deleted_within_its_server(
    window: &Window,
    sandbox: &Sandbox,
) {
    open_list(window, &CLIENTS).await;
    assert_eq!(window.path().await, format!("/r/servers/{SERVER}/clients"));
    window
        .text_is("#scope-name", "the server's name", |text| text == "Default")
        .await;
    window.screenshots("c02-server-clients").await;
    window.click("#new-object").await;
    window.find("#resource-form").await;
    assert_eq!(
        window.value("#field-authorization_server_id").await,
        SERVER,
        "a new client starts within the server it is created in"
    );
    window
        .type_into("#field-client_name", "Reporting app")
        .await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    // The vendor's new client secret, shown once, works at its server's token endpoint; a
    // client of this server cannot sign in to the admin API, so it is no connection.
    window.find("#secret-dialog").await;
    assert!(!window.value("#secret-value").await.is_empty());
    window.click("#test-secret").await;
    window
        .text_is(
            "#secret-test-result",
            "a token from the client's server",
            |text| {
                text.starts_with("It works: ")
                    && text.contains(&format!("/{SERVER}/oauth2/token gave a token"))
            },
        )
        .await;
    assert_eq!(window.count("#save-as-connection").await, 0);
    window.click("#close-secret-dialog").await;
    window.click("#confirm-secret-stored").await;
    window.gone("#secret-dialog").await;
    let clients = sandbox.cloudentity_objects("clients");
    let created = named(&clients, "client_name", "Reporting app").clone();
    let id = created["client_id"].as_str().unwrap().to_owned();
    assert_eq!(created["authorization_server_id"], json!(SERVER));
    eventually("the new client's own address", || async {
        window.path().await == format!("/r/servers/{SERVER}/clients/{id}")
    })
    .await;

    // A colleague's tool set a property Gatehouse has no field for.
    let mut theirs = created.clone();
    theirs["policy_uri"] = json!("https://acme.example/policy");
    cloudentity_client(sandbox)
        .resource(&CLIENTS)
        .update(Some(&id), &created, &theirs)
        .await
        .unwrap();
    window.click("#reload-button").await;
    window
        .type_into("#field-description", "Monthly reports")
        .await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    let planned = window.text("#planned-request").await;
    assert!(
        planned.contains("PUT") && planned.contains(&format!("/clients/{id}")),
        "the review shows the whole-object PUT: {planned}"
    );
    let stored_secret = created["client_secret"].as_str().unwrap();
    assert!(
        !window.source().await.contains(stored_secret),
        "a stored secret is never shown, not even in the review"
    );
    window.screenshots("c03-client-review").await;
    let before = writes(sandbox, "/api/admin").len();
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/api/admin", before + 1).await;
    let sent = writes(sandbox, "/api/admin").pop().unwrap();
    assert_eq!(sent.method, "PUT");
    let body = sent.body.expect("a body");
    assert_eq!(body["description"], json!("Monthly reports"));
    assert_eq!(
        body["policy_uri"],
        json!("https://acme.example/policy"),
        "a property the form does not model is sent back untouched"
    );
    let stored = sandbox.cloudentity_objects("clients");
    assert_eq!(
        named(&stored, "client_name", "Reporting app")["client_secret"],
        created["client_secret"],
        "the stored secret is kept as it is, not blanked by the whole-object PUT"
    );

    window.click("#delete-button").await;
    window.find("#confirm-delete-dialog").await;
    assert_eq!(
        window.count("#confirm-delete-name").await,
        0,
        "nothing depends on a client: no name to type"
    );
    window.click("#confirm-delete").await;
    eventually("the client deleted", || async {
        sandbox
            .cloudentity_objects("clients")
            .iter()
            .all(|client| client["client_id"] != json!(id))
    })
    .await;
    eventually("back at the server's clients", || async {
        window.path().await == format!("/r/servers/{SERVER}/clients")
    })
    .await;
}

/// The administrator leaves the form while the create is on its way: the new client's secret
/// still appears, once, on the page they went to, and closing it leads to the new client.
async fn a_secret_whose_form_was_left_meanwhile_still_appears_once(
    window: &Window,
    sandbox: &Sandbox,
) {
    open_list(window, &CLIENTS).await;
    window.click("#new-object").await;
    window.type_into("#field-client_name", "Night batch").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    sandbox.set_faults(Faults {
        latency: std::time::Duration::from_millis(2000),
        ..Faults::default()
    });
    window.click("#confirm-save").await;
    window.click("#nav-policies").await;
    // The form still holds what was typed: leaving asks first.
    window.click("#discard-changes").await;
    window.find("#page-policies").await;
    window.find("#secret-dialog").await;
    sandbox.set_faults(Faults::default());
    assert!(!window.value("#secret-value").await.is_empty());
    window.find("#page-policies").await;
    window.click("#close-secret-dialog").await;
    window.click("#confirm-secret-stored").await;
    window.gone("#secret-dialog").await;
    let clients = sandbox.cloudentity_objects("clients");
    let id = named(&clients, "client_name", "Night batch")["client_id"]
        .as_str()
        .unwrap()
        .to_owned();
    eventually("the new client's page", || async {
        window.path().await == format!("/r/servers/{SERVER}/clients/{id}")
    })
    .await;
}

/// A consent, tenant-wide: created, renamed with a review of its PUT, deleted.
async fn a_consent_is_created_edited_and_deleted(window: &Window, sandbox: &Sandbox) {
    window.open_resource("consents").await;
    window.screenshots("c04-consents").await;
    window.click("#new-object").await;
    window.type_into("#field-name", "Newsletter").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    let created = eventually_named(sandbox, "consents", "Newsletter").await;
    let id = created["id"].as_str().unwrap().to_owned();
    eventually("the new consent's page", || async {
        window.path().await == format!("/r/consents/{id}")
    })
    .await;
    window.type_into("#field-description", "Monthly news").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    eventually("the consent saved", || async {
        sandbox
            .cloudentity_objects("consents")
            .iter()
            .any(|consent| {
                consent["id"] == json!(id) && consent["description"] == json!("Monthly news")
            })
    })
    .await;
    window.click("#delete-button").await;
    window.click("#confirm-delete").await;
    eventually("the consent deleted", || async {
        sandbox
            .cloudentity_objects("consents")
            .iter()
            .all(|consent| consent["id"] != json!(id))
    })
    .await;
}

async fn eventually_named(sandbox: &Sandbox, collection: &str, name: &str) -> Value {
    let found = || {
        sandbox
            .cloudentity_objects(collection)
            .into_iter()
            .find(|item| item["name"] == json!(name))
    };
    eventually(&format!("{name} in {collection}"), || async {
        found().is_some()
    })
    .await;
    found().unwrap()
}

/// A server with a scope in it: deleting it names what goes with it, and is confirmed only
/// once the server's name is typed; the sandbox then has neither.
async fn a_server_delete_lists_its_dependants_and_asks_for_its_name(
    window: &Window,
    sandbox: &Sandbox,
) {
    window.open_resource("servers").await;
    window.click("#new-object").await;
    window.type_into("#field-id", "staging").await;
    window.type_into("#field-name", "Staging").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    // Its hashing secret is the vendor's, shown once; it is no credential to test or save.
    window.find("#secret-dialog").await;
    assert_eq!(window.count("#test-secret").await, 0);
    assert_eq!(window.count("#save-as-connection").await, 0);
    window.click("#close-secret-dialog").await;
    window.click("#confirm-secret-stored").await;
    window.find("#scope-bar").await;
    window.click("#tab-scopes").await;
    window.find("#page-scopes").await;
    assert_eq!(window.path().await, "/r/servers/staging/scopes");
    window.click("#new-object").await;
    window.type_into("#field-name", "reports.read").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.click("#confirm-save").await;
    eventually_named(sandbox, "scopes", "reports.read").await;

    window.click("#tab-settings").await;
    window.find("#resource-form").await;
    window.click("#delete-button").await;
    window
        .text_is(
            "#delete-dependants li[data-resource='scopes']",
            "the scope counted",
            |text| text == "Scopes: 1",
        )
        .await;
    let confirm = window.find("#confirm-delete").await;
    assert_eq!(
        confirm.attr("disabled").await.unwrap(),
        Some("true".to_owned()),
        "not before the name is typed"
    );
    window.type_into("#confirm-delete-name", "Staging").await;
    window.screenshots("c05-server-delete").await;
    window.click("#confirm-delete").await;
    eventually("the server and its scope deleted", || async {
        let servers = sandbox.cloudentity_objects("servers");
        let scopes = sandbox.cloudentity_objects("scopes");
        servers
            .iter()
            .all(|server| server["id"] != json!("staging"))
            && scopes
                .iter()
                .all(|scope| scope["authorization_server_id"] != json!("staging"))
    })
    .await;
    window.find("#page-servers").await;
}

/// A per-server address survives a reload, and one without a server asks for it.
async fn a_server_address_survives_a_reload_and_a_missing_server_is_asked_for(window: &Window) {
    open_list(window, &gatehouse_wire::catalog::SCOPES).await;
    let rows = window.count("tr.resource-row").await;
    assert!(rows > 0, "the demo server has scopes");
    window
        .bounded("a reload", window.client.refresh())
        .await
        .expect("the page reloads");
    window.find("main[data-ready='true']").await;
    window.find("#page-scopes").await;
    window
        .text_is("#scope-name", "the server named again", |text| {
            text == "Default"
        })
        .await;
    assert_eq!(window.path().await, format!("/r/servers/{SERVER}/scopes"));
    assert_eq!(window.count("tr.resource-row").await, rows, "the same list");

    window
        .script(
            "window.history.pushState({}, '', '/r/clients'); \
             window.dispatchEvent(new PopStateEvent('popstate'));",
            vec![],
        )
        .await;
    window.find("#parent-picker").await;
    window.screenshots("c06-server-picker").await;
    window
        .click(&format!(
            "a.parent-choice[href='/r/servers/{SERVER}/clients']"
        ))
        .await;
    window.find("#page-clients").await;
    window.find("#scope-bar").await;
    // The breadcrumb leads back to the servers.
    window.click("#scope-bar .breadcrumb a").await;
    window.find("#page-servers").await;
}

/// A refresh loads the rows again without taking the table away meanwhile, and keeps the
/// sort and the search the administrator set.
async fn a_refresh_keeps_the_table_its_sort_and_its_search(window: &Window, sandbox: &Sandbox) {
    window.open_resource("policies").await;
    window.find("tr.resource-row").await;
    let header = "th[data-column='policy_name']";
    window.click(&format!("{header} button.sort")).await;
    window.type_into("#search", "mfa").await;
    window
        .text_is("#row-count", "the search narrowing", |text| {
            text == "1 of 2"
        })
        .await;
    // Watches, from before the click, whether the table ever leaves the page.
    window
        .script(
            "window.tableLeft = false; \
             new MutationObserver(() => { \
               if (!document.querySelector('#resource-table') || document.querySelector('#list-loading')) \
                 window.tableLeft = true; \
             }).observe(document.body, { childList: true, subtree: true });",
            vec![],
        )
        .await;
    let lists = || {
        sandbox
            .requests()
            .iter()
            .filter(|request| request.method == "GET" && request.path.ends_with("/policies"))
            .count()
    };
    let before = lists();
    window.click("#refresh").await;
    eventually("the list read again", || async { lists() > before }).await;
    eventually("the new rows shown", || async {
        window.count("tr.resource-row:not([hidden])").await == 1
    })
    .await;
    assert_eq!(
        window.script("return window.tableLeft;", vec![]).await,
        json!(false),
        "the table stayed while the rows loaded again"
    );
    let sorted = window.find(header).await;
    assert_eq!(
        sorted.attr("aria-sort").await.unwrap().as_deref(),
        Some("ascending"),
        "the sort is kept"
    );
    assert_eq!(window.value("#search").await, "mfa", "the search is kept");
    assert_eq!(window.text("#row-count").await, "1 of 2");
}

/// The privacy ledger, narrowed by subject and a day range the vendor receives as Unix
/// seconds; an event's row opens the raw event.
async fn the_privacy_ledger_is_narrowed_by_subject_and_days(window: &Window, sandbox: &Sandbox) {
    window.open_resource("privacy-ledger-events").await;
    window
        .text_is("#row-count", "every event", |text| text == "3 of 3")
        .await;
    window
        .type_into("#filter-sub", "alice@acme.example\u{E007}")
        .await;
    window
        .text_is("#row-count", "alice's events", |text| text == "2 of 2")
        .await;
    for (day, value) in [("#filter-from", "2026-11-10"), ("#filter-to", "2026-11-30")] {
        window
            .script(
                "const [input, value] = arguments; input.value = value; \
                 input.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![
                    serde_json::to_value(window.find(day).await).unwrap(),
                    json!(value),
                ],
            )
            .await;
    }
    window
        .text_is("#row-count", "alice's event in those days", |text| {
            text == "1 of 1"
        })
        .await;
    let asked = sandbox
        .requests()
        .into_iter()
        .rev()
        .find(|request| request.path.ends_with("/events"))
        .expect("the ledger was read");
    assert_eq!(
        asked.query.as_deref(),
        Some("sub=alice%40acme.example&from=1794268800&to=1796083199"),
        "the subject and the days as Unix seconds"
    );
    window.screenshots("c08-privacy-ledger").await;
    window.click("tr.resource-row").await;
    window.find("#resource-form").await;
    assert_eq!(
        window.count("#save-button").await,
        0,
        "a ledger event is only shown, never saved"
    );
    let payload = window.value("#field-payload").await;
    assert!(
        payload.contains("consent_withdrawn"),
        "the raw event: {payload}"
    );
}

async fn the_tenant_is_renamed_with_a_review(window: &Window, sandbox: &Sandbox) {
    window.open_resource("tenant").await;
    window.find("#resource-form").await;
    window.type_into("#field-name", "Acme (renamed)").await;
    window.click("#save-button").await;
    window.find("#change-preview").await;
    window.screenshots("c07-tenant-review").await;
    let before = writes(sandbox, "/api/admin").len();
    window.click("#confirm-save").await;
    writes_reach(sandbox, "/api/admin", before + 1).await;
    let sent = writes(sandbox, "/api/admin").pop().unwrap();
    assert_eq!(
        (sent.method.as_str(), sent.body.unwrap()["name"].clone()),
        ("PUT", json!("Acme (renamed)"))
    );
}

/// The Cloudentity tenant exported through the window as one JSON file with the fields the
/// vendor bumps kept: every type and the system configuration, no secret of the connection,
/// and compared at once with its tenant, no drift.
async fn the_tenant_is_exported_in_one_file_and_compared(window: &Window, sandbox: &Sandbox) {
    let folder = tempfile::tempdir().unwrap();
    let destination = folder.path().join("acp");
    window.click("#nav-export").await;
    assert_eq!(
        window.value("#export-connection").await,
        SANDBOX_CLOUDENTITY,
        "the active connection"
    );
    assert_eq!(
        window.count("#export-auth-users").await,
        0,
        "SailPoint's only"
    );
    window.choose("#export-layout", "file").await;
    window.click("#export-include-volatile").await;
    let manifest = window.export_to(&destination).await;
    assert_eq!(manifest["vendor"], json!("cloudentity"), "{manifest}");
    assert_eq!(manifest["layout"], json!("file"), "{manifest}");
    assert_eq!(manifest["complete"], json!(true), "{manifest}");
    assert_eq!(manifest["volatile_left_out"], json!(false), "{manifest}");
    let types = manifest["types"].as_array().unwrap();
    for key in [
        "servers",
        "clients",
        "services",
        "policies",
        "configuration",
    ] {
        assert!(types.contains(&json!(key)), "{key}: {manifest}");
    }
    assert!(destination.join("export.json").is_file());
    let written = std::fs::read_to_string(destination.join("export.json")).unwrap();
    let secret = &sandbox.credentials().cloudentity_client_secret;
    assert!(
        !written.contains(secret.as_str()),
        "the connection's secret written"
    );
    window.screenshots("26-cloudentity-export").await;

    window.click("#nav-compare").await;
    assert_eq!(
        window.value("#compare-folder").await,
        destination.display().to_string()
    );
    assert_eq!(
        window.value("#compare-connection").await,
        SANDBOX_CLOUDENTITY
    );
    window.click("#start-compare").await;
    window.find("#compare-result[data-drift='false']").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_manages_cloudentity_in_the_window() {
    scenario(an_administrator_manages_cloudentity_in_the_window_once).await;
}

async fn an_administrator_manages_cloudentity_in_the_window_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    // The walk clicks far faster than any administrator: without the vendor's rate limit
    // (100 requests in 10 s), which the SailPoint walk and the fault tests cover.
    sandbox.set_faults(Faults::default());
    let browser = StandInBrowser::install();
    let window = Window::open_with(&sandbox, |_| {}, &[("PATH", &browser.path())]).await;
    window.find("main[data-ready='true']").await;

    eprintln!("e2e step: the_switch_to_cloudentity_opens_its_servers");
    the_switch_to_cloudentity_opens_its_servers(&window).await;
    eprintln!("e2e step: a_developer_signs_in_and_creates_a_client");
    a_developer_signs_in_and_creates_a_client(&window, &sandbox, &browser).await;
    eprintln!("e2e step: every_operation_on_screen_has_its_element");
    every_operation_on_screen_has_its_element(&window, &sandbox).await;
    eprintln!("e2e step: a_servers_dashboards_open_in_the_system_browser");
    a_servers_dashboards_open_in_the_system_browser(&window, &browser).await;
    eprintln!("e2e step: a_servers_authentication_methods_are_reviewed_and_saved");
    a_servers_authentication_methods_are_reviewed_and_saved(&window, &sandbox).await;
    eprintln!("e2e step: an_api_is_created_edited_and_deleted_from_its_service");
    an_api_is_created_edited_and_deleted_from_its_service(&window, &sandbox).await;
    eprintln!("e2e step: a_services_specification_is_imported_and_removed");
    a_services_specification_is_imported_and_removed(&window, &sandbox).await;
    eprintln!("e2e step: a_client_is_created_edited_and_deleted_within_its_server");
    a_client_is_created_edited_and_deleted_within_its_server(&window, &sandbox).await;
    eprintln!("e2e step: a_secret_whose_form_was_left_meanwhile_still_appears_once");
    a_secret_whose_form_was_left_meanwhile_still_appears_once(&window, &sandbox).await;
    eprintln!("e2e step: a_consent_is_created_edited_and_deleted");
    a_consent_is_created_edited_and_deleted(&window, &sandbox).await;
    eprintln!("e2e step: a_server_delete_lists_its_dependants_and_asks_for_its_name");
    a_server_delete_lists_its_dependants_and_asks_for_its_name(&window, &sandbox).await;
    eprintln!("e2e step: a_server_address_survives_a_reload_and_a_missing_server_is_asked_for");
    a_server_address_survives_a_reload_and_a_missing_server_is_asked_for(&window).await;
    eprintln!("e2e step: a_refresh_keeps_the_table_its_sort_and_its_search");
    a_refresh_keeps_the_table_its_sort_and_its_search(&window, &sandbox).await;
    eprintln!("e2e step: the_privacy_ledger_is_narrowed_by_subject_and_days");
    the_privacy_ledger_is_narrowed_by_subject_and_days(&window, &sandbox).await;
    eprintln!("e2e step: the_tenant_is_renamed_with_a_review");
    the_tenant_is_renamed_with_a_review(&window, &sandbox).await;
    eprintln!("e2e step: a_developer_signs_out");
    a_developer_signs_out(&window).await;
    eprintln!("e2e step: a_cloudentity_connection_names_its_developer_portal_client");
    a_cloudentity_connection_names_its_developer_portal_client(&window).await;
    eprintln!("e2e step: a_gateways_package_is_saved_where_chosen");
    a_gateways_package_is_saved_where_chosen(&window, &sandbox).await;
    eprintln!("e2e step: a_gateway_delete_names_its_client_and_takes_it");
    a_gateway_delete_names_its_client_and_takes_it(&window, &sandbox).await;
    eprintln!("e2e step: the_system_configuration_is_shown_without_secrets_and_saved");
    the_system_configuration_is_shown_without_secrets_and_saved(&window, &sandbox).await;
    eprintln!("e2e step: the_tenant_is_exported_in_one_file_and_compared");
    the_tenant_is_exported_in_one_file_and_compared(&window, &sandbox).await;

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}
