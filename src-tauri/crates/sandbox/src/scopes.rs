//! Which token scopes each operation needs, from the vendors' specs (`security` of each
//! operation). A token needs one of the listed scopes; SailPoint's `sp:scopes:all` holds all.

use axum::http::Method;

const ALL: &str = "sp:scopes:all";

/// The scopes that allow `method path`, any one of them enough; empty when none is needed.
pub fn required(method: &Method, path: &str) -> &'static [&'static str] {
    let reading = *method == Method::GET;
    let prefix = |prefix: &str| path.starts_with(prefix);
    if prefix("/beta/oauth-clients") {
        if reading {
            &["sp:oauth-client:read", "sp:oauth-client:manage"]
        } else {
            &["sp:oauth-client:manage"]
        }
    } else if prefix("/beta/personal-access-tokens") {
        match *method {
            Method::GET => &[
                "sp:my-personal-access-tokens:read",
                "sp:my-personal-access-tokens:manage",
                "sp:all-personal-access-tokens:read",
                "sp:all-personal-access-tokens:manage",
            ],
            Method::PATCH => &["sp:my-personal-access-tokens:manage"],
            _ => &[
                "sp:my-personal-access-tokens:manage",
                "sp:all-personal-access-tokens:manage",
            ],
        }
    } else if prefix("/v3/auth-users") {
        if reading {
            &["sp:auth-user:read", "sp:auth-user:manage"]
        } else {
            &["sp:auth-user:manage"]
        }
    } else if prefix("/beta/password-org-config") {
        if reading {
            &[
                "idn:password-org-config:read",
                "idn:password-org-config:manage",
            ]
        } else {
            &["idn:password-org-config:manage"]
        }
    } else if prefix("/api/") {
        if reading {
            &["view_configuration", "manage_configuration"]
        } else {
            &["manage_configuration"]
        }
    } else {
        &[]
    }
}

pub fn satisfied(needed: &[&str], granted: &[String]) -> bool {
    needed.is_empty()
        || granted
            .iter()
            .any(|scope| scope == ALL || needed.contains(&scope.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_scope_reads_but_does_not_write() {
        let read = vec!["sp:oauth-client:read".to_owned()];
        assert!(satisfied(
            required(&Method::GET, "/beta/oauth-clients"),
            &read
        ));
        assert!(!satisfied(
            required(&Method::POST, "/beta/oauth-clients"),
            &read
        ));
        let all = vec![ALL.to_owned()];
        assert!(satisfied(
            required(&Method::PATCH, "/v3/auth-users/x"),
            &all
        ));
        assert!(satisfied(required(&Method::POST, "/oauth/token"), &[]));
    }
}
