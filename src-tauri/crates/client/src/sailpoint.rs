//! SailPoint Identity Security Cloud: typed models (from the vendor's beta and v3 specs) and
//! the operations, all through the generic resource mechanism.

use gatehouse_wire::catalog::{AUTH_USERS, OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS};
use gatehouse_wire::{PasswordOrgConfig, ResourceDescription, PASSWORD_ORG_CONFIG};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::ApiClient;
use crate::error::ClientError;
use crate::resource::{decode, Api, Resource, ResourceClient};
use crate::token::{ClientCredentials, TokenSource};

open_enum!(GrantType {
    ClientCredentials = "CLIENT_CREDENTIALS",
    AuthorizationCode = "AUTHORIZATION_CODE",
    RefreshToken = "REFRESH_TOKEN",
});
open_enum!(AccessType {
    Online = "ONLINE",
    Offline = "OFFLINE",
});
open_enum!(ClientType {
    Confidential = "CONFIDENTIAL",
    Public = "PUBLIC",
});

/// `GetOAuthClientResponse`. Unknown properties are kept in `other`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthClient {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub business_name: Option<String>,
    pub homepage_url: Option<String>,
    pub access_token_validity_seconds: i32,
    pub refresh_token_validity_seconds: Option<i32>,
    pub redirect_uris: Option<Vec<String>>,
    pub grant_types: Option<Vec<GrantType>>,
    pub access_type: Option<AccessType>,
    #[serde(rename = "type")]
    pub client_type: Option<ClientType>,
    pub internal: Option<bool>,
    pub enabled: bool,
    pub strong_auth_supported: Option<bool>,
    pub claims_supported: Option<bool>,
    pub created: Option<String>,
    pub modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
    pub scope: Option<Vec<String>>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `CreateOAuthClientRequest`: required are name, description, token lifetime, grant types,
/// access type and enabled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewOAuthClient {
    pub name: String,
    pub description: String,
    pub access_token_validity_seconds: i32,
    pub grant_types: Vec<GrantType>,
    pub access_type: AccessType,
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub homepage_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity_seconds: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub client_type: Option<ClientType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strong_auth_supported: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims_supported: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<String>>,
}

/// `CreateOAuthClientResponse`: the client and, this once, its secret.
#[derive(Debug, Deserialize)]
pub struct CreatedOAuthClient {
    pub secret: SecretString,
    #[serde(flatten)]
    pub client: OAuthClient,
}

impl Resource for OAuthClient {
    const DESCRIPTION: &'static ResourceDescription = &OAUTH_CLIENTS;
    type New = NewOAuthClient;
    type Created = CreatedOAuthClient;
}

/// `PatOwner`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatOwner {
    #[serde(rename = "type")]
    pub owner_type: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
}

/// `GetPersonalAccessTokenResponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalAccessToken {
    pub id: String,
    pub name: String,
    pub scope: Option<Vec<String>>,
    pub owner: PatOwner,
    pub created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_validity_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `CreatePersonalAccessTokenRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPersonalAccessToken {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<String>>,
    /// 15 to 43200; 43200 when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_validity_seconds: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
}

/// `CreatePersonalAccessTokenResponse`: the token and, this once, its secret.
#[derive(Debug, Deserialize)]
pub struct CreatedPersonalAccessToken {
    pub secret: SecretString,
    #[serde(flatten)]
    pub token: PersonalAccessToken,
}

impl Resource for PersonalAccessToken {
    const DESCRIPTION: &'static ResourceDescription = &PERSONAL_ACCESS_TOKENS;
    type New = NewPersonalAccessToken;
    type Created = CreatedPersonalAccessToken;
}

/// v3 `AuthUser`; capabilities are kept as strings, since tenants have more than the spec lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthUser {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default)]
    pub capabilities: Option<Vec<String>>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Auth users are not created through this API.
#[derive(Debug, Serialize)]
pub enum NoCreate {}

impl Resource for AuthUser {
    const DESCRIPTION: &'static ResourceDescription = &AUTH_USERS;
    type New = NoCreate;
    type Created = AuthUser;
}

/// `filters` for the OAuth client and PAT lists: the seed supports `lastUsed le` and `isnull`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastUsedFilter {
    /// Last used at or before this RFC 3339 time.
    AtOrBefore(String),
    Never,
}

impl LastUsedFilter {
    pub fn to_filters(&self) -> String {
        match self {
            LastUsedFilter::AtOrBefore(time) => format!("lastUsed le {time}"),
            LastUsedFilter::Never => "lastUsed isnull".to_owned(),
        }
    }
}

pub struct SailPointClient {
    api: ApiClient,
}

impl SailPointClient {
    /// `base_url` is the tenant's API host (`https://acme.api.identitynow.com`).
    pub fn new(http: reqwest::Client, base_url: &str, credentials: ClientCredentials) -> Self {
        let tokens = TokenSource::new(http.clone(), credentials);
        Self::with_api(ApiClient::new(http, base_url, tokens))
    }

    pub fn with_api(api: ApiClient) -> Self {
        Self { api }
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// Any described SailPoint resource, untyped (SailPoint paths have no fixed parameters).
    pub fn resource(&self, description: &'static ResourceDescription) -> ResourceClient<'_> {
        ResourceClient::new(&self.api, description)
    }

    pub fn oauth_clients(&self) -> Api<'_, OAuthClient> {
        Api::new(self.resource(OAuthClient::DESCRIPTION))
    }

    pub fn personal_access_tokens(&self) -> Api<'_, PersonalAccessToken> {
        Api::new(self.resource(PersonalAccessToken::DESCRIPTION))
    }

    pub fn auth_users(&self) -> Api<'_, AuthUser> {
        Api::new(self.resource(AuthUser::DESCRIPTION))
    }

    pub async fn list_oauth_clients(
        &self,
        last_used: Option<&LastUsedFilter>,
    ) -> Result<Vec<OAuthClient>, ClientError> {
        let filters = last_used.map(LastUsedFilter::to_filters);
        let query: Vec<(&str, &str)> = filters.iter().map(|f| ("filters", f.as_str())).collect();
        self.oauth_clients().list(&query).await
    }

    /// PATs of `owner_id` (`"me"` for the caller's own), or of the whole tenant.
    pub async fn list_personal_access_tokens(
        &self,
        owner_id: Option<&str>,
        last_used: Option<&LastUsedFilter>,
    ) -> Result<Vec<PersonalAccessToken>, ClientError> {
        let filters = last_used.map(LastUsedFilter::to_filters);
        let mut query: Vec<(&str, &str)> =
            owner_id.map(|id| ("owner-id", id)).into_iter().collect();
        query.extend(filters.iter().map(|f| ("filters", f.as_str())));
        self.personal_access_tokens().list(&query).await
    }

    /// `None` when the tenant has no password org config yet (the vendor answers 404).
    pub async fn get_password_org_config(&self) -> Result<Option<PasswordOrgConfig>, ClientError> {
        match self.resource(&PASSWORD_ORG_CONFIG).get(None).await {
            Ok(body) => decode("get-password-org-config", body).map(Some),
            Err(ClientError::Vendor { status: 404, .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn enums_keep_values_newer_than_the_spec() {
        let types: Vec<GrantType> =
            serde_json::from_value(json!(["CLIENT_CREDENTIALS", "DEVICE_CODE"])).unwrap();
        assert_eq!(
            types,
            [
                GrantType::ClientCredentials,
                GrantType::Other("DEVICE_CODE".into())
            ]
        );
        assert_eq!(
            serde_json::to_value(&types).unwrap(),
            json!(["CLIENT_CREDENTIALS", "DEVICE_CODE"])
        );
    }

    #[test]
    fn the_created_secret_is_redacted_in_debug_output() {
        let created: CreatedPersonalAccessToken = serde_json::from_value(json!({
            "id": "86f1", "secret": "1d1bef2b9f42", "name": "CI", "scope": null,
            "owner": {"type": "IDENTITY", "id": "2c91", "name": "Support"},
            "created": "2017-07-11T18:45:37.098Z", "accessTokenValiditySeconds": 36900,
            "expirationDate": "2018-01-11T18:45:37.098Z"
        }))
        .unwrap();
        assert!(!format!("{created:?}").contains("1d1bef2b9f42"));
        assert_eq!(created.token.name, "CI");
    }

    #[test]
    fn filters_follow_the_seed_syntax() {
        assert_eq!(
            LastUsedFilter::AtOrBefore("2023-02-05T10:59:27.214Z".into()).to_filters(),
            "lastUsed le 2023-02-05T10:59:27.214Z"
        );
        assert_eq!(LastUsedFilter::Never.to_filters(), "lastUsed isnull");
    }
}
