//! HTTP clients for the vendors' admin APIs. No Tauri here: everything is a plain async call
//! that tests drive against the sandbox.

/// A string enum that keeps values newer than the spec instead of failing to decode.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant,)+
            /// A value this version of the spec does not list, kept as sent.
            #[serde(untagged)]
            Other(String),
        }
    };
}

mod api;
mod body;
pub mod cloudentity;
mod error;
mod redirect;
mod resource;
pub mod sailpoint;
pub mod sign_in;
mod token;

pub use api::{
    ApiClient, ApiRequest, ApiResponse, RequestBody, RetryNotice, RetryObserver, RetryPolicy,
    RetryReason,
};
pub use body::MAX_BODY_BYTES;
pub use cloudentity::CloudentityClient;
pub use error::{ClientError, VendorError, MAX_MESSAGE_CHARS, MAX_VENDOR_MESSAGES};
pub use resource::{fill_path, Api, Resource, ResourceClient};
pub use sailpoint::SailPointClient;
pub use token::{ClientCredentials, RefreshObserver, TokenGrant, TokenSource};

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

/// Every request gives up after this long: a hung vendor must not freeze the console.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The one HTTP client the app shares. Servers are verified by the platform's verifier, so
/// the CAs the OS trusts (a company's private or TLS-inspecting CA among them) are trusted;
/// verification is always on, and redirects are followed only while they stay on the same
/// scheme, host and port.
pub fn http_client() -> Result<reqwest::Client, ClientError> {
    http_client_trusting(None)
}

/// An HTTP client that also trusts the CA certificates in `ca_pem` (a private CA, as
/// Cloudentity often runs on). They are added to what the platform trusts; verification
/// itself is never relaxed.
pub fn http_client_trusting(ca_pem: Option<&str>) -> Result<reqwest::Client, ClientError> {
    let setup = |error: &dyn std::error::Error| ClientError::Setup(error::with_causes(error));
    let extra_roots = match ca_pem {
        None => Vec::new(),
        Some(pem) => {
            let certificates = CertificateDer::pem_slice_iter(pem.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| setup(&error))?;
            if certificates.is_empty() {
                return Err(ClientError::Setup(
                    "no certificate found: paste PEM text starting with -----BEGIN CERTIFICATE-----"
                        .to_owned(),
                ));
            }
            certificates
        }
    };
    // One crypto provider, named: the process-wide default is ambiguous when several are linked.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider.clone())
            .map_err(|error| setup(&error))?;
    // "dangerous" is rustls' name for any verifier but its own WebPKI one: the platform's
    // verifies every certificate, so nothing is switched off.
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| setup(&error))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // What reqwest offers on its own TLS: HTTP/2 where the server speaks it.
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .user_agent(concat!("Gatehouse/", env!("CARGO_PKG_VERSION")))
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(redirect::same_server_only())
        .use_preconfigured_tls(tls)
        .build()
        .map_err(|error| setup(&error))
}
