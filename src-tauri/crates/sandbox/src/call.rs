//! A route for every operation of every described resource, both vendors': the catalogue says
//! each operation's method and path, so a described resource is served without new routes. A
//! call is taken apart once, then answered by its resource's hooks where it has an exception
//! of its own, else by the generic handler.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{on, MethodFilter};
use axum::{Extension, Router};
use gatehouse_wire::catalog::RESOURCES;
use gatehouse_wire::{Operation, ResourceDescription};

use crate::cloudentity::sign_in::SignedInDeveloper;
use crate::dialect::{self, Dialect};
use crate::hooks::{self, Hooks};
use crate::state::SharedState;
use crate::{generic, lock};

pub struct Call {
    pub description: &'static ResourceDescription,
    pub operation: &'static Operation,
    /// The resource's exceptions and its vendor's ways, found once, when the routes are built.
    pub hooks: &'static dyn Hooks,
    pub dialect: &'static dyn Dialect,
    pub params: HashMap<String, String>,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Who signed in, on the developer API; `None` on every other.
    pub developer: Option<String>,
}

impl Call {
    pub fn param(&self, name: &str) -> &str {
        self.params
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The id of the object the call names; empty for a singleton.
    pub fn id(&self) -> &str {
        self.description
            .id_param
            .map_or("", |param| self.param(param))
    }

    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query_values(name).first().copied()
    }

    /// The success status the seed documents for the operation.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.operation.status).unwrap_or(StatusCode::OK)
    }
}

/// Adds a route for every operation of every described resource.
pub fn routes(mut router: Router<SharedState>) -> Router<SharedState> {
    for description in RESOURCES.iter().copied() {
        let hooks = hooks::of(description.key);
        let dialect = dialect::of(description.vendor);
        for operation in description.operations {
            let filter = match operation.method {
                "GET" => MethodFilter::GET,
                "POST" => MethodFilter::POST,
                "PUT" => MethodFilter::PUT,
                "PATCH" => MethodFilter::PATCH,
                "DELETE" => MethodFilter::DELETE,
                other => panic!("{}: no route for {other}", operation.name),
            };
            let handler = move |Shared(state): Shared<SharedState>,
                                Path(params): Path<HashMap<String, String>>,
                                RawQuery(query): RawQuery,
                                headers: HeaderMap,
                                developer: Option<Extension<SignedInDeveloper>>,
                                body: Bytes| async move {
                let call = Call {
                    description,
                    operation,
                    hooks,
                    dialect,
                    params,
                    query: query
                        .map(|query| crate::auth::parse_form(&query))
                        .unwrap_or_default(),
                    headers,
                    body,
                    developer: developer.map(|Extension(SignedInDeveloper(id))| id),
                };
                handle(&state, call).await
            };
            router = router.route(operation.path, on(filter, handler));
        }
    }
    router
}

async fn handle(state: &SharedState, call: Call) -> Response {
    if let Err(refusal) = call.dialect.admits(&mut lock(state), &call) {
        return *refusal;
    }
    if let Some(answer) = call.hooks.action(state, &call) {
        return answer.await;
    }
    generic::serve(&mut lock(state), &call)
}
