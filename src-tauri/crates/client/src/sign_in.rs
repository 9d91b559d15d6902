//! A person's sign-in from a native app, as RFC 8252 has it: the authorization-code flow in
//! the system browser, its answer taken by a one-time listener on 127.0.0.1 at a port the
//! system picks, with PKCE (RFC 7636, S256) so a code caught on the way is worthless without
//! the verifier, which leaves the app only for the token endpoint.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use gatehouse_wire::{ApiError, ErrorKind};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

use crate::error::ClientError;
use crate::token::{TokenGrant, TokenSource};

/// Opens a URL in the system browser. The shell opens the real one; tests put a stand-in.
pub trait Browser: Send + Sync {
    /// Hands `url` to the browser; it goes on by itself.
    fn open(&self, url: &str) -> std::io::Result<()>;
}

/// Where and as whom to sign in.
#[derive(Debug, Clone)]
pub struct SignInRequest {
    /// The authorization endpoint (`{base}/{tid}/developer/oauth2/authorize`).
    pub authorize_url: String,
    /// The public client the app signs in through.
    pub client_id: String,
    /// How long the browser has to come back before the listener closes.
    pub timeout: Duration,
}

/// The path the listener answers on: the one registered for the client, whatever the port.
pub const REDIRECT_PATH: &str = "/callback";

/// The longest request head the listener reads: a redirect with a code and a state is far
/// shorter.
const MAX_REQUEST_HEAD: usize = 8 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("could not listen on 127.0.0.1 for the browser's answer: {0}")]
    Listener(std::io::Error),
    #[error("the system browser could not be opened: {0}")]
    Browser(std::io::Error),
    #[error("the sign-in was not completed within {} seconds", .0.as_secs())]
    TimedOut(Duration),
    /// The answer's state is not the one sent: it did not come from this sign-in.
    #[error("the browser's answer does not belong to this sign-in (its state differs)")]
    StateMismatch,
    #[error("the sign-in was refused: {error}{}", .description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Refused {
        error: String,
        description: Option<String>,
    },
    #[error("the browser's answer carries no authorization code")]
    NoCode,
    #[error(transparent)]
    Token(#[from] ClientError),
}

impl From<SignInError> for ApiError {
    fn from(error: SignInError) -> Self {
        let kind = match error {
            SignInError::Token(inner) => return inner.into(),
            SignInError::Listener(_) | SignInError::Browser(_) => ErrorKind::Unexpected,
            // Still not signed in: the UI offers it again.
            SignInError::TimedOut(_) => ErrorKind::SignInRequired,
            SignInError::StateMismatch | SignInError::Refused { .. } | SignInError::NoCode => {
                ErrorKind::Unauthorized
            }
        };
        ApiError::new(kind, error.to_string())
    }
}

/// `bytes` random bytes, base64url without padding: PKCE's verifier alphabet.
fn random_text(bytes: usize) -> String {
    let mut random = vec![0; bytes];
    rand::rng().fill_bytes(&mut random);
    URL_SAFE_NO_PAD.encode(random)
}

/// The S256 challenge of `verifier`.
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Signs in through `browser`, and gives `tokens` what the code is exchanged for.
pub async fn sign_in(
    tokens: &TokenSource,
    browser: &dyn Browser,
    request: &SignInRequest,
) -> Result<TokenGrant, SignInError> {
    let state = random_text(32);
    // 32 bytes: a 43-character verifier, the least RFC 7636 allows, with 256 bits in it.
    let verifier = SecretString::from(random_text(32));
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(SignInError::Listener)?;
    let port = listener.local_addr().map_err(SignInError::Listener)?.port();
    let redirect_uri = format!("http://127.0.0.1:{port}{REDIRECT_PATH}");
    let mut authorize = Url::parse(&request.authorize_url).map_err(|error| {
        ClientError::invalid(
            "sign-in",
            format!("the authorize URL is not a URL: {error}"),
        )
    })?;
    authorize
        .query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &request.client_id)
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("state", &state)
        .append_pair("code_challenge", &code_challenge(verifier.expose_secret()))
        .append_pair("code_challenge_method", "S256");
    browser
        .open(authorize.as_str())
        .map_err(SignInError::Browser)?;
    // The listener is dropped, so the port closed, whichever way this ends.
    let answer = tokio::time::timeout(request.timeout, redirected(listener, &state))
        .await
        .map_err(|_| SignInError::TimedOut(request.timeout))??;
    Ok(tokens
        .exchange_code(&answer, &verifier, &redirect_uri)
        .await?)
}

/// Waits for the browser's redirect and answers it; the code it carries when its state is
/// `state`. Other requests (a favicon) are answered 404 and waited past.
async fn redirected(listener: TcpListener, state: &str) -> Result<String, SignInError> {
    loop {
        let Ok((mut connection, _)) = listener.accept().await else {
            continue;
        };
        let Some(target) = request_target(&mut connection).await else {
            continue;
        };
        let Ok(url) = Url::parse("http://127.0.0.1").and_then(|base| base.join(&target)) else {
            continue;
        };
        if url.path() != REDIRECT_PATH {
            answer(&mut connection, "404 Not Found", "Not found.").await;
            continue;
        }
        let outcome = outcome(&url, state);
        let page = match &outcome {
            Ok(_) => "Signed in. You can close this window and return to Gatehouse.",
            Err(_) => "The sign-in failed; Gatehouse says why. You can close this window.",
        };
        answer(&mut connection, "200 OK", page).await;
        return outcome;
    }
}

/// What the redirect says: the code, or why there is none.
fn outcome(url: &Url, state: &str) -> Result<String, SignInError> {
    let field = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    // Checked first: an error a forged answer claims is not believed either.
    if field("state").as_deref() != Some(state) {
        return Err(SignInError::StateMismatch);
    }
    if let Some(error) = field("error") {
        let description = field("error_description");
        return Err(SignInError::Refused { error, description });
    }
    field("code").ok_or(SignInError::NoCode)
}

/// The target of the request on `connection` (`/callback?code=...`), from its request line.
async fn request_target(connection: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = connection.read(&mut buffer).await.ok()?;
        if read == 0 || head.len() + read > MAX_REQUEST_HEAD {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let line = String::from_utf8_lossy(&head);
    let mut parts = line.lines().next()?.split(' ');
    (parts.next()? == "GET").then_some(())?;
    parts.next().map(str::to_owned)
}

async fn answer(connection: &mut TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Gatehouse</title></head><body><p>{text}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
        body.len()
    );
    // The browser may be gone already; the sign-in does not depend on it reading this.
    let _ = connection.write_all(response.as_bytes()).await;
    let _ = connection.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s_example() {
        // RFC 7636, appendix B.
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn an_answer_is_taken_only_with_the_state_sent() {
        let url = |query: &str| Url::parse(&format!("http://127.0.0.1/callback?{query}")).unwrap();
        assert_eq!(outcome(&url("code=c&state=s"), "s").unwrap(), "c");
        assert!(matches!(
            outcome(&url("code=c&state=other"), "s"),
            Err(SignInError::StateMismatch)
        ));
        assert!(matches!(
            outcome(&url("error=access_denied"), "s"),
            Err(SignInError::StateMismatch)
        ));
        assert!(matches!(
            outcome(&url("error=access_denied&state=s"), "s"),
            Err(SignInError::Refused { .. })
        ));
        assert!(matches!(
            outcome(&url("state=s"), "s"),
            Err(SignInError::NoCode)
        ));
    }
}
