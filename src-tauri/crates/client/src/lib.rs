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

use std::time::Duration;

/// Every request gives up after this long: a hung vendor must not freeze the console.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The one HTTP client the app shares. TLS verification is always on, and redirects are
/// followed only while they stay on the same scheme, host and port.
pub fn http_client() -> Result<reqwest::Client, ClientError> {
    http_client_trusting(None)
}

/// An HTTP client that also trusts the CA certificates in `ca_pem` (a private CA, as
/// Cloudentity often runs on). They are added to the public roots; verification itself is
/// never relaxed.
pub fn http_client_trusting(ca_pem: Option<&str>) -> Result<reqwest::Client, ClientError> {
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("Gatehouse/", env!("CARGO_PKG_VERSION")))
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(redirect::same_server_only());
    if let Some(pem) = ca_pem {
        let certificates = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
            .map_err(|error| ClientError::Setup(error::with_causes(&error)))?;
        if certificates.is_empty() {
            return Err(ClientError::Setup(
                "no certificate found: paste PEM text starting with -----BEGIN CERTIFICATE-----"
                    .to_owned(),
            ));
        }
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder
        .build()
        .map_err(|error| ClientError::Setup(error::with_causes(&error)))
}
