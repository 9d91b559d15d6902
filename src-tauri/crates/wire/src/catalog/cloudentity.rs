//! Cloudentity ACP resources (seed 004, v1.1.0; field kinds from the 1.6.0 spec).
//!
//! Updates are whole-object PUTs: the fields listed here are the ones the console shows and
//! checks; every other property an object has is carried through a save untouched.

use super::operation;
use crate::profile::Vendor;
use crate::resource::{FieldKind, FieldSpec, ResourceDescription, UpdateStyle, Verb};

const TEXT: FieldKind = FieldKind::Text;
const LIST: FieldKind = FieldKind::List { choices: None };
const OBJECT: FieldKind = FieldKind::Object;
const BOOL: FieldKind = FieldKind::Bool;

pub const SERVER_GRANT_TYPES: &[&str] = &[
    "authorization_code",
    "implicit",
    "refresh_token",
    "client_credentials",
    "password",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
];
pub const CLIENT_GRANT_TYPES: &[&str] = &[
    "password",
    "refresh_token",
    "client_credentials",
    "implicit",
    "authorization_code",
];
pub const RESPONSE_TYPES: &[&str] = &["token", "id_token", "code"];
pub const TOKEN_ENDPOINT_AUTH_METHODS: &[&str] = &[
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
    "private_key_jwt",
    "self_signed_tls_client_auth",
    "tls_client_auth",
    "none",
];
pub const CLAIM_TYPES: &[&str] = &["id_token", "access_token"];
pub const GATEWAY_TYPES: &[&str] = &["pyron", "aws"];
pub const CONSENT_GRANT_UPDATES: &[&str] = &["explicitAll", "implicitAll", "keepCurrent"];
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub static SERVERS: ResourceDescription = ResourceDescription {
    key: "servers",
    title: "Authorization servers",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("aid"),
    list_field: Some("servers"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT)
            .create_only()
            .help("Generated when left empty."),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
        FieldSpec::new("type", "Type", TEXT).create_only(),
        FieldSpec::new("profile", "Profile", TEXT),
        FieldSpec::new("color", "Color", TEXT),
        FieldSpec::new(
            "access_token_strategy",
            "Access token strategy",
            FieldKind::Choice(&["jwt", "opaque"]),
        ),
        FieldSpec::new("access_token_ttl", "Access token TTL", TEXT).help("A duration: 1h10m30s."),
        FieldSpec::new("id_token_ttl", "ID token TTL", TEXT),
        FieldSpec::new("refresh_token_ttl", "Refresh token TTL", TEXT),
        FieldSpec::new("authorization_code_ttl", "Authorization code TTL", TEXT),
        FieldSpec::new("cookie_max_age", "Cookie max age", TEXT),
        FieldSpec::new(
            "grant_types",
            "Grant types",
            FieldKind::List {
                choices: Some(SERVER_GRANT_TYPES),
            },
        ),
        FieldSpec::new(
            "subject_identifier_types",
            "Subject identifier types",
            FieldKind::List {
                choices: Some(&["public", "pairwise"]),
            },
        ),
        FieldSpec::new("enforce_pkce", "Enforce PKCE", BOOL),
        FieldSpec::new(
            "enforce_pkce_for_public_clients",
            "Enforce PKCE for public clients",
            BOOL,
        ),
        FieldSpec::new(
            "key_type",
            "Signing key type",
            FieldKind::Choice(&["rsa", "ecdsa"]),
        )
        .create_only(),
        FieldSpec::new("issuer_url", "Issuer URL", TEXT).read_only(),
        FieldSpec::new("secret", "Hashing secret", TEXT).secret(),
    ],
    operations: &[
        operation(
            "listAuthorizationServers",
            Verb::List,
            "GET",
            "/api/admin/{tid}/servers",
            200,
        ),
        operation(
            "createAuthorizationServer",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/servers",
            201,
        ),
        operation(
            "getAuthorizationServer",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/servers/{aid}",
            200,
        ),
        operation(
            "updateAuthorizationServer",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/servers/{aid}",
            200,
        ),
        operation(
            "deleteAuthorizationServer",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/servers/{aid}",
            204,
        ),
        operation(
            "updateAuthentications",
            Verb::Action,
            "PUT",
            "/api/admin/{tid}/servers/{aid}/authentications",
            200,
        ),
        operation(
            "listDashboards",
            Verb::Action,
            "GET",
            "/api/admin/{tid}/servers/{aid}/dashboards",
            200,
        ),
    ],
    update: UpdateStyle::Put,
};

const CLIENT_FIELDS: &[FieldSpec] = &[
    FieldSpec::new("client_id", "Client ID", TEXT).read_only(),
    FieldSpec::new("client_name", "Name", TEXT).required(),
    FieldSpec::new("description", "Description", TEXT),
    FieldSpec::new("authorization_server_id", "Authorization server", TEXT)
        .required()
        .create_only(),
    FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    FieldSpec::new(
        "application_type",
        "Application type",
        FieldKind::Choice(&["web", "native"]),
    ),
    FieldSpec::new(
        "grant_types",
        "Grant types",
        FieldKind::List {
            choices: Some(CLIENT_GRANT_TYPES),
        },
    ),
    FieldSpec::new(
        "response_types",
        "Response types",
        FieldKind::List {
            choices: Some(RESPONSE_TYPES),
        },
    ),
    FieldSpec::new("redirect_uris", "Redirect URIs", LIST).help("One per line."),
    FieldSpec::new("scopes", "Scopes", LIST),
    FieldSpec::new("audience", "Audience", LIST),
    FieldSpec::new(
        "token_endpoint_auth_method",
        "Token endpoint authentication",
        FieldKind::Choice(TOKEN_ENDPOINT_AUTH_METHODS),
    ),
    FieldSpec::new("client_uri", "Client URI", TEXT),
    FieldSpec::new("logo_uri", "Logo URI", TEXT),
    FieldSpec::new("trusted", "Trusted", BOOL),
    FieldSpec::new("system", "System client", BOOL).read_only(),
    FieldSpec::new("developer_id", "Developer", TEXT).read_only(),
    FieldSpec::new(
        "client_id_issued_at",
        "Issued at",
        FieldKind::Integer {
            min: 0,
            max: i64::MAX,
        },
    )
    .read_only(),
    FieldSpec::new("client_secret", "Client secret", TEXT).secret(),
];

pub static CLIENTS: ResourceDescription = ResourceDescription {
    key: "clients",
    title: "Clients",
    vendor: Vendor::Cloudentity,
    id_field: "client_id",
    id_param: Some("cid"),
    list_field: Some("clients"),
    fields: CLIENT_FIELDS,
    operations: &[
        operation(
            "listClients",
            Verb::List,
            "GET",
            "/api/admin/{tid}/servers/{aid}/clients",
            200,
        ),
        operation(
            "createClient",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/clients",
            201,
        ),
        operation(
            "getClient",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/clients/{cid}",
            200,
        ),
        operation(
            "updateClient",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/clients/{cid}",
            200,
        ),
        operation(
            "deleteClient",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/clients/{cid}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static SCOPES: ResourceDescription = ResourceDescription {
    key: "scopes",
    title: "Scopes",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("scp"),
    list_field: Some("scopes"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("display_name", "Display name", TEXT),
        FieldSpec::new("description", "Description", TEXT),
        FieldSpec::new("authorization_server_id", "Authorization server", TEXT)
            .required()
            .create_only(),
        FieldSpec::new("service_id", "Service", TEXT).create_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listScopes",
            Verb::List,
            "GET",
            "/api/admin/{tid}/servers/{aid}/scopes",
            200,
        ),
        operation(
            "createScope",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/scopes",
            201,
        ),
        operation(
            "getScope",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/scopes/{scp}",
            200,
        ),
        operation(
            "updateScope",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/scopes/{scp}",
            200,
        ),
        operation(
            "deleteScope",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/scopes/{scp}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static CLAIMS: ResourceDescription = ResourceDescription {
    key: "claims",
    title: "Claims",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("claim"),
    list_field: Some("claims"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("type", "Token", FieldKind::Choice(CLAIM_TYPES)).required(),
        FieldSpec::new("mapping", "Mapping", TEXT).help("The authentication context attribute."),
        FieldSpec::new("scopes", "Scopes", LIST),
        FieldSpec::new("authorization_server_id", "Authorization server", TEXT)
            .required()
            .create_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listClaims",
            Verb::List,
            "GET",
            "/api/admin/{tid}/servers/{aid}/claims",
            200,
        ),
        operation(
            "createClaim",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/claims",
            201,
        ),
        operation(
            "updateClaim",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/claims/{claim}",
            200,
        ),
        operation(
            "deleteClaim",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/claims/{claim}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static POLICIES: ResourceDescription = ResourceDescription {
    key: "policies",
    title: "Policies",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("pid"),
    list_field: Some("policies"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("policy_name", "Name", TEXT).required(),
        FieldSpec::new(
            "type",
            "Type",
            FieldKind::Choice(&["user", "developer", "machine", "api"]),
        )
        .required(),
        FieldSpec::new(
            "language",
            "Language",
            FieldKind::Choice(&["cloudentity", "rego"]),
        )
        .required(),
        FieldSpec::new("definition", "Definition", TEXT)
            .help("The rego source, or the validators as JSON for the cloudentity language."),
        FieldSpec::new("validators", "Validators", LIST),
        FieldSpec::new("query", "Rego query", TEXT),
        FieldSpec::new("server_id", "Authorization server", TEXT),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listPolicies",
            Verb::List,
            "GET",
            "/api/admin/{tid}/policies",
            200,
        ),
        operation(
            "createPolicy",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/policies",
            201,
        ),
        operation(
            "getPolicy",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/policies/{pid}",
            200,
        ),
        operation(
            "updatePolicy",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/policies/{pid}",
            201,
        ),
        operation(
            "deletePolicy",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/policies/{pid}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static SERVICES: ResourceDescription = ResourceDescription {
    key: "services",
    title: "Services",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("sid"),
    list_field: Some("services"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("description", "Description", TEXT),
        FieldSpec::new("audience", "Audience", TEXT),
        FieldSpec::new("authorization_server_id", "Authorization server", TEXT)
            .required()
            .create_only(),
        FieldSpec::new("gateway_id", "Gateway", TEXT).read_only(),
        FieldSpec::new("with_specification", "Has a specification", BOOL).read_only(),
        FieldSpec::new("system", "System service", BOOL).read_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listServices",
            Verb::List,
            "GET",
            "/api/admin/{tid}/servers/{aid}/services",
            200,
        ),
        operation(
            "createService",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/services",
            201,
        ),
        operation(
            "getService",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/services/{sid}",
            200,
        ),
        operation(
            "updateService",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/services/{sid}",
            200,
        ),
        operation(
            "deleteService",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/services/{sid}",
            204,
        ),
        operation(
            "listAPIsByService",
            Verb::Action,
            "GET",
            "/api/admin/{tid}/services/{sid}/apis",
            200,
        ),
        operation(
            "removeSpecification",
            Verb::Action,
            "DELETE",
            "/api/admin/{tid}/services/{sid}/apis",
            200,
        ),
        operation(
            "importSpecificationFromFile",
            Verb::Action,
            "POST",
            "/api/admin/{tid}/services/{sid}/apis/import/file",
            200,
        ),
        operation(
            "importSpecificationFromText",
            Verb::Action,
            "POST",
            "/api/admin/{tid}/services/{sid}/apis/import/text",
            200,
        ),
        operation(
            "importSpecificationFromURL",
            Verb::Action,
            "POST",
            "/api/admin/{tid}/services/{sid}/apis/import/url",
            200,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static APIS: ResourceDescription = ResourceDescription {
    key: "apis",
    title: "APIs",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("api"),
    list_field: Some("apis"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("method", "Method", FieldKind::Choice(HTTP_METHODS))
            .required()
            .create_only(),
        FieldSpec::new("path", "Path", TEXT)
            .required()
            .create_only(),
        FieldSpec::new("service_id", "Service", TEXT)
            .required()
            .create_only(),
        FieldSpec::new("policy_id", "Policy", TEXT),
        FieldSpec::new("data_classifications", "Data classifications", LIST),
        FieldSpec::new("server_id", "Authorization server", TEXT).read_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listAPIsByServer",
            Verb::Action,
            "GET",
            "/api/admin/{tid}/servers/{aid}/apis",
            200,
        ),
        operation(
            "createAPI",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/apis",
            201,
        ),
        operation(
            "getAPI",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/apis/{api}",
            200,
        ),
        operation(
            "updateAPI",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/apis/{api}",
            200,
        ),
        operation(
            "deleteAPI",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/apis/{api}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static GATEWAYS: ResourceDescription = ResourceDescription {
    key: "gateways",
    title: "Gateways",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("gw"),
    list_field: Some("gateways"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("description", "Description", TEXT),
        FieldSpec::new("type", "Type", FieldKind::Choice(GATEWAY_TYPES))
            .required()
            .create_only(),
        FieldSpec::new("server_id", "Authorization server", TEXT)
            .required()
            .create_only(),
        FieldSpec::new("authorization_server_id", "Authorization server", TEXT).read_only(),
        FieldSpec::new("client_id", "Gateway client", TEXT).read_only(),
        FieldSpec::new("last_active", "Last active", FieldKind::DateTime).read_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listGateways",
            Verb::List,
            "GET",
            "/api/admin/{tid}/servers/{aid}/gateways",
            200,
        ),
        operation(
            "createGateway",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/gateways",
            201,
        ),
        operation(
            "getGateway",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/gateways/{gw}",
            200,
        ),
        operation(
            "updateGateway",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/gateways/{gw}",
            200,
        ),
        operation(
            "deleteGateway",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/gateways/{gw}",
            204,
        ),
        operation(
            "getGatewayPackage",
            Verb::Action,
            "GET",
            "/api/admin/{tid}/gateways/{gw}/package",
            200,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static CONSENTS: ResourceDescription = ResourceDescription {
    key: "consents",
    title: "Consents",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("consent"),
    list_field: Some("consents"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("description", "Description", TEXT),
        FieldSpec::new("can_be_withdrawn", "Can be withdrawn", BOOL),
        FieldSpec::new(
            "update_existing_grants",
            "Existing grants",
            FieldKind::Choice(CONSENT_GRANT_UPDATES),
        ),
        FieldSpec::new("valid_from", "Valid from", FieldKind::DateTime),
        FieldSpec::new(
            "version",
            "Version",
            FieldKind::Integer {
                min: 0,
                max: i64::MAX,
            },
        )
        .read_only(),
        FieldSpec::new("pii_categories", "PII categories", LIST),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listConsents",
            Verb::List,
            "GET",
            "/api/admin/{tid}/consents",
            200,
        ),
        operation(
            "createConsent",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/consents",
            201,
        ),
        operation(
            "getConsent",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/consents/{consent}",
            200,
        ),
        operation(
            "updateConsent",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/consents/{consent}",
            201,
        ),
        operation(
            "deleteConsent",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/consents/{consent}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static CONSENT_ACTIONS: ResourceDescription = ResourceDescription {
    key: "consent-actions",
    title: "Consent actions",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("action"),
    list_field: Some("consent_actions"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("description", "Description", TEXT),
        FieldSpec::new("consents", "Consents", LIST)
            .help("The consents the action asks for, with whether each is required."),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[
        operation(
            "listConsentActions",
            Verb::List,
            "GET",
            "/api/admin/{tid}/actions",
            200,
        ),
        operation(
            "createConsentAction",
            Verb::Create,
            "POST",
            "/api/admin/{tid}/actions",
            201,
        ),
        operation(
            "getConsentAction",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/actions/{action}",
            200,
        ),
        operation(
            "updateConsentAction",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/actions/{action}",
            201,
        ),
        operation(
            "deleteConsentAction",
            Verb::Delete,
            "DELETE",
            "/api/admin/{tid}/actions/{action}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static PRIVACY_LEDGER_EVENTS: ResourceDescription = ResourceDescription {
    key: "privacy-ledger-events",
    title: "Privacy ledger events",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: None,
    list_field: Some("events"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("subject", "Subject", TEXT).read_only(),
        FieldSpec::new("date", "Date", FieldKind::DateTime).read_only(),
        FieldSpec::new("payload", "Payload", OBJECT).read_only(),
        FieldSpec::new("payload_signature", "Signature", TEXT).read_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: &[operation(
        "listPrivacyLedgerEventsBySubject",
        Verb::List,
        "GET",
        "/api/admin/{tid}/events",
        200,
    )],
    update: UpdateStyle::None,
};

pub static TENANT: ResourceDescription = ResourceDescription {
    key: "tenant",
    title: "Tenant",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: None,
    list_field: None,
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("url", "URL", TEXT),
        FieldSpec::new(
            "authentication_context_settings",
            "Authentication context",
            OBJECT,
        ),
    ],
    operations: &[
        operation(
            "getAdminTenant",
            Verb::Get,
            "GET",
            "/api/admin/{tid}/tenant",
            200,
        ),
        operation(
            "updateAdminTenant",
            Verb::Update,
            "PUT",
            "/api/admin/{tid}/tenant",
            200,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static DEVELOPER_CLIENTS: ResourceDescription = ResourceDescription {
    key: "developer-clients",
    title: "Developer portal clients",
    vendor: Vendor::Cloudentity,
    id_field: "client_id",
    id_param: Some("cid"),
    list_field: Some("clients"),
    fields: CLIENT_FIELDS,
    operations: &[
        operation(
            "listClientsForDeveloper",
            Verb::List,
            "GET",
            "/api/developer/{tid}/clients",
            200,
        ),
        operation(
            "createClientForDeveloper",
            Verb::Create,
            "POST",
            "/api/developer/{tid}/clients",
            201,
        ),
        operation(
            "getClientForDeveloper",
            Verb::Get,
            "GET",
            "/api/developer/{tid}/clients/{cid}",
            200,
        ),
        operation(
            "updateClientForDeveloper",
            Verb::Update,
            "PUT",
            "/api/developer/{tid}/clients/{cid}",
            200,
        ),
        operation(
            "deleteClientForDeveloper",
            Verb::Delete,
            "DELETE",
            "/api/developer/{tid}/clients/{cid}",
            204,
        ),
    ],
    update: UpdateStyle::Put,
};

pub static DEVELOPER_SERVERS: ResourceDescription = ResourceDescription {
    key: "developer-servers",
    title: "Developer portal servers",
    vendor: Vendor::Cloudentity,
    id_field: "id",
    id_param: Some("aid"),
    list_field: Some("servers"),
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).read_only(),
        FieldSpec::new("issuer_url", "Issuer URL", TEXT).read_only(),
        FieldSpec::new("grant_types", "Grant types", LIST).read_only(),
    ],
    operations: &[
        operation(
            "listServersForDeveloper",
            Verb::List,
            "GET",
            "/api/developer/{tid}/servers",
            200,
        ),
        operation(
            "getServerForDeveloper",
            Verb::Get,
            "GET",
            "/api/developer/{tid}/servers/{aid}",
            200,
        ),
    ],
    update: UpdateStyle::None,
};

/// The system configuration export (`Dump`): the whole tenant, for keeping in git.
pub static CONFIGURATION: ResourceDescription = ResourceDescription {
    key: "configuration",
    title: "Configuration export",
    vendor: Vendor::Cloudentity,
    id_field: "",
    id_param: None,
    list_field: None,
    fields: &[],
    operations: &[operation(
        "exportConfiguration",
        Verb::Get,
        "GET",
        "/api/system/configuration",
        200,
    )],
    update: UpdateStyle::None,
};
