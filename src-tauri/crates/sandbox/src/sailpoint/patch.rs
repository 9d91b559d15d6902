//! SailPoint's updates: an RFC 6902 JSON Patch, applied for real, limited to the fields the
//! seed lets a patch touch.

use gatehouse_wire::Access;
use json_patch::{Patch, PatchOperation};
use serde_json::Value;

use super::{bad_request, content_type_is, problem, BAD_REQUEST};
use crate::call::Call;
use crate::errors::Refusal;
use crate::state::State;
use crate::store::Object;

const ILLEGAL_UPDATE: &str = "400.1.1 Illegal update attempt";

/// `stored` with the call's patch applied: only editable top-level fields may be touched, and
/// the result must be a valid object.
pub fn apply(state: &mut State, call: &Call, stored: &Object) -> Result<Object, Refusal> {
    let description = call.description;
    if !content_type_is(&call.headers, "application/json-patch+json") {
        let problem = "Content-Type must be application/json-patch+json".to_owned();
        return Err(bad_request(state, BAD_REQUEST, &[problem]));
    }
    let patch: Patch = match serde_json::from_slice(&call.body) {
        Ok(patch) => patch,
        Err(error) => {
            let problem = format!("The body is not a JSON Patch: {error}");
            return Err(bad_request(state, BAD_REQUEST, &[problem]));
        }
    };
    let illegal: Vec<String> = patch
        .0
        .iter()
        .flat_map(|operation| {
            let from = match operation {
                PatchOperation::Move(moved) => Some(moved.from.to_string()),
                PatchOperation::Copy(copied) => Some(copied.from.to_string()),
                _ => None,
            };
            std::iter::once(operation.path().to_string()).chain(from)
        })
        .filter(|path| {
            let field = path.trim_start_matches('/').split('/').next().unwrap_or("");
            !description
                .field(field)
                .is_some_and(|spec| spec.is_editable())
        })
        .map(|path| format!("Illegal update attempt: {path} is not patchable."))
        .collect();
    if !illegal.is_empty() {
        return Err(bad_request(state, ILLEGAL_UPDATE, &illegal));
    }
    let mut patched = Value::Object(stored.clone());
    if let Err(error) = json_patch::patch(&mut patched, &patch) {
        return Err(bad_request(state, BAD_REQUEST, &[error.to_string()]));
    }
    let Value::Object(mut patched) = patched else {
        let problem = "The patch must leave an object.".to_owned();
        return Err(bad_request(state, BAD_REQUEST, &[problem]));
    };
    // A removed property goes back to its default; without one it is null, which a required
    // property refuses below.
    let defaults = description.defaults();
    for name in stored.keys() {
        if !patched.contains_key(name) {
            let value = defaults.get(name).cloned().unwrap_or(Value::Null);
            patched.insert(name.clone(), value);
        }
    }
    let problems: Vec<String> = patched
        .iter()
        .filter_map(|(name, value)| {
            // What the vendor sets itself is not the patch's to break.
            let field = description
                .field(name)
                .filter(|field| field.access != Access::ReadOnly)?;
            problem(field, value).map(|problem| format!("{name} {problem}"))
        })
        .collect();
    if problems.is_empty() {
        Ok(patched)
    } else {
        Err(bad_request(state, BAD_REQUEST, &problems))
    }
}
