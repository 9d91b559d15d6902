//! The packages as a user gets them: the .deb installed with dpkg into this machine, its files
//! where a desktop looks for them, and the installed binary opening its first screen on a
//! sandbox; the AppImage started as downloaded, opening the same first screen.
//! The .deb test changes the machine (and removes the package after), so both run only when
//! asked: `GATEHOUSE_DEB=path/to.deb GATEHOUSE_APPIMAGE=path/to.AppImage cargo test -p
//! gatehouse-bench --test installed_package -- --ignored` (`src-tauri/scripts/test.sh` does, as
//! root, after packaging).

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

    opens_its_first_screen(
        "the installed Gatehouse",
        PathBuf::from(INSTALLED_BINARY),
        Vec::new(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the AppImage built by package.sh: run by test.sh with GATEHOUSE_APPIMAGE"]
async fn the_appimage_opens_its_first_screen() {
    let image = PathBuf::from(
        std::env::var("GATEHOUSE_APPIMAGE").expect("GATEHOUSE_APPIMAGE names the AppImage"),
    );
    let mut header = [0u8; 11];
    std::io::Read::read_exact(&mut std::fs::File::open(&image).unwrap(), &mut header).unwrap();
    assert_eq!(
        &header[..4],
        b"\x7fELF",
        "an AppImage starts with its runtime"
    );
    assert_eq!(&header[8..11], b"AI\x02", "the type-2 AppImage magic");
    // Containers seldom offer FUSE: the runtime then extracts the image and runs it from there,
    // as it does on a desktop without FUSE.
    let env = vec![("APPIMAGE_EXTRACT_AND_RUN".to_owned(), "1".to_owned())];
    opens_its_first_screen("the Gatehouse AppImage", image, env).await;
}

/// Starts `binary` under a virtual display on a fresh sandbox and checks that its first screen
/// lists the sandbox's OAuth clients, fetched from that sandbox.
async fn opens_its_first_screen(name: &str, binary: PathBuf, mut env: Vec<(String, String)>) {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let display = VirtualDisplay::start();
    env.push(("GATEHOUSE_SANDBOX_URL".to_owned(), sandbox.base_url()));
    env.push((
        "GATEHOUSE_SANDBOX_CREDENTIALS".to_owned(),
        serde_json::to_string(sandbox.credentials()).unwrap(),
    ));
    let app = AppUnderTest {
        name: name.to_owned(),
        binary,
        env,
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
