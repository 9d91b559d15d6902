//! Connection profiles: which tenant of which vendor the console talks to. Never a secret.

use serde::{Deserialize, Serialize};

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

    /// Cloudentity's system token endpoint (configuration export).
    pub fn system_token_url(&self) -> String {
        self.system_token_url
            .clone()
            .unwrap_or_else(|| format!("{}/system/system/oauth2/token", self.base()))
    }

    /// What is wrong with the profile, by field, before it is saved or used.
    pub fn problems(&self) -> Vec<crate::FieldError> {
        let mut problems = Vec::new();
        let mut require = |field: &str, ok: bool, message: &str| {
            if !ok {
                problems.push(crate::FieldError {
                    field: field.to_owned(),
                    message: message.to_owned(),
                });
            }
        };
        require("name", !self.name.trim().is_empty(), "is required");
        let base = self.base_url.trim();
        require(
            "base_url",
            base.starts_with("https://") || base.starts_with("http://"),
            "must be an http(s) URL",
        );
        require(
            "client_id",
            !self.client_id.trim().is_empty(),
            "is required",
        );
        if self.vendor == Vendor::Cloudentity {
            let tenant = self.tenant_id.as_deref().unwrap_or_default();
            require(
                "tenant_id",
                !tenant.trim().is_empty(),
                "is required for Cloudentity",
            );
        }
        if let Some(pem) = &self.ca_certificate_pem {
            require(
                "ca_certificate_pem",
                pem.contains("-----BEGIN CERTIFICATE-----"),
                "must be PEM text starting with -----BEGIN CERTIFICATE-----",
            );
        }
        problems
    }
}

/// Where a profile comes from; only user profiles can be edited or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileSource {
    /// The embedded sandbox.
    Sandbox,
    /// `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`.
    Environment,
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

/// Where a newly entered secret should be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretStorage {
    Keychain,
    /// Chosen by the user after the keychain was reported unavailable.
    SessionOnly,
}

/// A profile to save, with the secret the user typed (absent: keep the stored one).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileInput {
    pub profile: Profile,
    #[serde(default)]
    pub client_secret: Option<String>,
    pub storage: SecretStorage,
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
    fn explicit_token_url_wins() {
        let profile = Profile {
            admin_token_url: Some("https://idp.example/token".into()),
            ..cloudentity()
        };
        assert_eq!(profile.token_url(), "https://idp.example/token");
    }

    #[test]
    fn problems_name_the_fields() {
        let profile = Profile {
            name: " ".into(),
            base_url: "acme".into(),
            tenant_id: None,
            ..cloudentity()
        };
        let fields: Vec<_> = profile.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["name", "base_url", "tenant_id"]);
        assert!(cloudentity().problems().is_empty());
    }
}
