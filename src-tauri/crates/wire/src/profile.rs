//! Connection profiles: which tenant of which vendor the console talks to. Never a secret.

use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vendor {
    SailPoint,
    Cloudentity,
}

impl Vendor {
    pub fn label(self) -> &'static str {
        match self {
            Vendor::SailPoint => "SailPoint Identity Security Cloud",
            Vendor::Cloudentity => "Cloudentity ACP",
        }
    }
}

/// A saved connection. The client secret is not part of it: it lives in the OS keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub vendor: Vendor,
    /// `https://acme.api.identitynow.com` or `https://acme.us.authz.cloudentity.io`.
    pub base_url: String,
    pub client_id: String,
    /// Cloudentity only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Cloudentity only; empty means `{base}/{tid}/admin/oauth2/token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_token_url: Option<String>,
    /// Cloudentity only; empty means `{base}/system/system/oauth2/token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_token_url: Option<String>,
    /// PEM certificates of a private CA the server's certificate chains to, trusted in
    /// addition to the public roots. Public material, so it is kept in the profile file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_certificate_pem: Option<String>,
    /// Cloudentity only: the developer portal's public client, which developers sign in
    /// through; without it there is no developer sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer_client_id: Option<String>,
    /// Cloudentity only: keep the developer sign-in's refresh token in the keychain, so it
    /// outlives the app; off, the sign-in ends with the app.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remember_developer_sign_in: bool,
}

impl Profile {
    fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Where the client-credentials token for the vendor's admin API comes from.
    pub fn token_url(&self) -> String {
        match self.vendor {
            Vendor::SailPoint => format!("{}/oauth/token", self.base()),
            Vendor::Cloudentity => self.admin_token_url.clone().unwrap_or_else(|| {
                format!(
                    "{}/{}/admin/oauth2/token",
                    self.base(),
                    self.tenant_id.as_deref().unwrap_or_default()
                )
            }),
        }
    }

    /// Where a client of the Cloudentity authorization server `server` gets its tokens: the
    /// admin workspace's is the connection's own.
    pub fn server_token_url(&self, server: &str) -> String {
        match self.vendor {
            Vendor::Cloudentity if server != "admin" => format!(
                "{}/{}/{server}/oauth2/token",
                self.base(),
                self.tenant_id.as_deref().unwrap_or_default()
            ),
            _ => self.token_url(),
        }
    }

    /// Cloudentity's system token endpoint (configuration export).
    pub fn system_token_url(&self) -> String {
        self.system_token_url
            .clone()
            .unwrap_or_else(|| format!("{}/system/system/oauth2/token", self.base()))
    }

    /// Where a developer signs in (Cloudentity's developer workspace).
    pub fn developer_authorize_url(&self) -> String {
        self.developer_endpoint("authorize")
    }

    /// Where a developer's code and refresh tokens are exchanged.
    pub fn developer_token_url(&self) -> String {
        self.developer_endpoint("token")
    }

    fn developer_endpoint(&self, endpoint: &str) -> String {
        let tenant = self.tenant_id.as_deref().unwrap_or_default();
        format!("{}/{tenant}/developer/oauth2/{endpoint}", self.base())
    }

    /// The origin other than the base URL's (scheme, host and port: `https://idp.example`,
    /// `http://localhost:8443`) that a token URL of the profile names (Cloudentity's token
    /// endpoint overrides), which the administrator must confirm before the client secret may
    /// go there; `None` when every token URL stays on the base URL's origin. The UI sends it
    /// back as [`ProfileInput::confirm_token_host`].
    pub fn other_token_host(&self) -> Option<String> {
        if self.vendor != Vendor::Cloudentity {
            return None;
        }
        let base = endpoint(&self.base_url).ok()?;
        [&self.admin_token_url, &self.system_token_url]
            .into_iter()
            .filter_map(|url| endpoint(url.as_deref()?).ok())
            .find(|token| stays_on_base_origin(&base, token, None).is_err())
            .map(|token| token.origin().ascii_serialization())
    }

    /// What is wrong with the profile, by field, before it is saved or used. A token URL on
    /// another origin than the base URL's is one of the problems: see
    /// [`Profile::problems_confirming`] for the administrator's explicit confirmation.
    pub fn problems(&self) -> Vec<FieldError> {
        self.problems_confirming(None)
    }

    /// [`Profile::problems`], with the origin other than the base URL's that the administrator
    /// confirmed token requests may go to. Token requests carry the client secret, so they go
    /// nowhere else unless someone said so for that very origin: another port or plain http
    /// on the same host may be another server.
    pub fn problems_confirming(&self, confirm_token_host: Option<&str>) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut report = |field: &str, message: String| {
            problems.push(FieldError {
                field: field.to_owned(),
                message,
            });
        };
        if self.name.trim().is_empty() {
            report("name", "is required".to_owned());
        }
        let base = endpoint(&self.base_url).map_err(|message| report("base_url", message));
        if self.client_id.trim().is_empty() {
            report("client_id", "is required".to_owned());
        }
        if self.vendor == Vendor::Cloudentity {
            if self
                .tenant_id
                .as_deref()
                .unwrap_or_default()
                .trim()
                .is_empty()
            {
                report("tenant_id", "is required for Cloudentity".to_owned());
            }
            for (field, url) in [
                ("admin_token_url", &self.admin_token_url),
                ("system_token_url", &self.system_token_url),
            ] {
                let Some(url) = url.as_deref().filter(|url| !url.trim().is_empty()) else {
                    continue;
                };
                match endpoint(url) {
                    Err(message) => report(field, message),
                    Ok(token) => {
                        if let Ok(base) = &base {
                            if let Err(message) =
                                stays_on_base_origin(base, &token, confirm_token_host)
                            {
                                report(field, message);
                            }
                        }
                    }
                }
            }
        }
        if let Some(pem) = &self.ca_certificate_pem {
            if !pem.contains("-----BEGIN CERTIFICATE-----") {
                report(
                    "ca_certificate_pem",
                    "must be PEM text starting with -----BEGIN CERTIFICATE-----".to_owned(),
                );
            }
        }
        problems
    }

    /// What is wrong with a profile read back from the profile file, checked as a save
    /// checks it. Its token origin other than the base URL's, if any, was confirmed when it
    /// was saved (the file does not record that); a file edited to send tokens elsewhere
    /// still gets no secret, which is kept for the endpoints it was entered for.
    pub fn problems_as_saved(&self) -> Vec<FieldError> {
        self.problems_confirming(self.other_token_host().as_deref())
    }

    /// Whether `self` sends requests or the secret anywhere `saved` does not: another vendor,
    /// base URL, token URL, tenant or trusted CA. A stored secret may only follow an edit
    /// that leaves all of these as they were.
    pub fn endpoints_changed(&self, saved: &Profile) -> bool {
        self.endpoints() != saved.endpoints()
    }

    /// Where the profile's requests go and whom they trust.
    pub fn endpoints(&self) -> Endpoints {
        let present = |text: &Option<String>| {
            Some(text.as_deref()?.trim())
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        let pem = self.ca_certificate_pem.as_deref().map(|pem| {
            pem.chars()
                .filter(|character| !character.is_whitespace())
                .collect::<String>()
        });
        Endpoints {
            vendor: self.vendor,
            base_url: normalized_url(&self.base_url),
            token_url: normalized_url(&self.token_url()),
            system_token_url: normalized_url(&self.system_token_url()),
            tenant_id: present(&self.tenant_id),
            ca_certificate_pem: pem.filter(|pem| !pem.is_empty()),
        }
    }
}

/// Where a profile's requests go and whom they trust, each written one way, so spelling
/// differences (a trailing slash, upper-case host, line endings) do not count as changes. A
/// stored secret is kept with a fingerprint of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoints {
    vendor: Vendor,
    base_url: String,
    token_url: String,
    system_token_url: String,
    tenant_id: Option<String>,
    ca_certificate_pem: Option<String>,
}

/// `text` as an endpoint of a connection: an absolute https URL (http only for loopback),
/// without credentials, query or fragment (paths are appended to it).
fn endpoint(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim())
        .map_err(|error| format!("is not a URL ({error}); for example https://acme.example"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(
                "must use https (http is accepted only for 127.0.0.1, [::1] and localhost)"
                    .to_owned(),
            )
        }
        other => return Err(format!("must be an https URL, not {other}:")),
    }
    if url.host().is_none() {
        return Err("must name a host".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain a user name or password".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not have a query (?) or fragment (#)".to_owned());
    }
    Ok(url)
}

/// Loopback as the issue defines it: 127.0.0.0/8, `[::1]` and `localhost`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => address.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A token URL must be on the base URL's origin (scheme, host and port), unless its origin is
/// the one the administrator confirmed.
fn stays_on_base_origin(base: &Url, token: &Url, confirmed: Option<&str>) -> Result<(), String> {
    let (base_origin, token_origin) = (
        base.origin().ascii_serialization(),
        token.origin().ascii_serialization(),
    );
    let confirmed =
        confirmed.is_some_and(|origin| origin.trim().eq_ignore_ascii_case(&token_origin));
    if token_origin == base_origin || confirmed {
        return Ok(());
    }
    Err(format!(
        "is on {token_origin}, not on {base_origin} like the base URL, and token requests carry \
         the client secret; confirm {token_origin} as the token origin to use it"
    ))
}

/// The URL as the parser writes it, without a trailing slash; the trimmed text when it does
/// not parse.
fn normalized_url(text: &str) -> String {
    let text = text.trim();
    Url::parse(text)
        .map(String::from)
        .as_deref()
        .unwrap_or(text)
        .trim_end_matches('/')
        .to_owned()
}

/// Where a profile comes from; only user profiles can be edited or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileSource {
    /// The embedded sandbox.
    Sandbox,
    /// `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`.
    Environment,
    /// A sandbox opened from an export, to rehearse a restore: this session only.
    Rehearsal,
    User,
}

/// Where the profile's secret is kept right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretStatus {
    Keychain,
    /// Kept in memory for this run only (no keychain, environment, or the sandbox).
    Session,
    Missing,
}

/// A profile as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub profile: Profile,
    pub source: ProfileSource,
    pub secret: SecretStatus,
    pub active: bool,
}

/// Why the profile file cannot be used. Nothing was changed: the built-in connections still
/// work, and saving connections waits until the file is moved aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFileProblem {
    pub path: String,
    /// What reading it said, e.g. the parser's line and column.
    pub message: String,
}

/// A saved connection the profile file holds but the console does not use: it breaks a rule a
/// save enforces (written by an earlier version, or edited by hand). The file's other
/// connections still load; saving this one again with the problems fixed, or deleting it,
/// puts it right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedProfile {
    pub profile: Profile,
    /// Names the connection and says what is wrong with it.
    pub message: String,
    pub problems: Vec<FieldError>,
}

/// An environment the SailPoint CLI (`sail`) is configured with, offered as a connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SailEnvironment {
    /// Its name in `sail` (`sail environment use NAME`).
    pub name: String,
    pub base_url: String,
    pub tenant_url: Option<String>,
    pub client_id: Option<String>,
    /// Whether `sail` keeps the client secret in the system keychain, to be taken from there.
    pub secret_in_keychain: bool,
}

/// Who is signed in to a connection's developer portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeveloperIdentity {
    /// The connection (profile id) signed in to.
    pub connection: String,
    pub connection_name: String,
    /// Whether the sign-in is kept in the keychain beyond this run.
    pub remembered: bool,
}

/// Where a newly entered secret should be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretStorage {
    Keychain,
    /// Chosen by the user after the keychain was reported unavailable.
    SessionOnly,
}

/// A profile to save, with the secret the user typed (absent: keep the stored one). `Debug`
/// prints the secret redacted.
#[derive(Clone, Serialize, Deserialize)]
pub struct ProfileInput {
    pub profile: Profile,
    #[serde(default)]
    pub client_secret: Option<String>,
    pub storage: SecretStorage,
    /// The origin other than the base URL's that the administrator confirmed token requests,
    /// and so the client secret, may go to (`https://idp.example`), as
    /// [`Profile::other_token_host`] named it. Absent: token URLs stay on the base URL's origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_token_host: Option<String>,
}

impl std::fmt::Debug for ProfileInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileInput")
            .field("profile", &self.profile)
            .field(
                "client_secret",
                &self
                    .client_secret
                    .as_ref()
                    .map(|_| format_args!("[REDACTED]")),
            )
            .field("storage", &self.storage)
            .field("confirm_token_host", &self.confirm_token_host)
            .finish()
    }
}

impl ProfileInput {
    /// What is wrong with the profile, with the administrator's token origin confirmation.
    pub fn problems(&self) -> Vec<FieldError> {
        self.profile
            .problems_confirming(self.confirm_token_host.as_deref())
    }
}

/// What "Test connection" reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionReport {
    pub token_url: String,
    /// Scopes granted to the token, as the vendor listed them.
    pub scopes: Vec<String>,
    pub expires_in_seconds: u64,
    /// Facts the token response named: SailPoint org, pod, tenant; Cloudentity tenant.
    pub facts: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cloudentity() -> Profile {
        Profile {
            id: "p1".into(),
            name: "Prod ACP".into(),
            vendor: Vendor::Cloudentity,
            base_url: "https://acme.authz.example/".into(),
            client_id: "c".into(),
            tenant_id: Some("acme".into()),
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        }
    }

    #[test]
    fn token_urls_default_from_the_acp_spec() {
        let profile = cloudentity();
        assert_eq!(
            profile.token_url(),
            "https://acme.authz.example/acme/admin/oauth2/token"
        );
        assert_eq!(
            profile.system_token_url(),
            "https://acme.authz.example/system/system/oauth2/token"
        );
        let sailpoint = Profile {
            vendor: Vendor::SailPoint,
            base_url: "https://acme.api.identitynow.com".into(),
            ..profile
        };
        assert_eq!(
            sailpoint.token_url(),
            "https://acme.api.identitynow.com/oauth/token"
        );
    }

    #[test]
    fn a_servers_clients_get_their_tokens_from_it_and_the_admin_workspaces_from_the_connection() {
        let profile = Profile {
            admin_token_url: Some("https://acme.authz.example/custom/token".into()),
            ..cloudentity()
        };
        assert_eq!(
            profile.server_token_url("demo"),
            "https://acme.authz.example/acme/demo/oauth2/token"
        );
        assert_eq!(
            profile.server_token_url("admin"),
            "https://acme.authz.example/custom/token"
        );
    }

    #[test]
    fn explicit_token_url_wins() {
        let profile = Profile {
            admin_token_url: Some("https://idp.example/token".into()),
            ..cloudentity()
        };
        assert_eq!(profile.token_url(), "https://idp.example/token");
    }

    fn fields_with_problems(profile: &Profile) -> Vec<String> {
        profile.problems().into_iter().map(|p| p.field).collect()
    }

    fn with_base(base_url: &str) -> Profile {
        Profile {
            base_url: base_url.into(),
            ..cloudentity()
        }
    }

    #[test]
    fn real_tenants_need_https() {
        assert!(with_base("https://acme.us.authz.cloudentity.io")
            .problems()
            .is_empty());
        let plain = with_base("http://acme.us.authz.cloudentity.io").problems();
        assert_eq!(plain[0].field, "base_url");
        assert!(plain[0].message.contains("https"), "{}", plain[0].message);
    }

    #[test]
    fn http_is_accepted_only_for_loopback() {
        for loopback in [
            "http://127.0.0.1:8080",
            "http://127.9.8.7",
            "http://[::1]:8443/",
            "http://localhost:1420",
            "http://LOCALHOST",
        ] {
            assert!(with_base(loopback).problems().is_empty(), "{loopback}");
        }
        for elsewhere in [
            "http://10.0.0.1",
            "http://128.0.0.1",
            "http://[::ffff:127.0.0.1]",
            "http://localhost.evil.example",
            "http://127.0.0.1.nip.io",
        ] {
            assert_eq!(
                fields_with_problems(&with_base(elsewhere)),
                ["base_url"],
                "{elsewhere}"
            );
        }
    }

    #[test]
    fn text_that_only_looks_like_a_url_is_refused() {
        for broken in [
            "https://",
            "https//acme.example",
            "https://acme .example",
            "ftp://acme.example",
            "javascript:alert(1)",
            "https://admin:hunter2@acme.example",
            "https://acme.example/?tenant=x",
            "https://acme.example/#top",
        ] {
            assert_eq!(
                fields_with_problems(&with_base(broken)),
                ["base_url"],
                "{broken}"
            );
        }
    }

    #[test]
    fn token_urls_are_checked_like_the_base_url() {
        let profile = Profile {
            admin_token_url: Some("http://acme.authz.example/acme/admin/oauth2/token".into()),
            system_token_url: Some("not a url".into()),
            ..cloudentity()
        };
        assert_eq!(
            fields_with_problems(&profile),
            ["admin_token_url", "system_token_url"]
        );
    }

    #[test]
    fn a_token_url_on_the_base_origin_needs_no_confirmation() {
        let profile = Profile {
            admin_token_url: Some("https://acme.authz.example/custom/token".into()),
            system_token_url: Some("https://ACME.authz.example:443/system/token".into()),
            ..cloudentity()
        };
        assert!(profile.problems().is_empty(), "{:?}", profile.problems());
    }

    #[test]
    fn a_token_url_on_another_host_is_refused_naming_the_origin_and_how_to_confirm() {
        let profile = Profile {
            admin_token_url: Some("https://idp.example/oauth2/token".into()),
            ..cloudentity()
        };
        let problems = profile.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "admin_token_url");
        assert!(
            problems[0].message.contains("https://idp.example")
                && problems[0].message.contains("https://acme.authz.example")
                && problems[0].message.contains("confirm https://idp.example"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_token_url_on_the_same_host_but_another_port_or_scheme_needs_confirmation() {
        let on_loopback = Profile {
            base_url: "https://127.0.0.1:8443".into(),
            ..cloudentity()
        };
        for (token_url, origin) in [
            ("https://127.0.0.1:9443/token", "https://127.0.0.1:9443"),
            ("http://127.0.0.1:8443/token", "http://127.0.0.1:8443"),
        ] {
            let profile = Profile {
                admin_token_url: Some(token_url.into()),
                ..on_loopback.clone()
            };
            let problems = profile.problems();
            assert_eq!(problems.len(), 1, "{token_url}: {problems:?}");
            assert_eq!(problems[0].field, "admin_token_url");
            assert!(
                problems[0].message.contains(&format!("confirm {origin} ")),
                "{}",
                problems[0].message
            );
            assert_eq!(profile.other_token_host().as_deref(), Some(origin));
            assert!(profile.problems_confirming(Some(origin)).is_empty());
            // Confirming the host alone, or the base URL's own origin, is not confirming this one.
            assert_eq!(profile.problems_confirming(Some("127.0.0.1")).len(), 1);
            assert_eq!(
                profile
                    .problems_confirming(Some("https://127.0.0.1:8443"))
                    .len(),
                1
            );
        }
    }

    #[test]
    fn the_other_token_origin_is_named_for_the_administrator_to_confirm() {
        assert_eq!(cloudentity().other_token_host(), None);
        let profile = Profile {
            admin_token_url: Some("https://acme.authz.example/custom/token".into()),
            system_token_url: Some("https://idp.example:8443/oauth2/token".into()),
            ..cloudentity()
        };
        let origin = profile.other_token_host().expect("the other origin");
        assert_eq!(origin, "https://idp.example:8443");
        assert!(profile.problems_confirming(Some(&origin)).is_empty());
    }

    #[test]
    fn only_the_confirmed_origin_may_receive_token_requests() {
        let profile = Profile {
            admin_token_url: Some("https://idp.example/oauth2/token".into()),
            system_token_url: Some("https://other.example/oauth2/token".into()),
            ..cloudentity()
        };
        let problems = profile.problems_confirming(Some(" HTTPS://IDP.example "));
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["system_token_url"]);
        assert!(problems[0].message.contains("https://other.example"));
    }

    #[test]
    fn sailpoint_token_url_fields_are_not_used_so_not_checked() {
        let profile = Profile {
            vendor: Vendor::SailPoint,
            tenant_id: None,
            admin_token_url: Some("https://idp.example/token".into()),
            ..cloudentity()
        };
        assert!(profile.problems().is_empty());
        assert_eq!(
            profile.token_url(),
            "https://acme.authz.example/oauth/token"
        );
    }

    #[test]
    fn every_endpoint_field_counts_as_an_endpoint_change() {
        let saved = cloudentity();
        let changes = [
            Profile {
                base_url: "https://other.authz.example".into(),
                ..saved.clone()
            },
            Profile {
                admin_token_url: Some("https://acme.authz.example/other/token".into()),
                ..saved.clone()
            },
            Profile {
                system_token_url: Some("https://acme.authz.example/other/token".into()),
                ..saved.clone()
            },
            Profile {
                tenant_id: Some("other".into()),
                ..saved.clone()
            },
            Profile {
                ca_certificate_pem: Some("-----BEGIN CERTIFICATE-----\nMIIB\n".into()),
                ..saved.clone()
            },
            Profile {
                vendor: Vendor::SailPoint,
                ..saved.clone()
            },
        ];
        for edited in changes {
            assert!(edited.endpoints_changed(&saved), "{edited:?}");
            assert!(saved.endpoints_changed(&edited), "{edited:?}");
        }
    }

    #[test]
    fn renaming_or_respelling_the_same_endpoints_is_no_endpoint_change() {
        let saved = Profile {
            ca_certificate_pem: Some("-----BEGIN CERTIFICATE-----\nMIIB\n".into()),
            ..cloudentity()
        };
        let edited = Profile {
            name: "Renamed".into(),
            client_id: "another-client".into(),
            base_url: "https://ACME.authz.example".into(),
            admin_token_url: Some("https://acme.authz.example/acme/admin/oauth2/token".into()),
            ca_certificate_pem: Some("-----BEGIN CERTIFICATE-----\r\nMIIB\r\n".into()),
            ..saved.clone()
        };
        assert!(!edited.endpoints_changed(&saved));
        assert!(!saved.endpoints_changed(&saved.clone()));
    }

    #[test]
    fn a_profile_read_back_is_checked_as_a_save_checks_it_with_its_token_origin_confirmed() {
        assert!(cloudentity().problems_as_saved().is_empty());
        let confirmed_when_saved = Profile {
            admin_token_url: Some("https://idp.example/oauth2/token".into()),
            ..cloudentity()
        };
        assert!(confirmed_when_saved.problems_as_saved().is_empty());
        let plain_http = with_base("http://acme.authz.example");
        assert_eq!(
            plain_http
                .problems_as_saved()
                .into_iter()
                .map(|problem| problem.field)
                .collect::<Vec<_>>(),
            ["base_url"]
        );
        // One other origin may have been confirmed; a second never could have been.
        let two_other_origins = Profile {
            system_token_url: Some("https://other.example/oauth2/token".into()),
            ..confirmed_when_saved
        };
        assert_eq!(two_other_origins.problems_as_saved().len(), 1);
    }

    #[test]
    fn an_input_confirms_its_token_origin_and_old_callers_still_deserialize() {
        let profile = Profile {
            admin_token_url: Some("https://idp.example/oauth2/token".into()),
            ..cloudentity()
        };
        let old_caller = serde_json::json!({"profile": profile, "storage": "keychain"});
        let mut input: ProfileInput = serde_json::from_value(old_caller).unwrap();
        assert_eq!(input.confirm_token_host, None);
        assert_eq!(input.problems()[0].field, "admin_token_url");
        input.confirm_token_host = Some("https://idp.example".into());
        assert!(input.problems().is_empty());
    }

    #[test]
    fn a_profile_input_prints_its_secret_redacted() {
        let input = ProfileInput {
            profile: cloudentity(),
            client_secret: Some("typed-secret-0123".into()),
            storage: SecretStorage::SessionOnly,
            confirm_token_host: None,
        };
        let printed = format!("{input:?}");
        assert!(!printed.contains("typed-secret-0123"), "{printed}");
        assert!(
            printed.contains("client_secret: Some([REDACTED])"),
            "{printed}"
        );
        assert!(printed.contains("p1"), "the rest still prints: {printed}");
    }

    #[test]
    fn problems_name_the_fields() {
        let profile = Profile {
            name: " ".into(),
            base_url: "acme".into(),
            tenant_id: None,
            ..cloudentity()
        };
        assert_eq!(
            fields_with_problems(&profile),
            ["name", "base_url", "tenant_id"]
        );
        assert!(cloudentity().problems().is_empty());
    }
}
