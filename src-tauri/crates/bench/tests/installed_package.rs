//! The .deb as a user gets it: installed with dpkg into this machine, its files where a
//! desktop looks for them, and the installed binary opening its first screen on a sandbox.
//! It changes the machine (and removes the package after), so it runs only when asked:
//! `GATEHOUSE_DEB=path/to.deb cargo test -p gatehouse-bench --test installed_package -- --ignored`
//! (`src-tauri/scripts/test.sh` does, as root, after packaging).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use fantoccini::Locator;
use gatehouse_bench::window::{launch, AppUnderTest};
use gatehouse_sandbox::{Sandbox, SandboxConfig};
use gatehouse_tests::VirtualDisplay;

const PACKAGE: &str = "gatehouse";
const INSTALLED_BINARY: &str = "/usr/bin/gatehouse";

/// Removes the package when the test ends, passing or failing.
struct Installed;

impl Installed {
    fn from(deb: &Path) -> Self {
        let status = Command::new("dpkg").arg("-i").arg(deb).status().unwrap();
        assert!(status.success(), "dpkg -i {} failed", deb.display());
        Installed
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["-r", PACKAGE]).status();
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "installs a package into the machine: run by test.sh after packaging, with GATEHOUSE_DEB"]
async fn the_installed_deb_opens_its_first_screen() {
    let deb = PathBuf::from(std::env::var("GATEHOUSE_DEB").expect("GATEHOUSE_DEB names the .deb"));
    let _installed = Installed::from(&deb);

    let status = Command::new("dpkg-query")
        .args(["-W", "-f=${Status} ${Version}", PACKAGE])
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&status.stdout).into_owned();
    assert_eq!(
        status, "install ok installed 0.1.0",
        "the package and its version"
    );
    for installed in [
        INSTALLED_BINARY,
        "/usr/share/applications/Gatehouse.desktop",
        "/usr/share/icons/hicolor/128x128/apps/gatehouse.png",
        "/usr/share/icons/hicolor/256x256@2/apps/gatehouse.png",
    ] {
        assert!(Path::new(installed).exists(), "{installed} is installed");
    }
    let desktop = std::fs::read_to_string("/usr/share/applications/Gatehouse.desktop").unwrap();
    assert!(desktop.contains("Exec=gatehouse"), "{desktop}");
    assert!(desktop.contains("Icon=gatehouse"), "{desktop}");

    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let display = VirtualDisplay::start();
    let app = AppUnderTest {
        name: "the installed Gatehouse".to_owned(),
        binary: PathBuf::from(INSTALLED_BINARY),
        env: vec![
            ("GATEHOUSE_SANDBOX_URL".to_owned(), sandbox.base_url()),
            (
                "GATEHOUSE_SANDBOX_CREDENTIALS".to_owned(),
                serde_json::to_string(sandbox.credentials()).unwrap(),
            ),
        ],
    };
    let window = launch(&app, &display).await.unwrap();
    window
        .wait_until_ready(&app.name, Duration::from_secs(60))
        .await
        .unwrap();
    // The first screen: the sandbox's OAuth clients, listed from the sandbox.
    let rows = window
        .client
        .find_all(Locator::Css("tr.resource-row"))
        .await
        .unwrap();
    assert!(
        !rows.is_empty(),
        "the first screen lists the sandbox's objects"
    );
    assert!(
        sandbox
            .requests()
            .iter()
            .any(|request| request.path == "/beta/oauth-clients"),
        "the installed app fetched them from the sandbox"
    );
    window.close().await;
}
