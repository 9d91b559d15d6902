//! Gateways: a create names the server `server_id`, the gateway itself
//! `authorization_server_id`; each authenticates with a client of its own, created with it
//! and shown with it (deleted with it as the catalogue says the gateway owns it); its package is its configuration as a gzipped tar.

use std::borrow::Cow;
use std::io::Write;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::future::BoxFuture;
use gatehouse_wire::catalog::{CLIENTS, GATEWAYS};
use gatehouse_wire::Verb;
use serde_json::{json, Value};

use super::{error, issuer_url, missing, unix_now, Cloudentity, SITE};
use crate::call::Call;
use crate::demo::object as json_object;
use crate::dialect::Dialect;
use crate::errors::Refusal;
use crate::hooks::{answered, Hooks};
use crate::lock;
use crate::state::{SharedState, State};
use crate::store::{text, Object};

pub struct Gateways;

impl Hooks for Gateways {
    fn on_create(
        &self,
        state: &mut State,
        _call: &Call,
        gateway: &mut Object,
    ) -> Result<(), Refusal> {
        let server = gateway.remove("server_id").unwrap_or_default();
        gateway.insert("authorization_server_id".into(), server);
        let clients = state.store.objects(CLIENTS.key).len();
        Cloudentity.full(state, CLIENTS.title, clients, 1)
    }

    fn on_created(&self, state: &mut State, gateway: &mut Object) {
        let client_id = state.random_hex(Cloudentity.id_bytes());
        let secret = state.random_hex(Cloudentity.secret_bytes());
        let name = text(gateway, "name").unwrap_or_default();
        let client = json_object(json!({
            "client_id": client_id,
            "client_name": format!("{name} gateway"),
            "authorization_server_id": gateway.get("authorization_server_id"),
            "tenant_id": gateway.get("tenant_id"),
            "client_secret": secret,
            "grant_types": ["client_credentials"],
            "system": true,
            "client_id_issued_at": unix_now(),
        }));
        state.store.items(CLIENTS.key).push(client);
        gateway.insert("client_id".into(), Value::String(client_id));
    }

    /// `GatewayWithClient`: a gateway read or created is answered with its client and URLs.
    fn on_read<'o>(&self, state: &State, gateway: Cow<'o, Object>, verb: Verb) -> Cow<'o, Object> {
        if !matches!(verb, Verb::Get | Verb::Create) {
            return gateway;
        }
        let client = text(&gateway, "client_id")
            .and_then(|id| state.store.find(CLIENTS.key, "client_id", id))
            .cloned();
        let issuer = issuer_url(
            state,
            text(&gateway, "authorization_server_id").unwrap_or_default(),
        );
        let mut gateway = gateway;
        let answer = gateway.to_mut();
        if let Some(client) = client {
            answer.insert("client".into(), Value::Object(client));
        }
        answer.insert("issuer_url".into(), Value::String(issuer));
        answer.insert("server_url".into(), Value::String(SITE.into()));
        gateway
    }

    fn action<'a>(
        &'a self,
        state: &'a SharedState,
        call: &'a Call,
    ) -> Option<BoxFuture<'a, Response>> {
        if call.operation.name != "getGatewayPackage" {
            return None;
        }
        answered(package(state, call.id()))
    }
}

/// `GET /gateways/{gw}/package`: a gzipped tar with the gateway's configuration.
fn package(state: &SharedState, id: &str) -> Response {
    let mut guard = lock(state);
    let Some(gateway) = guard.store.find(GATEWAYS.key, "id", id).cloned() else {
        return *missing(&mut guard, &GATEWAYS, id);
    };
    let client = text(&gateway, "client_id")
        .and_then(|client| guard.store.find(CLIENTS.key, "client_id", client))
        .cloned()
        .unwrap_or_default();
    let server = text(&gateway, "authorization_server_id").unwrap_or_default();
    let config = json!({
        "tenant_id": guard.credentials.cloudentity_tenant_id,
        "server_id": server,
        "gateway_id": id,
        "type": gateway.get("type"),
        "client_id": client.get("client_id"),
        "client_secret": client.get("client_secret"),
        "issuer_url": issuer_url(&guard, server),
    });
    drop(guard);
    let archive = match archive(&serde_json::to_vec_pretty(&config).unwrap_or_default()) {
        Ok(archive) => archive,
        Err(problem) => {
            let reason = problem.to_string();
            return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error", &reason);
        }
    };
    let mut response = archive.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(disposition) =
        HeaderValue::from_str(&format!("attachment; filename=\"gateway-{id}.tar.gz\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

fn archive(config: &[u8]) -> std::io::Result<Vec<u8>> {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut archive = tar::Builder::new(encoder);
    let files: [(&str, &[u8]); 2] = [
        ("gateway/config.json", config),
        ("gateway/README.txt", b"Gateway configuration issued by the Gatehouse sandbox.\nStart the gateway with this folder as its configuration.\n"),
    ];
    for (path, content) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        archive.append_data(&mut header, path, content)?;
    }
    let mut bytes = archive.into_inner()?.finish()?;
    bytes.flush()?;
    Ok(bytes)
}
