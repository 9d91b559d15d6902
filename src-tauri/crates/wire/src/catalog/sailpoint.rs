//! SailPoint Identity Security Cloud resources (seeds 000–003, beta and v3 specs).

use crate::operations;
use crate::profile::Vendor;
use crate::resource::{
    DefaultValue, FieldKind, FieldSpec, FilterKind, ListFilter, ResourceDescription, UpdateStyle,
};

pub const GRANT_TYPES: &[&str] = &["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "REFRESH_TOKEN"];
pub const ACCESS_TYPES: &[&str] = &["ONLINE", "OFFLINE"];
pub const CLIENT_TYPES: &[&str] = &["CONFIDENTIAL", "PUBLIC"];
/// The capabilities the v3 spec lists; tenants may have more.
pub const CAPABILITIES: &[&str] = &[
    "CERT_ADMIN",
    "CLOUD_GOV_ADMIN",
    "CLOUD_GOV_USER",
    "HELPDESK",
    "ORG_ADMIN",
    "REPORT_ADMIN",
    "ROLE_ADMIN",
    "ROLE_SUBADMIN",
    "SAAS_MANAGEMENT_ADMIN",
    "SAAS_MANAGEMENT_READER",
    "SOURCE_ADMIN",
    "SOURCE_SUBADMIN",
    "das:ui-administrator",
    "das:ui-compliance_manager",
    "das:ui-auditor",
    "das:ui-data-scope",
    "sp:aic-dashboard-read",
    "sp:aic-dashboard-write",
    "sp:ui-config-hub-admin",
    "sp:ui-config-hub-backup-admin",
    "sp:ui-config-hub-read",
];

/// int32 seconds, as the spec types token lifetimes; a lifetime of 0 would issue dead tokens.
const SECONDS: FieldKind = FieldKind::Integer {
    min: 1,
    max: i32::MAX as i64,
};
const TEXT: FieldKind = FieldKind::Text;
const LIST: FieldKind = FieldKind::List { choices: None };

/// The seed's `filters` for OAuth clients and PATs: last used before a time, or never.
const LAST_USED: ListFilter = ListFilter {
    param: "filters",
    label: "Last used",
    help: "Only those last used before a date, or never used.",
    kind: FilterKind::LastUsed,
};

/// The PAT list's `owner-id`: `me` for the connection's own tokens, or an identity id.
const OWNER: ListFilter = ListFilter {
    param: "owner-id",
    label: "Owner",
    help: "me, or an identity id; empty for every owner.",
    kind: FilterKind::Text {
        suggestions: &["me"],
    },
};

/// SailPoint beta OAuth clients (seed 000); editable = the seed's 13 patchable fields.
pub static OAUTH_CLIENTS: ResourceDescription = ResourceDescription {
    key: "oauth-clients",
    title: "OAuth clients",
    singular: "OAuth client",
    vendor: Vendor::SailPoint,
    id_field: Some("id"),
    id_param: Some("id"),
    title_field: Some("name"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: None,
    columns: &["name", "id", "grantTypes", "enabled", "lastUsed"],
    filters: &[LAST_USED],
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT).required(),
        FieldSpec::new("description", "Description", TEXT).required(),
        FieldSpec::new("tenant", "Tenant", TEXT),
        FieldSpec::new("businessName", "Business name", TEXT).default(DefaultValue::Text("")),
        FieldSpec::new("homepageUrl", "Homepage URL", TEXT).default(DefaultValue::Text("")),
        FieldSpec::new(
            "accessTokenValiditySeconds",
            "Access token lifetime (s)",
            SECONDS,
        )
        .required(),
        FieldSpec::new(
            "refreshTokenValiditySeconds",
            "Refresh token lifetime (s)",
            SECONDS,
        )
        .default(DefaultValue::Integer(86400)),
        FieldSpec::new("redirectUris", "Redirect URIs", LIST)
            .help("One per line; needed for the authorization code grant.")
            .default(DefaultValue::List(&[]))
            .set_like(),
        FieldSpec::new(
            "grantTypes",
            "Grant types",
            FieldKind::List {
                choices: Some(GRANT_TYPES),
            },
        )
        .required()
        .set_like(),
        FieldSpec::new("accessType", "Access type", FieldKind::Choice(ACCESS_TYPES)).required(),
        FieldSpec::new("type", "Client type", FieldKind::Choice(CLIENT_TYPES))
            .create_only()
            .default(DefaultValue::Text("CONFIDENTIAL")),
        FieldSpec::new("internal", "Internal", FieldKind::Bool)
            .create_only()
            .default(DefaultValue::Bool(false)),
        FieldSpec::new("enabled", "Enabled", FieldKind::Bool).required(),
        FieldSpec::new(
            "strongAuthSupported",
            "Strong authentication",
            FieldKind::Bool,
        )
        .default(DefaultValue::Bool(false)),
        FieldSpec::new("claimsSupported", "SAML claims", FieldKind::Bool)
            .default(DefaultValue::Bool(false)),
        FieldSpec::new("scope", "Scopes", LIST)
            .create_only()
            .help("Left empty, the client gets sp:scopes:all: every right of its owner.")
            .default(DefaultValue::List(&["sp:scopes:all"]))
            .set_like(),
        FieldSpec::new("created", "Created", FieldKind::DateTime)
            .read_only()
            .volatile(),
        FieldSpec::new("modified", "Modified", FieldKind::DateTime)
            .read_only()
            .volatile(),
        FieldSpec::new("lastUsed", "Last used", FieldKind::DateTime)
            .read_only()
            .volatile(),
        FieldSpec::new("metadata", "Metadata", TEXT).read_only(),
        FieldSpec::new("secret", "Client secret", TEXT).credential(),
    ],
    operations: operations![
        Create POST   "/beta/oauth-clients"      200 "create-oauth-client" [400, 401, 403, 429, 500];
        Delete DELETE "/beta/oauth-clients/{id}" 204 "delete-oauth-client" [400, 401, 403, 404, 429, 500];
        Get    GET    "/beta/oauth-clients/{id}" 200 "get-oauth-client"    [400, 401, 403, 404, 429, 500];
        List   GET    "/beta/oauth-clients"      200 "list-oauth-clients"  [400, 401, 403, 429, 500];
        Update PATCH  "/beta/oauth-clients/{id}" 200 "patch-oauth-client"  [400, 401, 403, 404, 429, 500];
    ],
    update: UpdateStyle::JsonPatch,
    on_screen: true,
};

/// SailPoint beta personal access tokens (seed 001): `name` and `scope` are patchable.
pub static PERSONAL_ACCESS_TOKENS: ResourceDescription = ResourceDescription {
    key: "personal-access-tokens",
    title: "Personal access tokens",
    singular: "Personal access token",
    vendor: Vendor::SailPoint,
    id_field: Some("id"),
    id_param: Some("id"),
    title_field: Some("name"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: None,
    columns: &[
        "name",
        "id",
        "owner",
        "accessTokenValiditySeconds",
        "lastUsed",
    ],
    filters: &[OWNER, LAST_USED],
    fields: &[
        FieldSpec::new("id", "ID", TEXT).read_only(),
        FieldSpec::new("name", "Name", TEXT)
            .required()
            .help("Unique among the owner's tokens."),
        FieldSpec::new("scope", "Scopes", LIST)
            .help("Left empty, the token gets sp:scopes:all: every right of its owner.")
            .default(DefaultValue::List(&["sp:scopes:all"]))
            .set_like(),
        FieldSpec::new(
            "accessTokenValiditySeconds",
            "Access token lifetime (s)",
            FieldKind::Integer {
                min: 15,
                max: 43200,
            },
        )
        .create_only()
        .default(DefaultValue::Integer(43200)),
        FieldSpec::new("expirationDate", "Expires", FieldKind::DateTime)
            .create_only()
            .within_from_now(183 * 24 * 3600, "6 months")
            .help("At most 6 months ahead; 6 months when left empty."),
        FieldSpec::new("owner", "Owner", FieldKind::Object).read_only(),
        FieldSpec::new("created", "Created", FieldKind::DateTime)
            .read_only()
            .volatile(),
        FieldSpec::new("lastUsed", "Last used", FieldKind::DateTime)
            .read_only()
            .volatile(),
        FieldSpec::new("managed", "Managed by SailPoint", FieldKind::Bool).read_only(),
        FieldSpec::new("secret", "Secret", TEXT).credential(),
    ],
    operations: operations![
        Create POST   "/beta/personal-access-tokens"      200 "create-personal-access-token" [400, 401, 403, 429, 500];
        Delete DELETE "/beta/personal-access-tokens/{id}" 204 "delete-personal-access-token" [400, 401, 403, 404, 429, 500];
        List   GET    "/beta/personal-access-tokens"      200 "list-personal-access-tokens"  [400, 401, 403, 429, 500];
        Update PATCH  "/beta/personal-access-tokens/{id}" 200 "patch-personal-access-token"  [400, 401, 403, 404, 429, 500];
    ],
    update: UpdateStyle::JsonPatch,
    on_screen: true,
};

/// SailPoint v3 auth users (seed 002): only `capabilities` can change.
pub static AUTH_USERS: ResourceDescription = ResourceDescription {
    key: "auth-users",
    title: "Auth users",
    singular: "Auth user",
    vendor: Vendor::SailPoint,
    id_field: Some("id"),
    id_param: Some("id"),
    title_field: Some("uid"),
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: None,
    columns: &["uid", "displayName", "capabilities"],
    filters: &[],
    fields: &[
        FieldSpec::new("id", "Identity ID", TEXT).read_only(),
        FieldSpec::new("uid", "Username", TEXT).read_only(),
        FieldSpec::new("displayName", "Display name", TEXT).read_only(),
        FieldSpec::new(
            "capabilities",
            "Capabilities",
            FieldKind::List {
                choices: Some(CAPABILITIES),
            },
        )
        .default(DefaultValue::List(&[]))
        .set_like(),
        FieldSpec::new("tenant", "Tenant", TEXT).read_only(),
        FieldSpec::new("profile", "Auth profile", TEXT).read_only(),
        FieldSpec::new("alias", "Alias", TEXT).read_only(),
        FieldSpec::new("firstname", "First name", TEXT).read_only(),
        FieldSpec::new("lastname", "Last name", TEXT).read_only(),
        FieldSpec::new("email", "Email", TEXT).read_only(),
        FieldSpec::new("personalEmail", "Personal email", TEXT).read_only(),
        FieldSpec::new("phone", "Phone", TEXT).read_only(),
        FieldSpec::new("workPhone", "Work phone", TEXT).read_only(),
        FieldSpec::new("identificationNumber", "Employee number", TEXT).read_only(),
        FieldSpec::new(
            "lastPasswordChangeDate",
            "Password changed",
            FieldKind::DateTime,
        )
        .read_only()
        .volatile(),
        FieldSpec::new(
            "lastLoginTimestamp",
            "Last login (ms)",
            FieldKind::Integer {
                min: 0,
                max: i64::MAX,
            },
        )
        .read_only()
        .volatile(),
        FieldSpec::new(
            "currentLoginTimestamp",
            "Current login (ms)",
            FieldKind::Integer {
                min: 0,
                max: i64::MAX,
            },
        )
        .read_only()
        .volatile(),
        FieldSpec::new("lastUnlockTimestamp", "Last unlocked", FieldKind::DateTime)
            .read_only()
            .volatile(),
    ],
    operations: operations![
        Get    GET    "/v3/auth-users/{id}" 200 "get-auth-user"   [400, 401, 403, 404, 429, 500];
        Update PATCH  "/v3/auth-users/{id}" 200 "patch-auth-user" [400, 401, 403, 404, 429, 500];
    ],
    update: UpdateStyle::JsonPatch,
    on_screen: true,
};
