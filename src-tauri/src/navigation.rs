//! The window stays on the app: a page elsewhere would run with the app's IPC, so navigation
//! away is refused, and web links go to the system browser instead.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// What becomes of a navigation the web view is about to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Navigation {
    /// The app's own page: the web view follows it.
    Stay,
    /// A web page elsewhere: the system browser opens it, the window stays where it is.
    OpenInBrowser,
    /// Anything else (`file:`, `data:`, other apps' schemes): refused.
    Block,
}

/// Decides a navigation to `url`. The app's own origin is `tauri://localhost` (Linux, macOS)
/// or `http(s)://tauri.localhost` (Windows), and in a dev build also `dev_server`'s origin.
pub fn navigation_decision(url: &Url, dev_server: Option<&Url>) -> Navigation {
    let web = matches!(url.scheme(), "http" | "https");
    let embedded = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost") && url.port().is_none(),
        _ => web && url.host_str() == Some("tauri.localhost") && url.port().is_none(),
    };
    let dev = dev_server.is_some_and(|dev_server| web && dev_server.origin() == url.origin());
    if embedded || dev {
        Navigation::Stay
    } else if web {
        Navigation::OpenInBrowser
    } else {
        Navigation::Block
    }
}

/// A plugin, so that it covers every web view, including the one `tauri.conf.json` declares.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            // Only a build without the embedded UI loads it from the dev server.
            let dev_server = if cfg!(feature = "custom-protocol") {
                None
            } else {
                webview.config().build.dev_url.as_ref()
            };
            match navigation_decision(url, dev_server) {
                Navigation::Stay => true,
                Navigation::OpenInBrowser => {
                    tracing::info!(%url, "opening the link in the system browser");
                    // Not opening it costs the user a click; it must not cost them the window.
                    if let Err(error) = open::that_detached(url.as_str()) {
                        tracing::warn!(%url, %error, "could not open the system browser");
                    }
                    false
                }
                Navigation::Block => {
                    tracing::warn!(%url, "refused a navigation away from the app");
                    false
                }
            }
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(url: &str, dev_server: Option<&str>) -> Navigation {
        let dev_server = dev_server.map(|dev_server| Url::parse(dev_server).unwrap());
        navigation_decision(&Url::parse(url).unwrap(), dev_server.as_ref())
    }

    #[test]
    fn the_embedded_app_stays_in_the_window_on_every_platform() {
        for url in [
            "tauri://localhost",
            "tauri://localhost/oauth-clients/abc?x=1#top",
            "http://tauri.localhost/connections",
            "https://tauri.localhost/",
        ] {
            assert_eq!(decide(url, None), Navigation::Stay, "{url}");
        }
    }

    #[test]
    fn look_alike_origins_are_not_the_app() {
        assert_eq!(decide("tauri://evil", None), Navigation::Block);
        assert_eq!(decide("tauri://localhost:8080/", None), Navigation::Block);
        for url in [
            "http://tauri.localhost:8080/",
            "https://tauri.localhost.example.com/",
            "https://localhost/",
            "http://127.0.0.1:1420/",
        ] {
            assert_eq!(decide(url, None), Navigation::OpenInBrowser, "{url}");
        }
    }

    #[test]
    fn web_links_elsewhere_open_in_the_system_browser() {
        for url in [
            "https://example.invalid/",
            "http://docs.example.com/path?q=1",
            "https://user@tenant.api.identitynow.com/",
        ] {
            assert_eq!(decide(url, None), Navigation::OpenInBrowser, "{url}");
        }
    }

    #[test]
    fn other_schemes_are_blocked() {
        for url in [
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "javascript:alert(1)",
            "about:blank",
            "ftp://example.com/",
            "mailto:someone@example.com",
        ] {
            assert_eq!(decide(url, None), Navigation::Block, "{url}");
        }
    }

    #[test]
    fn only_the_dev_server_origin_stays_in_a_dev_build() {
        let dev_server = Some("http://127.0.0.1:1420");
        assert_eq!(
            decide("http://127.0.0.1:1420/connections", dev_server),
            Navigation::Stay
        );
        assert_eq!(
            decide("http://127.0.0.1:1421/", dev_server),
            Navigation::OpenInBrowser
        );
        assert_eq!(
            decide("https://127.0.0.1:1420/", dev_server),
            Navigation::OpenInBrowser
        );
    }
}
