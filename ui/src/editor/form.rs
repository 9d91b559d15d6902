//! The state of a form driven by a `ResourceDescription`: the text of each field exactly as
//! typed (never lost, even while invalid), inline validation with the wire crate's rules, and
//! the edited object built from the one the edit started from, so properties the app does not
//! model survive every save.

use std::collections::BTreeMap;

use gatehouse_wire::{Access, FieldError, FieldKind, FieldSpec, ResourceDescription, UpdateStyle};
use leptos::prelude::*;
use serde_json::{Map, Value};

#[derive(Clone, Copy)]
pub struct FormState {
    pub description: &'static ResourceDescription,
    /// A create: everything but read-only fields is open, and read-only ones are not shown.
    creating: bool,
    /// The object the edit started from.
    base: RwSignal<Map<String, Value>>,
    /// What the user typed, by field name: booleans as "true"/"false", lists one per line,
    /// objects as JSON.
    inputs: RwSignal<BTreeMap<&'static str, String>>,
    /// Field errors the vendor returned for the last attempt.
    pub server_errors: RwSignal<Vec<FieldError>>,
}

/// A value as the user edits it.
fn input_text(kind: FieldKind, value: Option<&Value>) -> String {
    match (kind, value) {
        (_, None | Some(Value::Null)) => String::new(),
        (_, Some(Value::String(text))) => text.clone(),
        (FieldKind::List { .. }, Some(Value::Array(items))) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_owned)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::Object | FieldKind::ObjectList, Some(object)) => {
            serde_json::to_string_pretty(object).unwrap_or_default()
        }
        (_, Some(other)) => other.to_string(),
    }
}

fn texts(
    description: &ResourceDescription,
    object: &Map<String, Value>,
) -> BTreeMap<&'static str, String> {
    description
        .fields
        .iter()
        .map(|field| (field.name, input_text(field.kind, object.get(field.name))))
        .collect()
}

impl FormState {
    pub fn new(
        description: &'static ResourceDescription,
        creating: bool,
        base: Map<String, Value>,
    ) -> Self {
        Self {
            description,
            creating,
            inputs: RwSignal::new(texts(description, &base)),
            base: RwSignal::new(base),
            server_errors: RwSignal::new(Vec::new()),
        }
    }

    /// Starts over from `base`, as after a rebase onto the server's version.
    pub fn reset(&self, base: Map<String, Value>) {
        self.inputs.set(texts(self.description, &base));
        self.base.set(base);
        self.server_errors.set(Vec::new());
    }

    /// The fields on screen: never a secret, and no vendor-set field on a create.
    pub fn shown_fields(&self) -> impl Iterator<Item = &'static FieldSpec> + 'static {
        let creating = self.creating;
        self.description
            .fields
            .iter()
            .filter(|field| !field.secret)
            .filter(move |field| !creating || field.access != Access::ReadOnly)
    }

    pub fn is_editable(&self, field: &FieldSpec) -> bool {
        if self.creating {
            field.access != Access::ReadOnly
        } else {
            self.description.update != UpdateStyle::None && field.access == Access::Editable
        }
    }

    fn editable_fields(&self) -> impl Iterator<Item = &'static FieldSpec> + '_ {
        self.shown_fields().filter(|field| self.is_editable(field))
    }

    pub fn text(&self, name: &str) -> String {
        self.inputs
            .with(|inputs| inputs.get(name).cloned())
            .unwrap_or_default()
    }

    pub fn set_text(&self, name: &'static str, text: String) {
        self.inputs.update(|inputs| {
            inputs.insert(name, text);
        });
        // The vendor's verdict was about the old value.
        self.server_errors
            .update(|errors| errors.retain(|error| error.field != name));
    }

    /// The object the edit started from.
    pub fn base(&self) -> Value {
        Value::Object(self.base.get())
    }

    /// The field's value in the object the edit started from.
    pub fn base_value(&self, name: &str) -> Option<Value> {
        self.base.with(|base| base.get(name).cloned())
    }

    fn local_error(&self, field: &FieldSpec) -> Option<String> {
        field
            .parse_input(&self.text(field.name))
            .and_then(|value| field.check(value.as_ref()))
            .err()
    }

    /// The field's problem: typed input first, then what the vendor said.
    pub fn field_error(&self, field: &FieldSpec) -> Option<String> {
        let local = self
            .is_editable(field)
            .then(|| self.local_error(field))
            .flatten();
        local.or_else(|| {
            self.server_errors.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == field.name)
                    .map(|error| error.message.clone())
            })
        })
    }

    pub fn is_valid(&self) -> bool {
        self.editable_fields()
            .all(|field| self.local_error(field).is_none())
    }

    /// The object the edit started from with the fields the user changed; untouched fields
    /// keep their exact value, and properties the form does not show pass through.
    pub fn edited(&self) -> Value {
        let mut object = self.base.get();
        for field in self.editable_fields() {
            let typed = self.text(field.name);
            if typed == input_text(field.kind, object.get(field.name)) {
                continue;
            }
            match field.parse_input(&typed) {
                Ok(Some(value)) => {
                    object.insert(field.name.to_owned(), value);
                }
                Ok(None) => {
                    object.remove(field.name);
                }
                // Invalid input blocks saving; until it is fixed the old value stands.
                Err(_) => {}
            }
        }
        Value::Object(object)
    }
}
