//! Typed Cloudentity ACP models, from the 1.6.0 admin spec. The spec marks no property as
//! required, so every field is optional, and an absent field stays absent when sent back.
//! Updates are whole-object PUTs: whatever a model does not name is kept in `other` and sent
//! back untouched, so a newer server's fields survive an edit made here.

use gatehouse_wire::catalog::{
    APIS, CLAIMS, CLIENTS, CONSENTS, CONSENT_ACTIONS, GATEWAYS, POLICIES, SCOPES, SERVERS,
    SERVICES, TENANT,
};
use gatehouse_wire::ResourceDescription;
use secrecy::zeroize::Zeroize;
use secrecy::{CloneableSecret, SecretBox, SerializableSecret};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::skip_serializing_none;

use crate::resource::Resource;

/// A secret the vendor shows on reads and expects back on a whole-object PUT. It prints as
/// redacted; only serializing it, to send it back, exposes it.
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretText(String);

impl Zeroize for SecretText {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}
impl CloneableSecret for SecretText {}
impl SerializableSecret for SecretText {}

impl SecretText {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub type ReturnedSecret = SecretBox<SecretText>;

open_enum!(
    /// Both servers' and clients' grant types.
    GrantType {
        AuthorizationCode = "authorization_code",
        Implicit = "implicit",
        RefreshToken = "refresh_token",
        ClientCredentials = "client_credentials",
        Password = "password",
        JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer",
    }
);
open_enum!(AccessTokenStrategy {
    Jwt = "jwt",
    Opaque = "opaque",
});
open_enum!(ServerType {
    Regular = "regular",
    Admin = "admin",
    Developer = "developer",
    System = "system",
});
open_enum!(ResponseType {
    Token = "token",
    IdToken = "id_token",
    Code = "code",
});
open_enum!(TokenEndpointAuthMethod {
    ClientSecretBasic = "client_secret_basic",
    ClientSecretPost = "client_secret_post",
    ClientSecretJwt = "client_secret_jwt",
    PrivateKeyJwt = "private_key_jwt",
    SelfSignedTlsClientAuth = "self_signed_tls_client_auth",
    TlsClientAuth = "tls_client_auth",
    None = "none",
});
open_enum!(ApplicationType {
    Web = "web",
    Native = "native",
});
open_enum!(ClaimType {
    IdToken = "id_token",
    AccessToken = "access_token",
});
open_enum!(PolicyType {
    User = "user",
    Developer = "developer",
    Machine = "machine",
    Api = "api",
});
open_enum!(PolicyLanguage {
    Cloudentity = "cloudentity",
    Rego = "rego",
});
open_enum!(GatewayType {
    Pyron = "pyron",
    Aws = "aws",
});
open_enum!(ExistingGrantsUpdate {
    ExplicitAll = "explicitAll",
    ImplicitAll = "implicitAll",
    KeepCurrent = "keepCurrent",
});

/// Implements [`Resource`] for models whose create sends and answers the model itself.
macro_rules! resource {
    ($($model:ty => $description:expr),+ $(,)?) => {
        $(impl Resource for $model {
            const DESCRIPTION: &'static ResourceDescription = &$description;
            type New = $model;
            type Created = $model;
        })+
    };
}

resource!(
    Server => SERVERS,
    Client => CLIENTS,
    Scope => SCOPES,
    Claim => CLAIMS,
    Policy => POLICIES,
    Service => SERVICES,
    ServiceApi => APIS,
    Gateway => GATEWAYS,
    Consent => CONSENTS,
    ConsentAction => CONSENT_ACTIONS,
    Tenant => TENANT,
);

/// `Debug` for a model that holds secrets: its modelled fields as usual, its secrets redacted,
/// and of `other` only the keys, since a field this version does not model may be a secret
/// too (`rotated_secrets`, a private JWKS). A field left off the list is not printed.
macro_rules! redacted_debug {
    ($model:ident { $($field:ident),* $(,)? } secrets { $($secret:ident),* $(,)? }) => {
        impl std::fmt::Debug for $model {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($model))
                    $(.field(stringify!($field), &self.$field))*
                    $(.field(
                        stringify!($secret),
                        &self.$secret.as_ref().map(|_| format_args!("[REDACTED]")),
                    ))*
                    .field("other_keys", &self.other.keys().collect::<Vec<_>>())
                    .finish()
            }
        }
    };
}

/// `Server`: an authorization server (workspace).
#[skip_serializing_none]
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Server {
    pub id: Option<String>,
    pub tenant_id: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub server_type: Option<ServerType>,
    pub profile: Option<String>,
    pub color: Option<String>,
    pub access_token_strategy: Option<AccessTokenStrategy>,
    pub access_token_ttl: Option<String>,
    pub id_token_ttl: Option<String>,
    pub refresh_token_ttl: Option<String>,
    pub authorization_code_ttl: Option<String>,
    pub cookie_max_age: Option<String>,
    pub grant_types: Option<Vec<GrantType>>,
    pub subject_identifier_types: Option<Vec<String>>,
    pub enforce_pkce: Option<bool>,
    pub enforce_pkce_for_public_clients: Option<bool>,
    pub key_type: Option<String>,
    pub issuer_url: Option<String>,
    /// The server's hashing secret.
    pub secret: Option<ReturnedSecret>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `ClientAdminResponse`: an OAuth client as the admin API shows it, secret included.
#[skip_serializing_none]
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Client {
    pub client_id: Option<String>,
    pub client_name: Option<String>,
    pub description: Option<String>,
    pub authorization_server_id: Option<String>,
    pub tenant_id: Option<String>,
    pub application_type: Option<ApplicationType>,
    pub grant_types: Option<Vec<GrantType>>,
    pub response_types: Option<Vec<ResponseType>>,
    pub redirect_uris: Option<Vec<String>>,
    pub scopes: Option<Vec<String>>,
    pub audience: Option<Vec<String>>,
    pub token_endpoint_auth_method: Option<TokenEndpointAuthMethod>,
    pub client_uri: Option<String>,
    pub logo_uri: Option<String>,
    pub trusted: Option<bool>,
    pub system: Option<bool>,
    pub developer_id: Option<String>,
    pub client_id_issued_at: Option<i64>,
    pub client_secret: Option<ReturnedSecret>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

redacted_debug!(Server {
    id, tenant_id, name, server_type, profile, color, access_token_strategy, access_token_ttl,
    id_token_ttl, refresh_token_ttl, authorization_code_ttl, cookie_max_age, grant_types,
    subject_identifier_types, enforce_pkce, enforce_pkce_for_public_clients, key_type,
    issuer_url,
} secrets { secret });

redacted_debug!(Client {
    client_id, client_name, description, authorization_server_id, tenant_id, application_type,
    grant_types, response_types, redirect_uris, scopes, audience, token_endpoint_auth_method,
    client_uri, logo_uri, trusted, system, developer_id, client_id_issued_at,
} secrets { client_secret });

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    pub id: Option<String>,
    pub name: Option<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub authorization_server_id: Option<String>,
    pub service_id: Option<String>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub claim_type: Option<ClaimType>,
    pub mapping: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub authorization_server_id: Option<String>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub id: Option<String>,
    pub policy_name: Option<String>,
    #[serde(rename = "type")]
    pub policy_type: Option<PolicyType>,
    pub language: Option<PolicyLanguage>,
    pub definition: Option<String>,
    /// `ValidatorConfig` objects, kept whole.
    pub validators: Option<Vec<Value>>,
    pub query: Option<String>,
    pub server_id: Option<String>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub audience: Option<String>,
    pub authorization_server_id: Option<String>,
    pub gateway_id: Option<String>,
    pub with_specification: Option<bool>,
    pub system: Option<bool>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `API`: one method and path of a service.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceApi {
    pub id: Option<String>,
    pub method: Option<String>,
    pub path: Option<String>,
    pub service_id: Option<String>,
    pub policy_id: Option<String>,
    pub data_classifications: Option<Vec<String>>,
    pub can_have_policy: Option<bool>,
    pub position: Option<i64>,
    pub server_id: Option<String>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Gateway {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub gateway_type: Option<GatewayType>,
    /// Sent on create; the vendor answers with `authorization_server_id`.
    pub server_id: Option<String>,
    pub authorization_server_id: Option<String>,
    pub client_id: Option<String>,
    pub last_active: Option<String>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub can_be_withdrawn: Option<bool>,
    pub update_existing_grants: Option<ExistingGrantsUpdate>,
    pub valid_from: Option<String>,
    pub version: Option<i64>,
    /// `PIICategory` objects, kept whole.
    pub pii_categories: Option<Vec<Value>>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConsentAction {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// The consents the action asks for, as the seed's request lists them.
    pub consents: Option<Vec<Value>>,
    pub tenant_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub authentication_context_settings: Option<Value>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use serde_json::json;

    #[test]
    fn values_newer_than_the_spec_decode_and_go_back_as_they_came() {
        let sent = json!({
            "client_id": "c1",
            "client_name": "Batch",
            "grant_types": ["client_credentials", "urn:openid:params:grant-type:ciba"],
            "token_endpoint_auth_method": "attest_jwt_client_auth",
            "client_secret": "s3cr3t-value-0123456789",
            "privacy": {"scopes": {"email": {"pii_categories": []}}}
        });
        let client: Client = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(
            client.grant_types.as_deref().unwrap()[1],
            GrantType::Other("urn:openid:params:grant-type:ciba".into())
        );
        assert_eq!(
            client.token_endpoint_auth_method,
            Some(TokenEndpointAuthMethod::Other(
                "attest_jwt_client_auth".into()
            ))
        );
        assert!(!format!("{client:?}").contains("s3cr3t"));
        assert!(
            format!("{client:?}").contains("\"privacy\""),
            "unmodelled keys still print"
        );
        let secret = client.client_secret.as_ref().unwrap();
        assert_eq!(secret.expose_secret().as_str(), "s3cr3t-value-0123456789");
        assert_eq!(serde_json::to_value(&client).unwrap(), sent);
    }

    #[test]
    fn servers_and_clients_print_secrets_and_unmodelled_values_redacted() {
        let server: Server = serde_json::from_value(json!({
            "id": "payments",
            "name": "Payments",
            "secret": "hashing-secret-0123456789",
            "rotated_secrets": ["rotated-secret-0123456789"],
            "jwks": {"keys": [{"d": "private-exponent-0123456789"}]}
        }))
        .unwrap();
        let client: Client = serde_json::from_value(json!({
            "client_id": "c1",
            "client_secret": "client-secret-0123456789",
            "rotated_secrets": ["old-client-secret-0123456789"]
        }))
        .unwrap();
        for printed in [format!("{server:?}"), format!("{client:?}")] {
            assert!(!printed.contains("0123456789"), "{printed}");
            assert!(printed.contains("[REDACTED]"), "{printed}");
            assert!(
                printed.contains("rotated_secrets"),
                "keys still print: {printed}"
            );
        }
        assert!(format!("{server:?}").contains("\"Payments\""));
    }
}
