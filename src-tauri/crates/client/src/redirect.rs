//! Which redirects the HTTP clients follow: only those that stay on the server the request was
//! for. A token request or a PUT carries a secret in its body, and a 307/308 re-sends that body
//! wherever `Location` points; reqwest only drops the `Authorization` header on the way.

use reqwest::redirect::{Attempt, Policy};

/// As many same-server redirects as reqwest's default policy follows.
const MAX_REDIRECTS: usize = 10;

/// Why a redirect was not followed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RedirectRefusal {
    /// The redirect leads to another scheme, host or port; `target` is that origin
    /// (`https://elsewhere.example:8443`), never its path or query.
    #[error("redirected to {target}, which is not the server the request was for")]
    OtherServer { target: String },
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooMany,
}

pub(crate) fn same_server_only() -> Policy {
    Policy::custom(decide)
}

fn decide(attempt: Attempt<'_>) -> reqwest::redirect::Action {
    let previous = attempt.previous();
    let leaves = previous
        .last()
        .is_some_and(|from| from.origin() != attempt.url().origin());
    if leaves {
        let target = attempt.url().origin().ascii_serialization();
        attempt.error(RedirectRefusal::OtherServer { target })
    } else if previous.len() > MAX_REDIRECTS {
        attempt.error(RedirectRefusal::TooMany)
    } else {
        attempt.follow()
    }
}
