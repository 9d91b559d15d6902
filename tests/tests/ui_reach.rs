//! Every seed operation is reachable from the window: the registry names the shell command
//! that sends it and the screen action that triggers it. The end-to-end tests find those
//! elements on screen; this test counts the operations and checks each command exists and is
//! one the window may call.

use gatehouse_tests::{endpoints, workspace_root};
use gatehouse_wire::registry::{action_home, reach_of};

/// The SailPoint operations must all be reachable; Cloudentity's follow on the same path.
const REQUIRED_PROVIDERS: &[&str] = &["sailpoint"];

/// Reachable today: SailPoint's 14 and 60 of Cloudentity's: the list/get/create/update/delete
/// operations of servers, what is listed within them, policies, consents, consent actions,
/// APIs and the tenant; the privacy ledger; a server's dashboards, APIs and authentication
/// methods; a service's APIs, specification import from a file, text or a URL and its
/// removal; a gateway's package; the system configuration export. The developer portal is
/// next.
const REACHABLE: usize = 75;

#[test]
fn every_sailpoint_operation_is_reachable_from_a_screen_through_a_shell_command() {
    let shell_source = |file: &str| {
        std::fs::read_to_string(workspace_root().join("src-tauri/src").join(file)).unwrap()
    };
    let commands = shell_source("commands.rs") + &shell_source("commands/files.rs");
    let permitted = shell_source("app_commands.rs");
    let operations = endpoints();
    let mut reachable = 0;
    let mut missing = Vec::new();
    for endpoint in &operations {
        let name = endpoint["operation"].as_str().unwrap();
        let provider = endpoint["provider"].as_str().unwrap();
        match reach_of(name) {
            Some((description, reach)) => {
                assert!(
                    commands.contains(&format!("async fn {}(", reach.command)),
                    "{name}: the shell has no command {}",
                    reach.command
                );
                assert!(
                    permitted.contains(&format!("{},", reach.command)),
                    "{name}: the window may not call {}",
                    reach.command
                );
                // A resource's own address, or its address within its parent's object; an
                // action's, on the page of its home's objects.
                let description = match reach.command {
                    "resource_action" => {
                        action_home(description.operation_named(name).expect("described"))
                            .expect("an action on screen has a home")
                    }
                    _ => description,
                };
                let own = match description.parent {
                    Some(parent) => format!(
                        "/r/{}/:{}/{}",
                        parent.resource, parent.param, description.key
                    ),
                    None => format!("/r/{}", description.key),
                };
                assert!(
                    reach.screen.route.starts_with(&own),
                    "{name}: {}",
                    reach.screen.route
                );
                reachable += 1;
            }
            None if REQUIRED_PROVIDERS.contains(&provider) => missing.push(name.to_owned()),
            None => {}
        }
    }
    println!("ui: {reachable}/{} operations reachable", operations.len());
    assert!(
        missing.is_empty(),
        "not reachable from any screen: {missing:?}"
    );
    assert_eq!(operations.len(), 82, "the checklist has 82 operations");
    assert_eq!(
        reachable, REACHABLE,
        "all 14 SailPoint operations and 61 of Cloudentity's"
    );
}
