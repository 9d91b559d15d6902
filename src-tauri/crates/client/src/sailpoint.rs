//! SailPoint Identity Security Cloud: the operations the console calls.

use gatehouse_wire::PasswordOrgConfig;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::{ApiClient, ApiResponse};
use crate::error::ClientError;
use crate::token::{ClientCredentials, TokenSource};

const PASSWORD_ORG_CONFIG: &str = "/beta/password-org-config";

pub struct SailPointClient {
    api: ApiClient,
}

impl SailPointClient {
    /// `base_url` is the tenant's API host (`https://acme.api.identitynow.com`).
    pub fn new(http: reqwest::Client, base_url: &str, credentials: ClientCredentials) -> Self {
        let tokens = TokenSource::new(http.clone(), credentials);
        Self {
            api: ApiClient::new(http, base_url, tokens),
        }
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// `None` when the tenant has no password org config yet (the vendor answers 404).
    pub async fn get_password_org_config(&self) -> Result<Option<PasswordOrgConfig>, ClientError> {
        const OPERATION: &str = "get-password-org-config";
        match self
            .api
            .send(OPERATION, Method::GET, PASSWORD_ORG_CONFIG, None)
            .await
        {
            Ok(response) => decode(OPERATION, response).map(Some),
            Err(ClientError::Vendor { status: 404, .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Creates the config; fields left out take the vendor's defaults.
    pub async fn create_password_org_config(
        &self,
        config: &PasswordOrgConfig,
    ) -> Result<PasswordOrgConfig, ClientError> {
        const OPERATION: &str = "create-password-org-config";
        let body = to_json(OPERATION, config)?;
        let response = self
            .api
            .send(OPERATION, Method::POST, PASSWORD_ORG_CONFIG, Some(&body))
            .await?;
        decode(OPERATION, response)
    }

    /// Updates the fields present in `changes`; the vendor keeps every other field as it is.
    pub async fn put_password_org_config(
        &self,
        changes: &Value,
    ) -> Result<PasswordOrgConfig, ClientError> {
        const OPERATION: &str = "put-password-org-config";
        let response = self
            .api
            .send(OPERATION, Method::PUT, PASSWORD_ORG_CONFIG, Some(changes))
            .await?;
        decode(OPERATION, response)
    }
}

fn to_json(operation: &'static str, value: &impl serde::Serialize) -> Result<Value, ClientError> {
    serde_json::to_value(value).map_err(|error| ClientError::UnexpectedResponse {
        operation,
        message: format!("request body could not be encoded: {error}"),
    })
}

fn decode<T: DeserializeOwned>(
    operation: &'static str,
    response: ApiResponse,
) -> Result<T, ClientError> {
    serde_json::from_value(response.body).map_err(|error| ClientError::UnexpectedResponse {
        operation,
        message: error.to_string(),
    })
}
