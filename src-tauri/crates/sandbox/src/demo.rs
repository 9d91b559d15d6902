//! Believable demo data, so the console opens on a tenant that looks like a real one.

use std::time::{Duration, UNIX_EPOCH};

use gatehouse_wire::catalog::{
    APIS, AUTH_USERS, CLAIMS, CLIENTS, CONSENTS, CONSENT_ACTIONS, GATEWAYS, OAUTH_CLIENTS,
    PERSONAL_ACCESS_TOKENS, POLICIES, PRIVACY_LEDGER_EVENTS, SCOPES, SERVERS, SERVICES,
};
use gatehouse_wire::PASSWORD_ORG_CONFIG;
use serde_json::{json, Map, Value};

use crate::state::State;

/// A JSON object literal as a map (`json!` yields a `Value`).
pub(crate) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The demo SailPoint tenant's name.
const SAILPOINT_TENANT: &str = "acme-sandbox";

/// A confidential client-credentials OAuth client of the demo tenant, as the vendor lists one:
/// `own` gives its id, names and times, and anything else that differs.
fn machine_client(own: Value) -> Map<String, Value> {
    let mut client = object(json!({
        "businessName": "Acme Corp",
        "accessTokenValiditySeconds": 750,
        "refreshTokenValiditySeconds": 86400,
        "redirectUris": [],
        "grantTypes": ["CLIENT_CREDENTIALS"],
        "accessType": "OFFLINE",
        "type": "CONFIDENTIAL",
        "internal": false,
        "enabled": true,
        "strongAuthSupported": false,
        "claimsSupported": false,
        "metadata": null,
        "scope": ["sp:scopes:all"],
        "tenant": SAILPOINT_TENANT
    }));
    client.extend(object(own));
    client
}

pub fn seed_sailpoint(state: &mut State) {
    let tenant = SAILPOINT_TENANT;
    let export_id = state.random_hex(16);
    let helpdesk_id = state.random_hex(16);
    let config = object(json!({
        "customInstructionsEnabled": false,
        "digitTokenEnabled": true,
        "digitTokenDurationMinutes": 10,
        "digitTokenLength": 8
    }));
    state.store.set_singleton(PASSWORD_ORG_CONFIG.key, config);
    *state.store.items(OAUTH_CLIENTS.key) = vec![
        machine_client(json!({
            "id": export_id,
            "homepageUrl": "https://reports.acme.example",
            "name": "Nightly identity export",
            "description": "Exports identities to the data warehouse every night",
            "created": "2025-03-02T08:15:00.000Z",
            "modified": "2026-10-14T16:40:12.000Z",
            "lastUsed": "2026-11-20T02:00:03.000Z"
        })),
        object(json!({
            "id": helpdesk_id,
            "businessName": "Acme Corp",
            "homepageUrl": "https://helpdesk.acme.example",
            "name": "Helpdesk portal",
            "description": "Lets the helpdesk portal act for signed-in agents",
            "accessTokenValiditySeconds": 900,
            "refreshTokenValiditySeconds": 43200,
            "redirectUris": ["https://helpdesk.acme.example/callback"],
            "grantTypes": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
            "accessType": "ONLINE",
            "type": "CONFIDENTIAL",
            "internal": false,
            "enabled": true,
            "strongAuthSupported": true,
            "claimsSupported": false,
            "created": "2025-09-18T12:00:00.000Z",
            "modified": "2025-09-18T12:00:00.000Z",
            "lastUsed": null,
            "metadata": null,
            "scope": ["sp:scopes:all"],
            "tenant": tenant
        })),
    ];
    let owner = json!({"type": "IDENTITY", "id": state.admin.id, "name": state.admin.name});
    let terraform_id = state.random_hex(16);
    let audit_id = state.random_hex(16);
    *state.store.items(PERSONAL_ACCESS_TOKENS.key) = vec![
        object(json!({
            "id": terraform_id,
            "name": "Terraform pipeline",
            "scope": ["sp:scopes:all"],
            "owner": owner,
            "created": "2026-06-01T09:30:00.000Z",
            "lastUsed": "2026-11-21T07:12:44.000Z",
            "managed": false,
            "accessTokenValiditySeconds": 43200,
            "expirationDate": "2026-12-01T09:30:00.000Z"
        })),
        object(json!({
            "id": audit_id,
            "name": "Quarterly audit script",
            "scope": ["sp:scopes:all"],
            "owner": owner,
            "created": "2026-08-15T14:00:00.000Z",
            "lastUsed": null,
            "managed": false,
            "accessTokenValiditySeconds": 3600,
            "expirationDate": "2027-02-15T14:00:00.000Z"
        })),
    ];
    let admin_id = state.admin.id.clone();
    let ana_id = state.random_hex(16);
    let ravi_id = state.random_hex(16);
    let profile = state.random_hex(16);
    let user = |id: &str, uid: &str, first: &str, last: &str, capabilities: Value| {
        object(json!({
            "tenant": tenant,
            "id": id,
            "uid": uid,
            "profile": profile,
            "identificationNumber": null,
            "email": format!("{uid}@acme.example"),
            "phone": null,
            "workPhone": null,
            "personalEmail": null,
            "firstname": first,
            "lastname": last,
            "displayName": format!("{first} {last}"),
            "alias": uid,
            "lastPasswordChangeDate": "2026-09-01T10:00:00.000Z",
            "lastLoginTimestamp": 1_763_625_600_000_i64,
            "currentLoginTimestamp": 1_763_712_000_000_i64,
            "lastUnlockTimestamp": null,
            "capabilities": capabilities
        }))
    };
    *state.store.items(AUTH_USERS.key) = vec![
        user(
            &admin_id,
            "sandbox.admin",
            "Sandbox",
            "Admin",
            json!(["ORG_ADMIN"]),
        ),
        user(&ana_id, "ana.lopez", "Ana", "Lopez", json!(["HELPDESK"])),
        user(&ravi_id, "ravi.patel", "Ravi", "Patel", json!([])),
    ];
}

/// `count` generated OAuth clients and as many personal access tokens, appended in one pass
/// each (no lookups), so tens of thousands take a moment.
pub fn seed_bulk(state: &mut State, count: usize) {
    // 2025-01-01T00:00:00Z; each generated object is a minute younger than the one before.
    const FIRST_CREATED: u64 = 1_735_689_600;
    // The vendor's default lifetime of a PAT, six months, in minutes.
    const SIX_MONTHS_IN_MINUTES: usize = 183 * 24 * 60;
    let created = |index: usize| {
        let time = UNIX_EPOCH + Duration::from_secs(FIRST_CREATED + 60 * index as u64);
        humantime::format_rfc3339_millis(time).to_string()
    };
    let owner = json!({"type": "IDENTITY", "id": state.admin.id, "name": state.admin.name});
    state.store.items(OAUTH_CLIENTS.key).reserve(count);
    state.store.items(PERSONAL_ACCESS_TOKENS.key).reserve(count);
    for index in 0..count {
        let number = index + 1;
        let (created_at, used_at) = (created(index), created(number));
        let last_used = (index % 3 != 0).then_some(used_at);
        let id = state.random_hex(16);
        let client = machine_client(json!({
            "id": id,
            "homepageUrl": "https://acme.example",
            "name": format!("Generated client {number:05}"),
            "description": format!("Generated client number {number}"),
            "enabled": index % 7 != 0,
            "created": created_at,
            "modified": created_at,
            "lastUsed": last_used
        }));
        state.store.items(OAUTH_CLIENTS.key).push(client);
        let id = state.random_hex(16);
        let token = object(json!({
            "id": id,
            "name": format!("Generated token {number:05}"),
            "scope": ["sp:scopes:all"],
            "owner": owner,
            "created": created_at,
            "lastUsed": last_used,
            "managed": false,
            "accessTokenValiditySeconds": 43200,
            "expirationDate": created(index + SIX_MONTHS_IN_MINUTES)
        }));
        state.store.items(PERSONAL_ACCESS_TOKENS.key).push(token);
    }
}

pub fn seed_cloudentity(state: &mut State) {
    let tenant = state.credentials.cloudentity_tenant_id.clone();
    let server = |id: &str, name: &str, color: &str| {
        object(json!({
            "id": id,
            "name": name,
            "tenant_id": tenant,
            "type": "regular",
            "profile": "default",
            "color": color,
            "access_token_strategy": "jwt",
            "access_token_ttl": "1h0m0s",
            "id_token_ttl": "1h0m0s",
            "refresh_token_ttl": "720h0m0s",
            "authorization_code_ttl": "10m0s",
            "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
            "subject_identifier_types": ["public", "pairwise"],
            "enforce_pkce": false,
            "issuer_url": format!("https://sandbox.local/{tenant}/{id}"),
            "secret": "sandbox-demo-hashing-secret-0123456789",
            "key_type": "rsa"
        }))
    };
    let client = |state: &mut State, name: &str, server: &str, developer: Option<&str>| {
        let id = state.random_hex(10);
        let secret = state.random_hex(24);
        let mut client = object(json!({
            "client_id": id,
            "client_name": name,
            "description": format!("{name} (demo)"),
            "authorization_server_id": server,
            "tenant_id": tenant,
            "application_type": "web",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "redirect_uris": [format!("https://{}.acme.example/callback", name.to_lowercase().replace(' ', "-"))],
            "scopes": ["openid", "profile", "accounts.read"],
            "token_endpoint_auth_method": "client_secret_basic",
            "client_secret": secret,
            "client_id_issued_at": 1_735_689_600,
            "trusted": false,
            "system": false
        }));
        if let Some(developer) = developer {
            client.insert("developer_id".into(), json!(developer));
        }
        client
    };
    let banking = client(state, "Mobile banking", "default", None);
    let partner = client(
        state,
        "Partner portal",
        "default",
        Some(crate::cloudentity::DEVELOPER_ID),
    );
    let service_id = state.random_hex(10);
    let policy_id = state.random_hex(10);
    let next = |state: &mut State| state.random_hex(10);
    let scopes = vec![
        object(
            json!({"id": next(state), "name": "profile", "display_name": "Profile", "description": "Your name and picture", "authorization_server_id": "default", "tenant_id": tenant}),
        ),
        object(
            json!({"id": next(state), "name": "accounts.read", "display_name": "Read accounts", "description": "Read your account balances", "authorization_server_id": "default", "service_id": service_id, "tenant_id": tenant}),
        ),
    ];
    let claims = vec![
        object(
            json!({"id": next(state), "name": "email", "type": "id_token", "mapping": "email", "scopes": ["email"], "authorization_server_id": "default", "tenant_id": tenant}),
        ),
        object(
            json!({"id": next(state), "name": "customer_id", "type": "access_token", "mapping": "customer.id", "scopes": ["accounts.read"], "authorization_server_id": "default", "tenant_id": tenant}),
        ),
    ];
    let policies = vec![
        object(
            json!({"id": policy_id, "policy_name": "Block outside business hours", "type": "api", "language": "rego", "definition": "package acp.authz\n\ndefault allow = true\n", "query": "data.acp.authz.allow", "server_id": "default", "tenant_id": tenant}),
        ),
        object(
            json!({"id": next(state), "policy_name": "Require MFA", "type": "user", "language": "cloudentity", "definition": "", "validators": [{"name": "identity-context", "conf": {"authn_ctx.amr": {"comparator": "contains", "value": "mfa"}}}], "server_id": "default", "tenant_id": tenant}),
        ),
    ];
    let services = vec![object(json!({
        "id": service_id, "name": "Accounts API", "description": "Balances and transactions",
        "audience": "accounts", "authorization_server_id": "default", "tenant_id": tenant,
        "with_specification": true, "system": false
    }))];
    let apis = vec![
        object(
            json!({"id": next(state), "method": "GET", "path": "/accounts", "service_id": service_id, "server_id": "default", "tenant_id": tenant, "position": 0, "can_have_policy": true, "data_classifications": ["PII"], "policy_id": policy_id}),
        ),
        object(
            json!({"id": next(state), "method": "GET", "path": "/accounts/{id}/transactions", "service_id": service_id, "server_id": "default", "tenant_id": tenant, "position": 1, "can_have_policy": true, "data_classifications": []}),
        ),
    ];
    let gateway_client = next(state);
    let gateway_secret = state.random_hex(24);
    let mut clients = vec![banking, partner];
    clients.push(object(json!({
        "client_id": gateway_client, "client_name": "Edge gateway", "authorization_server_id": "default",
        "tenant_id": tenant, "client_secret": gateway_secret, "grant_types": ["client_credentials"],
        "system": true, "client_id_issued_at": 1_735_689_600
    })));
    let gateways = vec![object(json!({
        "id": next(state), "name": "Edge gateway", "description": "Pyron in front of the accounts API",
        "type": "pyron", "authorization_server_id": "default",
        "client_id": gateway_client, "tenant_id": tenant, "last_active": "2026-11-22T18:00:00Z"
    }))];
    let marketing = next(state);
    let consents = vec![
        object(
            json!({"id": marketing, "name": "Marketing emails", "description": "Offers about our products", "can_be_withdrawn": true, "update_existing_grants": "explicitAll", "version": 1, "pii_categories": [{"name": "Email"}], "tenant_id": tenant}),
        ),
        object(
            json!({"id": next(state), "name": "Terms of service", "description": "The service agreement", "can_be_withdrawn": false, "update_existing_grants": "keepCurrent", "version": 3, "pii_categories": [], "tenant_id": tenant}),
        ),
    ];
    let actions = vec![object(json!({
        "id": next(state), "name": "signup", "description": "Consents asked at sign-up",
        "consents": [{"consent_id": marketing, "can_be_withdrawn": true, "required": false}],
        "tenant_id": tenant
    }))];
    let events = vec![
        object(
            json!({"id": next(state), "subject": "alice@acme.example", "date": "2026-11-02T09:15:00Z", "tenant_id": tenant, "payload": {"consent_granted": {"consent": {"id": marketing, "name": "Marketing emails"}}}, "payload_signature": "sandbox"}),
        ),
        object(
            json!({"id": next(state), "subject": "alice@acme.example", "date": "2026-11-20T16:40:00Z", "tenant_id": tenant, "payload": {"consent_withdrawn": {"consent": {"id": marketing, "name": "Marketing emails"}}}, "payload_signature": "sandbox"}),
        ),
        object(
            json!({"id": next(state), "subject": "bob@acme.example", "date": "2026-11-21T08:05:00Z", "tenant_id": tenant, "payload": {"consent_granted": {"consent": {"id": marketing, "name": "Marketing emails"}}}, "payload_signature": "sandbox"}),
        ),
    ];
    let servers = vec![
        server("default", "Default", "#1f6feb"),
        server("partners", "Partner APIs", "#8250df"),
    ];
    for (description, objects) in [
        (&SERVERS, servers),
        (&CLIENTS, clients),
        (&SCOPES, scopes),
        (&CLAIMS, claims),
        (&POLICIES, policies),
        (&SERVICES, services),
        (&APIS, apis),
        (&GATEWAYS, gateways),
        (&CONSENTS, consents),
        (&CONSENT_ACTIONS, actions),
        (&PRIVACY_LEDGER_EVENTS, events),
    ] {
        *state.store.items(description.key) = objects;
    }
}
