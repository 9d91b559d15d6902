//! Every seed operation is reachable from the window: the registry names the shell command
//! that sends it and the screen action that triggers it. The end-to-end tests find those
//! elements on screen; this test counts the operations and checks each command is one of the
//! command list (whose every entry the shell handles and the window may call, or neither
//! compiles nor passes the shell's capability test).

use gatehouse_tests::endpoints;
use gatehouse_wire::commands::COMMAND_NAMES;
use gatehouse_wire::registry::{action_home, reach_of};

/// Every vendor's operations must all be reachable.
const REQUIRED_PROVIDERS: &[&str] = &["sailpoint", "cloudentity"];

/// Every one: SailPoint's 14 and Cloudentity's 68, the developer portal's after a developer's
/// sign-in.
const REACHABLE: usize = 82;

#[test]
fn every_operation_is_reachable_from_a_screen_through_a_shell_command() {
    let operations = endpoints();
    let mut reachable = 0;
    let mut missing = Vec::new();
    for endpoint in &operations {
        let name = endpoint["operation"].as_str().unwrap();
        let provider = endpoint["provider"].as_str().unwrap();
        match reach_of(name) {
            Some((description, reach)) => {
                assert!(
                    COMMAND_NAMES.contains(&reach.command),
                    "{name}: {} is not a command of the list",
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
        "all 14 SailPoint operations and 68 of Cloudentity's"
    );
}
