//! Cloudentity ACP resources (seed 004, v1.1.0; field kinds from the 1.6.0 spec).
//!
//! Updates are whole-object PUTs: the fields listed here are the ones the console shows and
//! checks; every other property an object has is carried through a save untouched.

use crate::operations;
use crate::profile::Vendor;
use crate::resource::{
    DefaultValue, FieldKind, FieldSpec, FilterKind, ListFilter, Owner, Parent, ResourceDescription,
    UpdateStyle,
};

const TEXT: FieldKind = FieldKind::Text;
const LIST: FieldKind = FieldKind::List { choices: None };
const OBJECT: FieldKind = FieldKind::Object;
const OBJECT_LIST: FieldKind = FieldKind::ObjectList;
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
    singular: "Authorization server",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("aid"),
    title_field: Some("name"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: Some("servers"),
    columns: &["id", "name", "type", "profile"],
    filters: &[],
    fields: &[
        FieldSpec::new("id", "ID", TEXT)
            .create_only()
            .help("Generated when left empty."),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
        FieldSpec::new("type", "Type", TEXT)
            .create_only()
            .default(DefaultValue::Text("regular")),
        FieldSpec::new("profile", "Profile", TEXT),
        FieldSpec::new("color", "Color", TEXT),
        FieldSpec::new(
            "access_token_strategy",
            "Access token strategy",
            FieldKind::Choice(&["jwt", "opaque"]),
        )
        .default(DefaultValue::Text("jwt")),
        FieldSpec::new("access_token_ttl", "Access token TTL", TEXT)
            .help("A duration: 1h10m30s.")
            .default(DefaultValue::Text("1h0m0s")),
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
        )
        .default(DefaultValue::List(&[
            "authorization_code",
            "refresh_token",
            "client_credentials",
        ]))
        .set_like(),
        FieldSpec::new(
            "subject_identifier_types",
            "Subject identifier types",
            FieldKind::List {
                choices: Some(&["public", "pairwise"]),
            },
        )
        .set_like(),
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
    operations: operations![
        List   GET    "/api/admin/{tid}/servers"                       200 "listAuthorizationServers"  [401, 403, 404];
        Create POST   "/api/admin/{tid}/servers"                       201 "createAuthorizationServer" [400, 401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/servers/{aid}"                 200 "getAuthorizationServer"    [401, 403, 404];
        Update PUT    "/api/admin/{tid}/servers/{aid}"                 200 "updateAuthorizationServer" [400, 401, 403, 404, 422];
        Delete DELETE "/api/admin/{tid}/servers/{aid}"                 204 "deleteAuthorizationServer" [400, 401, 403, 404];
        Action PUT    "/api/admin/{tid}/servers/{aid}/authentications" 200 "updateAuthentications"     [400, 401, 403, 404, 422];
        Action GET    "/api/admin/{tid}/servers/{aid}/dashboards"      200 "listDashboards"            [400, 401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
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
    )
    .default(DefaultValue::List(&["client_credentials"]))
    .set_like(),
    FieldSpec::new(
        "response_types",
        "Response types",
        FieldKind::List {
            choices: Some(RESPONSE_TYPES),
        },
    )
    .set_like(),
    FieldSpec::new("redirect_uris", "Redirect URIs", LIST)
        .help("One per line.")
        .set_like(),
    FieldSpec::new("scopes", "Scopes", LIST).set_like(),
    FieldSpec::new("audience", "Audience", LIST).set_like(),
    FieldSpec::new(
        "token_endpoint_auth_method",
        "Token endpoint authentication",
        FieldKind::Choice(TOKEN_ENDPOINT_AUTH_METHODS),
    )
    .default(DefaultValue::Text("client_secret_basic")),
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
    FieldSpec::new("client_secret", "Client secret", TEXT).credential(),
];

pub static CLIENTS: ResourceDescription = ResourceDescription {
    key: "clients",
    title: "Clients",
    singular: "Client",
    vendor: Vendor::Cloudentity,
    id_field: Some("client_id"),
    id_param: Some("cid"),
    title_field: Some("client_name"),
    parent: Some(Parent {
        resource: "servers",
        param: "aid",
        field: "authorization_server_id",
    }),
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: Some("clients"),
    columns: &[
        "client_id",
        "client_name",
        "application_type",
        "grant_types",
    ],
    filters: &[],
    fields: CLIENT_FIELDS,
    operations: operations![
        List   GET    "/api/admin/{tid}/servers/{aid}/clients" 200 "listClients"  [401, 403, 404];
        Create POST   "/api/admin/{tid}/clients"               201 "createClient" [401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/clients/{cid}"         200 "getClient"    [401, 403, 404];
        Update PUT    "/api/admin/{tid}/clients/{cid}"         200 "updateClient" [400, 401, 403, 404, 422];
        Delete DELETE "/api/admin/{tid}/clients/{cid}"         204 "deleteClient" [400, 401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static SCOPES: ResourceDescription = ResourceDescription {
    key: "scopes",
    title: "Scopes",
    singular: "Scope",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("scp"),
    title_field: Some("name"),
    parent: Some(Parent {
        resource: "servers",
        param: "aid",
        field: "authorization_server_id",
    }),
    belongs_to: &[Owner {
        resource: "services",
        field: "service_id",
    }],
    alias_of: None,
    unique: &[],
    list_field: Some("scopes"),
    columns: &["id", "name", "display_name", "service_id"],
    filters: &[],
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
    operations: operations![
        List   GET    "/api/admin/{tid}/servers/{aid}/scopes" 200 "listScopes"  [401, 403];
        Create POST   "/api/admin/{tid}/scopes"               201 "createScope" [400, 401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/scopes/{scp}"         200 "getScope"    [401, 403, 404];
        Update PUT    "/api/admin/{tid}/scopes/{scp}"         200 "updateScope" [400, 401, 403, 404, 422];
        Delete DELETE "/api/admin/{tid}/scopes/{scp}"         204 "deleteScope" [401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static CLAIMS: ResourceDescription = ResourceDescription {
    key: "claims",
    title: "Claims",
    singular: "Claim",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("claim"),
    title_field: Some("name"),
    parent: Some(Parent {
        resource: "servers",
        param: "aid",
        field: "authorization_server_id",
    }),
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: Some("claims"),
    columns: &["id", "name", "type", "mapping"],
    filters: &[],
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("type", "Token", FieldKind::Choice(CLAIM_TYPES)).required(),
        FieldSpec::new("mapping", "Mapping", TEXT).help("The authentication context attribute."),
        FieldSpec::new("scopes", "Scopes", LIST).set_like(),
        FieldSpec::new("authorization_server_id", "Authorization server", TEXT)
            .required()
            .create_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        List   GET    "/api/admin/{tid}/servers/{aid}/claims" 200 "listClaims"  [401, 403];
        Create POST   "/api/admin/{tid}/claims"               201 "createClaim" [401, 403, 404, 409, 422];
        Update PUT    "/api/admin/{tid}/claims/{claim}"       200 "updateClaim" [400, 401, 403, 404, 422];
        Delete DELETE "/api/admin/{tid}/claims/{claim}"       204 "deleteClaim" [401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static POLICIES: ResourceDescription = ResourceDescription {
    key: "policies",
    title: "Policies",
    singular: "Policy",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("pid"),
    title_field: Some("policy_name"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: Some("policies"),
    columns: &["id", "policy_name", "type", "language"],
    filters: &[],
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
        FieldSpec::new("validators", "Validators", OBJECT_LIST),
        FieldSpec::new("query", "Rego query", TEXT),
        FieldSpec::new("server_id", "Authorization server", TEXT),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        List   GET    "/api/admin/{tid}/policies"       200 "listPolicies" [401, 403];
        Create POST   "/api/admin/{tid}/policies"       201 "createPolicy" [401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/policies/{pid}" 200 "getPolicy"    [401, 403, 404];
        Update PUT    "/api/admin/{tid}/policies/{pid}" 201 "updatePolicy" [401, 403, 404, 409, 422];
        Delete DELETE "/api/admin/{tid}/policies/{pid}" 204 "deletePolicy" [400, 401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static SERVICES: ResourceDescription = ResourceDescription {
    key: "services",
    title: "Services",
    singular: "Service",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("sid"),
    title_field: Some("name"),
    parent: Some(Parent {
        resource: "servers",
        param: "aid",
        field: "authorization_server_id",
    }),
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: Some("services"),
    columns: &["id", "name", "audience", "with_specification"],
    filters: &[],
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
        FieldSpec::new("system", "System service", BOOL)
            .read_only()
            .default(DefaultValue::Bool(false)),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        List   GET    "/api/admin/{tid}/servers/{aid}/services"          200 "listServices"                [401, 403, 404];
        Create POST   "/api/admin/{tid}/services"                        201 "createService"               [400, 401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/services/{sid}"                  200 "getService"                  [401, 403, 404];
        Update PUT    "/api/admin/{tid}/services/{sid}"                  200 "updateService"               [400, 401, 403, 404, 422];
        Delete DELETE "/api/admin/{tid}/services/{sid}"                  204 "deleteService"               [400, 401, 403, 404];
        Action GET    "/api/admin/{tid}/services/{sid}/apis"             200 "listAPIsByService"           [401, 403];
        Action DELETE "/api/admin/{tid}/services/{sid}/apis"             200 "removeSpecification"         [400, 401, 403, 404, 409, 422];
        Action POST   "/api/admin/{tid}/services/{sid}/apis/import/file" 200 "importSpecificationFromFile" [400, 401, 403, 404, 409, 422];
        Action POST   "/api/admin/{tid}/services/{sid}/apis/import/text" 200 "importSpecificationFromText" [400, 401, 403, 404, 409, 422];
        Action POST   "/api/admin/{tid}/services/{sid}/apis/import/url"  200 "importSpecificationFromURL"  [400, 401, 403, 404, 409, 422];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static APIS: ResourceDescription = ResourceDescription {
    key: "apis",
    title: "APIs",
    singular: "API",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("api"),
    title_field: Some("path"),
    parent: None,
    belongs_to: &[Owner {
        resource: "services",
        field: "service_id",
    }],
    alias_of: None,
    unique: &[],
    list_field: Some("apis"),
    columns: &["method", "path", "policy_id", "data_classifications"],
    filters: &[],
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
        FieldSpec::new("data_classifications", "Data classifications", LIST).set_like(),
        FieldSpec::new("server_id", "Authorization server", TEXT).read_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        Action GET    "/api/admin/{tid}/servers/{aid}/apis" 200 "listAPIsByServer" [401, 403];
        Create POST   "/api/admin/{tid}/apis"               201 "createAPI"        [400, 401, 403, 404, 422];
        Get    GET    "/api/admin/{tid}/apis/{api}"         200 "getAPI"           [401, 403, 404];
        Update PUT    "/api/admin/{tid}/apis/{api}"         200 "updateAPI"        [400, 401, 403, 404, 422];
        Delete DELETE "/api/admin/{tid}/apis/{api}"         204 "deleteAPI"        [401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static GATEWAYS: ResourceDescription = ResourceDescription {
    key: "gateways",
    title: "Gateways",
    singular: "Gateway",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("gw"),
    title_field: Some("name"),
    parent: Some(Parent {
        resource: "servers",
        param: "aid",
        field: "authorization_server_id",
    }),
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: Some("gateways"),
    columns: &["id", "name", "type", "last_active"],
    filters: &[],
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
        FieldSpec::new("client_id", "Gateway client", TEXT)
            .read_only()
            .owns("clients"),
        FieldSpec::new("last_active", "Last active", FieldKind::DateTime)
            .read_only()
            .volatile(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        List   GET    "/api/admin/{tid}/servers/{aid}/gateways" 200 "listGateways"      [401, 403];
        Create POST   "/api/admin/{tid}/gateways"               201 "createGateway"     [401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/gateways/{gw}"          200 "getGateway"        [401, 403, 404];
        Update PUT    "/api/admin/{tid}/gateways/{gw}"          200 "updateGateway"     [400, 401, 403, 404, 422];
        Delete DELETE "/api/admin/{tid}/gateways/{gw}"          204 "deleteGateway"     [401, 403, 404];
        Action GET    "/api/admin/{tid}/gateways/{gw}/package"  200 "getGatewayPackage" [400, 401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static CONSENTS: ResourceDescription = ResourceDescription {
    key: "consents",
    title: "Consents",
    singular: "Consent",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("consent"),
    title_field: Some("name"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &["name"],
    list_field: Some("consents"),
    columns: &["id", "name", "version", "can_be_withdrawn"],
    filters: &[],
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
        .help("Raised by the vendor at every update.")
        .read_only()
        .volatile(),
        FieldSpec::new("pii_categories", "PII categories", OBJECT_LIST),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        List   GET    "/api/admin/{tid}/consents"           200 "listConsents"  [401, 403];
        Create POST   "/api/admin/{tid}/consents"           201 "createConsent" [401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/consents/{consent}" 200 "getConsent"    [401, 403, 404];
        Update PUT    "/api/admin/{tid}/consents/{consent}" 201 "updateConsent" [401, 403, 404, 409, 422];
        Delete DELETE "/api/admin/{tid}/consents/{consent}" 204 "deleteConsent" [401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static CONSENT_ACTIONS: ResourceDescription = ResourceDescription {
    key: "consent-actions",
    title: "Consent actions",
    singular: "Consent action",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("action"),
    title_field: Some("name"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &["name"],
    list_field: Some("consent_actions"),
    columns: &["id", "name", "description"],
    filters: &[],
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("description", "Description", TEXT),
        FieldSpec::new("consents", "Consents", LIST)
            .help("The consents the action asks for, with whether each is required."),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        List   GET    "/api/admin/{tid}/actions"          200 "listConsentActions"  [401, 403];
        Create POST   "/api/admin/{tid}/actions"          201 "createConsentAction" [401, 403, 404, 409, 422];
        Get    GET    "/api/admin/{tid}/actions/{action}" 200 "getConsentAction"    [401, 403, 404];
        Update PUT    "/api/admin/{tid}/actions/{action}" 201 "updateConsentAction" [401, 403, 404, 409, 422];
        Delete DELETE "/api/admin/{tid}/actions/{action}" 204 "deleteConsentAction" [401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

/// The ledger's list takes a subject and a time range (Unix seconds), chosen as days.
const LEDGER_SUBJECT: ListFilter = ListFilter {
    param: "sub",
    label: "Subject",
    help: "Whose events: a subject such as alice@acme.example; empty for everyone.",
    kind: FilterKind::Text { suggestions: &[] },
};
const LEDGER_FROM: ListFilter = ListFilter {
    param: "from",
    label: "From",
    help: "Events on or after this day (UTC).",
    kind: FilterKind::Day { through: false },
};
const LEDGER_TO: ListFilter = ListFilter {
    param: "to",
    label: "To",
    help: "Events on or before this day (UTC).",
    kind: FilterKind::Day { through: true },
};

pub static PRIVACY_LEDGER_EVENTS: ResourceDescription = ResourceDescription {
    key: "privacy-ledger-events",
    title: "Privacy ledger events",
    singular: "Privacy ledger event",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: None,
    title_field: None,
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: Some("events"),
    columns: &["id", "subject", "date"],
    filters: &[LEDGER_SUBJECT, LEDGER_FROM, LEDGER_TO],
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("subject", "Subject", TEXT).read_only(),
        FieldSpec::new("date", "Date", FieldKind::DateTime).read_only(),
        FieldSpec::new("payload", "Payload", OBJECT).read_only(),
        FieldSpec::new("payload_signature", "Signature", TEXT).read_only(),
        FieldSpec::new("tenant_id", "Tenant", TEXT).read_only(),
    ],
    operations: operations![
        List   GET    "/api/admin/{tid}/events" 200 "listPrivacyLedgerEventsBySubject" [401, 403, 404];
    ],
    update: UpdateStyle::None,
    on_screen: true,
};

pub static TENANT: ResourceDescription = ResourceDescription {
    key: "tenant",
    title: "Tenant",
    singular: "Tenant",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: None,
    title_field: Some("name"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: None,
    columns: &["id", "name", "url"],
    filters: &[],
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
    operations: operations![
        Get    GET    "/api/admin/{tid}/tenant" 200 "getAdminTenant"    [401, 403, 404];
        Update PUT    "/api/admin/{tid}/tenant" 200 "updateAdminTenant" [400, 401, 403, 404, 422];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static DEVELOPER_CLIENTS: ResourceDescription = ResourceDescription {
    key: "developer-clients",
    title: "Developer portal clients",
    singular: "Developer client",
    vendor: Vendor::Cloudentity,
    id_field: Some("client_id"),
    id_param: Some("cid"),
    title_field: Some("client_name"),
    parent: None,
    belongs_to: &[],
    alias_of: Some("clients"),
    unique: &[],
    list_field: Some("clients"),
    columns: &["client_id", "client_name", "application_type"],
    filters: &[],
    fields: CLIENT_FIELDS,
    operations: operations![
        List   GET    "/api/developer/{tid}/clients"       200 "listClientsForDeveloper"  [401, 403, 404];
        Create POST   "/api/developer/{tid}/clients"       201 "createClientForDeveloper" [401, 403, 404, 409, 422];
        Get    GET    "/api/developer/{tid}/clients/{cid}" 200 "getClientForDeveloper"    [401, 403, 404];
        Update PUT    "/api/developer/{tid}/clients/{cid}" 200 "updateClientForDeveloper" [400, 401, 403, 404, 422];
        Delete DELETE "/api/developer/{tid}/clients/{cid}" 204 "deleteClientForDeveloper" [400, 401, 403, 404];
    ],
    update: UpdateStyle::Put,
    on_screen: true,
};

pub static DEVELOPER_SERVERS: ResourceDescription = ResourceDescription {
    key: "developer-servers",
    title: "Developer portal servers",
    singular: "Server",
    vendor: Vendor::Cloudentity,
    id_field: Some("id"),
    id_param: Some("aid"),
    title_field: Some("name"),
    parent: None,
    belongs_to: &[],
    alias_of: Some("servers"),
    unique: &[],
    list_field: Some("servers"),
    columns: &["id", "name", "issuer_url"],
    filters: &[],
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).read_only(),
        FieldSpec::new("issuer_url", "Issuer URL", TEXT).read_only(),
        FieldSpec::new("grant_types", "Grant types", LIST)
            .read_only()
            .set_like(),
    ],
    operations: operations![
        List   GET    "/api/developer/{tid}/servers"       200 "listServersForDeveloper" [401, 403, 404];
        Get    GET    "/api/developer/{tid}/servers/{aid}" 200 "getServerForDeveloper"   [401, 403, 404];
    ],
    update: UpdateStyle::None,
    on_screen: true,
};

/// The system configuration export (`Dump`): the whole tenant, for keeping in git.
pub static CONFIGURATION: ResourceDescription = ResourceDescription {
    key: "configuration",
    title: "System configuration",
    singular: "Configuration",
    vendor: Vendor::Cloudentity,
    id_field: None,
    id_param: None,
    title_field: None,
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: None,
    columns: &[],
    filters: &[],
    fields: &[],
    operations: operations![
        Get    GET    "/api/system/configuration" 200 "exportConfiguration" [];
    ],
    update: UpdateStyle::None,
    on_screen: true,
};
