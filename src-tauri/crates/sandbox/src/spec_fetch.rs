//! Spec import from a URL. The sandbox runs inside the app, so a URL sent to it must not make
//! it a way into the network: only http(s) on loopback is fetched, `localhost` is pinned to
//! 127.0.0.1 rather than resolved, no proxy is used, redirects are not followed and the
//! document read is capped.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use url::{Host, Url};

const TIMEOUT: Duration = Duration::from_secs(10);

/// Why a specification was not fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The URL is not one the sandbox fetches; nothing was sent.
    Refused(String),
    /// The fetch was tried and failed.
    Failed(String),
}

/// The URL, when it is http(s) on loopback, with the address `localhost` stands for.
fn loopback(text: &str) -> Result<(Url, Option<SocketAddr>), FetchError> {
    let refused = |why: &str| FetchError::Refused(format!("{text}: {why}"));
    let url = Url::parse(text).map_err(|error| refused(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refused("only http and https URLs are fetched"));
    }
    let port = url.port_or_known_default().unwrap_or(80);
    match url.host() {
        Some(Host::Ipv4(address)) if address.is_loopback() => Ok((url, None)),
        Some(Host::Ipv6(address)) if address.is_loopback() => Ok((url, None)),
        Some(Host::Domain(name)) if name.eq_ignore_ascii_case("localhost") => {
            let pinned = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port);
            Ok((url, Some(pinned)))
        }
        _ => Err(refused(
            "the sandbox fetches specifications only from loopback (127.0.0.0/8, [::1], localhost)",
        )),
    }
}

/// The document at `text`, at most `limit` bytes of it.
pub async fn fetch(text: &str, limit: usize) -> Result<String, FetchError> {
    let (url, pinned) = loopback(text)?;
    let failed = |error: &dyn std::fmt::Display| FetchError::Failed(error.to_string());
    let mut client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    if let Some(address) = pinned {
        client = client.resolve("localhost", address);
    }
    let client = client.build().map_err(|error| failed(&error))?;
    let mut response = client
        .get(url.clone())
        .send()
        .await
        .map_err(|error| failed(&error))?;
    if !response.status().is_success() {
        // A redirect too: where it points is not checked, so it is not followed.
        return Err(FetchError::Failed(format!(
            "{url} answered {}",
            response.status()
        )));
    }
    let too_large = || FetchError::Failed(format!("{url}: the document is over {limit} bytes"));
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(too_large());
    }
    let mut document = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| failed(&error))? {
        if document.len() + chunk.len() > limit {
            return Err(too_large());
        }
        document.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&document).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_on_loopback_is_fetched() {
        for allowed in [
            "http://127.0.0.1:8080/spec.json",
            "http://127.1.2.3/spec.json",
            "https://[::1]:8443/spec.yaml",
            "http://LOCALHOST:9000/spec.yaml",
        ] {
            assert!(loopback(allowed).is_ok(), "{allowed}");
        }
        for refused in [
            "http://10.0.0.1/spec.json",
            "http://169.254.169.254/latest/meta-data",
            "http://[::ffff:127.0.0.1]:8080/spec.json",
            "http://0.0.0.0:8080/spec.json",
            "http://127.0.0.1.nip.io/spec.json",
            "http://localhost.example/spec.json",
            "file:///etc/passwd",
            "ftp://127.0.0.1/spec.json",
            "not a url",
        ] {
            assert!(
                matches!(loopback(refused), Err(FetchError::Refused(_))),
                "{refused}"
            );
        }
    }

    #[test]
    fn localhost_is_pinned_to_127_0_0_1_not_resolved() {
        let (_, pinned) = loopback("http://localhost:9000/spec.yaml").unwrap();
        assert_eq!(pinned, Some(SocketAddr::from(([127, 0, 0, 1], 9000))));
        let (_, pinned) = loopback("http://127.0.0.1:9000/spec.yaml").unwrap();
        assert_eq!(pinned, None);
    }
}
