//! Believable demo data, so the console opens on a tenant that looks like a real one.

use serde_json::{json, Map, Value};

use crate::state::State;

/// A JSON object literal as a map (`json!` yields a `Value`).
pub(crate) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub fn seed_sailpoint(state: &mut State) {
    let tenant = "acme-sandbox";
    let export_id = state.random_hex(16);
    let helpdesk_id = state.random_hex(16);
    state.oauth_clients = vec![
        object(json!({
            "id": export_id,
            "businessName": "Acme Corp",
            "homepageUrl": "https://reports.acme.example",
            "name": "Nightly identity export",
            "description": "Exports identities to the data warehouse every night",
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
            "created": "2025-03-02T08:15:00.000Z",
            "modified": "2026-10-14T16:40:12.000Z",
            "lastUsed": "2026-11-20T02:00:03.000Z",
            "metadata": null,
            "scope": ["sp:scopes:all"],
            "tenant": tenant
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
    state.personal_access_tokens = vec![
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
    state.auth_users = vec![
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
