//! Cloudentity ACP: every admin, developer and system operation of the seed, through the
//! generic resource mechanism; this adds the calls that are not plain CRUD.

use std::path::Path;

use gatehouse_wire::catalog::{APIS, CONFIGURATION, GATEWAYS, PRIVACY_LEDGER_EVENTS, SERVICES};
use gatehouse_wire::{ResourceDescription, Workspace};
use serde_json::Value;

mod models;

pub use models::{
    AccessTokenStrategy, ApplicationType, Claim, ClaimType, Client, Consent, ConsentAction,
    ExistingGrantsUpdate, Gateway, GatewayType, GrantType, Policy, PolicyLanguage, PolicyType,
    ResponseType, ReturnedSecret, Scope, SecretText, Server, ServerType, Service, ServiceApi,
    Tenant, TokenEndpointAuthMethod,
};

use crate::api::{ApiClient, ApiRequest, RequestBody};
use crate::error::ClientError;
use crate::resource::{Api, Resource, ResourceClient};

/// Where an OpenAPI specification to import comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecificationSource {
    /// A file the user picked: its name and content.
    File { name: String, bytes: Vec<u8> },
    /// The document pasted as text.
    Text(String),
    /// A URL the vendor fetches itself.
    Url(String),
}

/// Which APIs a per-server or per-service list returns (the seed's query parameters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DataClassificationFilter {
    #[default]
    All,
    /// APIs with any of these data classifications.
    Any(Vec<String>),
    /// APIs without data classifications.
    Unclassified,
}

impl DataClassificationFilter {
    fn query(&self) -> Vec<(&'static str, String)> {
        match self {
            DataClassificationFilter::All => Vec::new(),
            DataClassificationFilter::Any(classes) => classes
                .iter()
                .map(|class| ("data_classification", class.clone()))
                .collect(),
            DataClassificationFilter::Unclassified => {
                vec![("without_data_classifications", "true".to_owned())]
            }
        }
    }

    fn apply(&self, request: ApiRequest) -> ApiRequest {
        self.query()
            .into_iter()
            .fold(request, |request, (name, value)| request.query(name, value))
    }
}

pub struct CloudentityClient {
    api: ApiClient,
    /// Holds a token of the system workspace, which only the configuration export takes.
    system: Option<ApiClient>,
    /// Holds the token of the developer who signed in, which only the developer API takes.
    developer: Option<ApiClient>,
    tenant_id: String,
}

impl CloudentityClient {
    pub fn with_api(api: ApiClient, tenant_id: &str) -> Self {
        Self {
            api,
            system: None,
            developer: None,
            tenant_id: tenant_id.to_owned(),
        }
    }

    /// Adds the client for the system API, whose tokens come from the system workspace
    /// (`{base}/system/system/oauth2/token` unless the profile says otherwise).
    pub fn with_system_api(mut self, system: ApiClient) -> Self {
        self.system = Some(system);
        self
    }

    /// Adds the client for the developer API, whose tokens come from a developer's sign-in
    /// ([`TokenSource::for_sign_in`](crate::TokenSource::for_sign_in)).
    pub fn with_developer_api(mut self, developer: ApiClient) -> Self {
        self.developer = Some(developer);
        self
    }

    /// The client for the developer API, when the connection has one.
    pub fn developer_api(&self) -> Option<&ApiClient> {
        self.developer.as_ref()
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// The client for the system API, when the connection has one.
    pub fn system_api(&self) -> Option<&ApiClient> {
        self.system.as_ref()
    }

    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    /// Any described Cloudentity resource of this tenant.
    pub fn resource(&self, description: &'static ResourceDescription) -> ResourceClient<'_> {
        // The system and developer APIs take their own workspace's tokens.
        let api = match (description.workspace(), &self.system, &self.developer) {
            (Workspace::System, Some(system), _) => system,
            (Workspace::Developer, _, Some(developer)) => developer,
            _ => &self.api,
        };
        ResourceClient::new(api, description).with("tid", self.tenant_id.clone())
    }

    /// A resource listed per authorization server (clients, scopes, claims, services...).
    pub fn of_server(
        &self,
        description: &'static ResourceDescription,
        server_id: &str,
    ) -> ResourceClient<'_> {
        self.resource(description).with("aid", server_id)
    }

    /// Typed calls for a tenant-level model (servers, policies, consents...).
    pub fn typed<K: Resource>(&self) -> Api<'_, K> {
        Api::new(self.resource(K::DESCRIPTION))
    }

    /// Typed calls for a model listed per authorization server.
    pub fn typed_of_server<K: Resource>(&self, server_id: &str) -> Api<'_, K> {
        Api::new(self.of_server(K::DESCRIPTION, server_id))
    }

    /// Privacy ledger events, optionally of one subject and within `[from, to]` (Unix time).
    pub async fn privacy_ledger_events(
        &self,
        subject: Option<&str>,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<Vec<Value>, ClientError> {
        let from = from.map(|time| time.to_string());
        let to = to.map(|time| time.to_string());
        let query: Vec<(&str, &str)> = [
            ("sub", subject),
            ("from", from.as_deref()),
            ("to", to.as_deref()),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect();
        self.resource(&PRIVACY_LEDGER_EVENTS).list(&query).await
    }

    /// The server's APIs grouped by service id (`apis_by_services`).
    pub async fn apis_by_server(
        &self,
        server_id: &str,
        filter: &DataClassificationFilter,
    ) -> Result<Value, ClientError> {
        let resource = self.of_server(&APIS, server_id);
        let request = filter.apply(resource.action("listAPIsByServer", None)?);
        Ok(resource.execute(&request).await?.body)
    }

    pub async fn apis_by_service(
        &self,
        service_id: &str,
        filter: &DataClassificationFilter,
    ) -> Result<Vec<Value>, ClientError> {
        let resource = self.resource(&SERVICES);
        let request = filter.apply(resource.action("listAPIsByService", Some(service_id))?);
        let body = resource.execute(&request).await?.body;
        Ok(body
            .get("apis")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Imports an OpenAPI specification into a service; its APIs are created from it.
    pub async fn import_specification(
        &self,
        service_id: &str,
        source: SpecificationSource,
        gateway_type: Option<&str>,
    ) -> Result<Value, ClientError> {
        let resource = self.resource(&SERVICES);
        let (operation, body) = match source {
            SpecificationSource::File { name, bytes } => (
                "importSpecificationFromFile",
                RequestBody::File { name, bytes },
            ),
            SpecificationSource::Text(text) => {
                ("importSpecificationFromText", RequestBody::Text(text))
            }
            SpecificationSource::Url(url) => (
                "importSpecificationFromURL",
                RequestBody::FormField {
                    field: "url".to_owned(),
                    value: url,
                },
            ),
        };
        let mut request = resource.action(operation, Some(service_id))?.body(body);
        if let Some(kind) = gateway_type {
            request = request.query("gateway_type", kind);
        }
        Ok(resource.execute(&request).await?.body)
    }

    /// Removes the service's specification and the APIs it created.
    pub async fn remove_specification(&self, service_id: &str) -> Result<Value, ClientError> {
        let resource = self.resource(&SERVICES);
        let request = resource.action("removeSpecification", Some(service_id))?;
        Ok(resource.execute(&request).await?.body)
    }

    /// The gateway's installation package, as the vendor sends it.
    pub async fn gateway_package(&self, gateway_id: &str) -> Result<Vec<u8>, ClientError> {
        let resource = self.resource(&GATEWAYS);
        let request = resource
            .action("getGatewayPackage", Some(gateway_id))?
            .accept("application/octet-stream");
        Ok(resource.execute(&request).await?.bytes)
    }

    /// Downloads the gateway package into `path`.
    pub async fn save_gateway_package(
        &self,
        gateway_id: &str,
        path: &Path,
    ) -> Result<usize, ClientError> {
        let bytes = self.gateway_package(gateway_id).await?;
        tokio::fs::write(path, &bytes).await.map_err(|error| {
            ClientError::invalid("getGatewayPackage", format!("{}: {error}", path.display()))
        })?;
        Ok(bytes.len())
    }

    /// The whole configuration (`Dump`), of one tenant when `tenant_id` is given.
    pub async fn export_configuration(
        &self,
        tenant_id: Option<&str>,
    ) -> Result<Value, ClientError> {
        let system = self.system_api().ok_or_else(|| {
            ClientError::invalid(
                "exportConfiguration",
                "the configuration export takes a token of the system workspace, and this connection has no system client",
            )
        })?;
        let resource = ResourceClient::new(system, &CONFIGURATION);
        let mut request = resource.request(gatehouse_wire::Verb::Get, None)?;
        if let Some(tenant) = tenant_id {
            request = request.query("tid", tenant);
        }
        Ok(resource.execute(&request).await?.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_classification_filters_follow_the_seed() {
        assert!(DataClassificationFilter::All.query().is_empty());
        assert_eq!(
            DataClassificationFilter::Any(vec!["PII".into(), "PCI".into()]).query(),
            [
                ("data_classification", "PII".to_owned()),
                ("data_classification", "PCI".to_owned())
            ]
        );
        assert_eq!(
            DataClassificationFilter::Unclassified.query(),
            [("without_data_classifications", "true".to_owned())]
        );
    }
}
