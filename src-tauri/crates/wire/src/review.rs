//! What the generic resource commands exchange with the UI: the review of a save before it is
//! sent, the outcome of a save, and a create's one-time secret.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{Conflict, FieldChange};

/// Exactly the request a confirmed save will send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedRequest {
    /// The seed's operation name.
    pub operation: String,
    pub method: String,
    /// The path with its parameters filled in.
    pub path: String,
    /// The body: the create object, the whole or changes-only PUT body, or the JSON Patch.
    pub body: Value,
    pub content_type: String,
}

/// A save as the administrator reviews it before confirming; nothing has been sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// `true` for a create: there is no old value.
    pub creating: bool,
    /// Field by field, old → new.
    pub changes: Vec<FieldChange>,
    /// `None` when nothing changed: there is nothing to send.
    pub request: Option<PlannedRequest>,
}

impl Review {
    pub fn is_empty(&self) -> bool {
        self.request.is_none()
    }
}

/// What a confirmed save did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SaveOutcome {
    /// Sent and accepted: the object as the vendor now has it.
    Saved { object: Value },
    /// The object changed on the server since it was opened; nothing was sent.
    Conflict(Conflict),
}

/// A credential the vendor shows this once. It stays in the app's memory only until the
/// dialog showing it closes (see the `forget_secret` command).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct OneTimeSecret {
    /// Names this secret in later commands (save as a connection, test, forget).
    pub handle: String,
    /// The field it came in (`secret`).
    pub field: String,
    pub label: String,
    /// The client id that goes with it when it is used as a credential.
    pub client_id: String,
    pub value: String,
    /// Whether it is a client credential, which can fetch a token: tested where its client gets
    /// them (a Cloudentity client from its own server).
    pub credential: bool,
    /// Whether that credential signs in to the admin API the connection it was created on
    /// does (a SailPoint client; a client of Cloudentity's admin workspace), so it can be saved
    /// as a connection.
    pub connection: bool,
}

impl fmt::Debug for OneTimeSecret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("OneTimeSecret")
            .field("handle", &self.handle)
            .field("field", &self.field)
            .field("client_id", &self.client_id)
            .field("value", &"[redacted]")
            .finish()
    }
}

/// The body of an action (`resource_action`), in the form its operation takes: JSON, plain
/// text (a specification pasted in), or one multipart form field (a specification's URL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum ActionBody {
    Json(Value),
    Text(String),
    FormField { field: String, value: String },
}

/// A one-time secret put on the clipboard, and when Gatehouse takes it off again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopiedSecret {
    pub clear_after_seconds: u64,
}

/// The answer to a create: the object without its secret, and the secret on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Created {
    pub object: Value,
    pub secret: Option<OneTimeSecret>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_one_time_secret_prints_redacted() {
        let secret = OneTimeSecret {
            handle: "h1".into(),
            field: "secret".into(),
            label: "Secret".into(),
            client_id: "c1".into(),
            value: "s3cr3t-value".into(),
            credential: true,
            connection: true,
        };
        let printed = format!(
            "{:?}",
            Created {
                object: json!({}),
                secret: Some(secret)
            }
        );
        assert!(!printed.contains("s3cr3t-value"), "{printed}");
        assert!(printed.contains("c1"));
    }

    #[test]
    fn outcomes_are_tagged_for_the_ui() {
        let saved = SaveOutcome::Saved {
            object: json!({"id": "1"}),
        };
        assert_eq!(
            serde_json::to_value(&saved).unwrap(),
            json!({"outcome": "saved", "object": {"id": "1"}})
        );
    }
}
