//! Resource descriptions: each resource is described once, and forms, validation, change
//! previews and patches are driven by that description rather than written per resource.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::FieldError;
use crate::profile::Vendor;

/// The kind of value a field holds, with the constraints the vendor spec gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Bool,
    /// A whole number, with the spec's inclusive `minimum`/`maximum`.
    Integer {
        min: i64,
        max: i64,
    },
    Text,
    /// A date and time as the vendor writes it (RFC 3339).
    DateTime,
    /// One of the spec's enum values.
    Choice(&'static [&'static str]),
    /// A list of strings; `choices` when the spec gives the items an enum.
    List {
        choices: Option<&'static [&'static str]>,
    },
    /// A nested object shown and edited as JSON.
    Object,
}

/// What may be done with a field after the resource exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Set by the vendor (ids, timestamps, owners).
    ReadOnly,
    /// Sent on create, fixed afterwards.
    CreateOnly,
    /// Sent on create and changeable by an update (the seed's "patchable" list for SailPoint).
    Editable,
}

/// One field of a resource, named as it is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The JSON property name (`digitTokenLength`).
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    pub access: Access,
    /// A credential the vendor returns once (on create) and never again.
    pub secret: bool,
    /// The value the vendor uses when the field is left out on create.
    pub default: Option<DefaultValue>,
}

impl FieldSpec {
    /// An optional, editable field without default or help; refine with the builders below.
    pub const fn new(name: &'static str, label: &'static str, kind: FieldKind) -> Self {
        Self {
            name,
            label,
            help: "",
            kind,
            required: false,
            access: Access::Editable,
            secret: false,
            default: None,
        }
    }

    pub const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn read_only(mut self) -> Self {
        self.access = Access::ReadOnly;
        self
    }

    pub const fn create_only(mut self) -> Self {
        self.access = Access::CreateOnly;
        self
    }

    pub const fn secret(mut self) -> Self {
        self.secret = true;
        self.access = Access::ReadOnly;
        self
    }

    pub const fn default(mut self, value: DefaultValue) -> Self {
        self.default = Some(value);
        self
    }

    pub fn is_editable(&self) -> bool {
        self.access == Access::Editable
    }
}

/// A field default, kept as a plain constant so descriptions can be `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    Bool(bool),
    Integer(i64),
    Text(&'static str),
}

impl DefaultValue {
    pub fn to_json(self) -> Value {
        match self {
            DefaultValue::Bool(value) => Value::Bool(value),
            DefaultValue::Integer(value) => Value::from(value),
            DefaultValue::Text(value) => Value::from(value),
        }
    }
}

/// What an operation does to its resource; the client and the UI pick operations by verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    List,
    Get,
    Create,
    Update,
    Delete,
    /// Anything else the resource offers (import a specification, download a package),
    /// called by its operation name.
    Action,
}

/// One vendor operation, as the seed names and routes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The seed's operation name (`create-oauth-client`, `createClient`).
    pub name: &'static str,
    pub verb: Verb,
    pub method: &'static str,
    /// The path template, `{name}` for each path parameter.
    pub path: &'static str,
    /// The success status the seed documents.
    pub status: u16,
}

/// How the vendor takes changes to an existing object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStyle {
    /// PATCH with an RFC 6902 body limited to the editable fields (SailPoint).
    JsonPatch,
    /// PUT of the whole object, unknown properties included (Cloudentity).
    Put,
    /// PUT of only the changed properties; the vendor keeps the rest (password org config).
    PutChanges,
    /// The resource cannot be changed.
    None,
}

/// A resource: its identity, its fields and its operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceDescription {
    /// Stable key, used in element ids and file names (`password-org-config`).
    pub key: &'static str,
    pub title: &'static str,
    pub vendor: Vendor,
    /// The property that identifies one object.
    pub id_field: &'static str,
    /// The path parameter the id fills; `None` for a singleton such as the password org config.
    pub id_param: Option<&'static str>,
    /// The property of a list answer that holds the items; Cloudentity wraps its lists
    /// (`{"servers": [...]}`), SailPoint answers with the array itself.
    pub list_field: Option<&'static str>,
    pub fields: &'static [FieldSpec],
    pub operations: &'static [Operation],
    pub update: UpdateStyle,
}

/// One field whose value a save would change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    /// `null` when the field had no value.
    pub old: Value,
    pub new: Value,
}

/// What a save would send, computed before sending: per-field changes and the RFC 6902 patch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangePreview {
    pub changes: Vec<FieldChange>,
    pub patch: json_patch::Patch,
}

impl ChangePreview {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

impl FieldSpec {
    /// Parses what the user typed into the field's JSON value. Empty input means "no value".
    pub fn parse_input(&self, input: &str) -> Result<Option<Value>, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        match self.kind {
            FieldKind::Bool => match trimmed {
                "true" => Ok(Some(Value::Bool(true))),
                "false" => Ok(Some(Value::Bool(false))),
                _ => Err("must be true or false".to_owned()),
            },
            FieldKind::Integer { .. } => trimmed
                .parse::<i64>()
                .map(|number| Some(Value::from(number)))
                .map_err(|_| "must be a whole number".to_owned()),
            FieldKind::Text | FieldKind::DateTime | FieldKind::Choice(_) => {
                Ok(Some(Value::from(trimmed)))
            }
            // One item per line: the natural way to type redirect URIs or scopes.
            FieldKind::List { .. } => Ok(Some(Value::Array(
                trimmed
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(Value::from)
                    .collect(),
            ))),
            FieldKind::Object => match serde_json::from_str::<Value>(trimmed) {
                Ok(value @ Value::Object(_)) => Ok(Some(value)),
                _ => Err("must be a JSON object".to_owned()),
            },
        }
    }

    /// Checks a value against the field's kind and range; `None` is checked against `required`.
    pub fn check(&self, value: Option<&Value>) -> Result<(), String> {
        let Some(value) = value.filter(|value| !value.is_null()) else {
            return if self.required {
                Err("is required".to_owned())
            } else {
                Ok(())
            };
        };
        match self.kind {
            FieldKind::Bool if value.is_boolean() => Ok(()),
            FieldKind::Bool => Err("must be true or false".to_owned()),
            FieldKind::Integer { min, max } => match value.as_i64() {
                Some(number) if number < min || number > max => {
                    Err(format!("must be between {min} and {max}"))
                }
                Some(_) => Ok(()),
                None => Err("must be a whole number".to_owned()),
            },
            FieldKind::Text | FieldKind::DateTime if value.is_string() => Ok(()),
            FieldKind::Text | FieldKind::DateTime => Err("must be text".to_owned()),
            FieldKind::Choice(choices) => match value.as_str() {
                Some(choice) if choices.contains(&choice) => Ok(()),
                _ => Err(format!("must be one of {}", choices.join(", "))),
            },
            // Listed choices are offered, not enforced: vendors add values (new SailPoint
            // capabilities) before their specs list them, and the vendor has the last word.
            FieldKind::List { .. } => match value.as_array() {
                Some(items) if items.iter().all(Value::is_string) => Ok(()),
                _ => Err("must be a list of text".to_owned()),
            },
            FieldKind::Object if value.is_object() => Ok(()),
            FieldKind::Object => Err("must be a JSON object".to_owned()),
        }
    }
}

impl ResourceDescription {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// The operation the seed names `name`, if it is one of this resource's.
    pub fn operation_named(&self, name: &str) -> Option<&'static Operation> {
        self.operations
            .iter()
            .find(|operation| operation.name == name)
    }

    /// The operation that does `verb`, if the vendor offers one.
    pub fn operation(&self, verb: Verb) -> Option<&'static Operation> {
        self.operations
            .iter()
            .find(|operation| operation.verb == verb)
    }

    /// The fields a user may set when creating (everything the vendor does not set itself).
    pub fn input_fields(&self) -> impl Iterator<Item = &'static FieldSpec> {
        self.fields
            .iter()
            .filter(|field| field.access != Access::ReadOnly)
    }

    /// Validates every described field of `object`; unknown properties are left to the vendor.
    pub fn validate(&self, object: &Map<String, Value>) -> Vec<FieldError> {
        self.input_fields()
            .filter_map(|field| {
                field
                    .check(object.get(field.name))
                    .err()
                    .map(|message| FieldError {
                        field: field.name.to_owned(),
                        message,
                    })
            })
            .collect()
    }

    /// The object a create starts from: every field at its vendor default.
    pub fn defaults(&self) -> Map<String, Value> {
        self.fields
            .iter()
            .filter_map(|field| Some((field.name.to_owned(), field.default?.to_json())))
            .collect()
    }

    /// Compares `original` with `edited` field by field and as an RFC 6902 patch.
    ///
    /// Properties the description does not know are carried in the patch too, so nothing the
    /// user changed is hidden from the preview.
    pub fn preview(&self, original: &Value, edited: &Value) -> ChangePreview {
        let mut names: Vec<&str> = self.fields.iter().map(|field| field.name).collect();
        for object in [original, edited].into_iter().filter_map(Value::as_object) {
            for name in object.keys() {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        let changes = names
            .into_iter()
            .filter_map(|name| {
                let old = original.get(name).cloned().unwrap_or(Value::Null);
                let new = edited.get(name).cloned().unwrap_or(Value::Null);
                (old != new).then(|| FieldChange {
                    field: name.to_owned(),
                    label: self
                        .field(name)
                        .map_or(name, |field| field.label)
                        .to_owned(),
                    old,
                    new,
                })
            })
            .collect();
        ChangePreview {
            changes,
            patch: json_patch::diff(original, edited),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LENGTH: FieldSpec =
        FieldSpec::new("length", "Length", FieldKind::Integer { min: 6, max: 18 })
            .required()
            .default(DefaultValue::Integer(6));
    const ENABLED: FieldSpec =
        FieldSpec::new("enabled", "Enabled", FieldKind::Bool).default(DefaultValue::Bool(false));
    const THING: ResourceDescription = ResourceDescription {
        key: "thing",
        title: "Thing",
        vendor: Vendor::SailPoint,
        id_field: "id",
        id_param: Some("id"),
        list_field: None,
        fields: &[LENGTH, ENABLED],
        operations: &[],
        update: UpdateStyle::PutChanges,
    };

    #[test]
    fn parses_typed_input_by_kind() {
        assert_eq!(LENGTH.parse_input(" 12 "), Ok(Some(json!(12))));
        assert_eq!(LENGTH.parse_input(""), Ok(None));
        assert_eq!(
            LENGTH.parse_input("12.5"),
            Err("must be a whole number".into())
        );
        assert_eq!(ENABLED.parse_input("true"), Ok(Some(json!(true))));
        assert!(ENABLED.parse_input("yes").is_err());
    }

    #[test]
    fn checks_ranges_inclusive_and_required() {
        assert!(LENGTH.check(Some(&json!(6))).is_ok());
        assert!(LENGTH.check(Some(&json!(18))).is_ok());
        assert_eq!(
            LENGTH.check(Some(&json!(19))),
            Err("must be between 6 and 18".into())
        );
        assert_eq!(
            LENGTH.check(Some(&json!(5))),
            Err("must be between 6 and 18".into())
        );
        assert_eq!(LENGTH.check(None), Err("is required".into()));
        assert!(ENABLED.check(None).is_ok());
        assert!(ENABLED.check(Some(&json!("true"))).is_err());
    }

    #[test]
    fn validate_reports_each_bad_field_by_wire_name() {
        let object = json!({"length": 40, "enabled": 1});
        let errors = THING.validate(object.as_object().unwrap());
        let fields: Vec<_> = errors.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["length", "enabled"]);
    }

    #[test]
    fn defaults_come_from_the_description() {
        assert_eq!(
            Value::Object(THING.defaults()),
            json!({"length": 6, "enabled": false})
        );
    }

    #[test]
    fn preview_lists_changed_fields_and_a_patch_that_reproduces_the_edit() {
        let original = json!({"length": 6, "enabled": false, "extra": "kept"});
        let edited = json!({"length": 12, "enabled": false, "extra": "changed"});
        let preview = THING.preview(&original, &edited);
        assert_eq!(
            preview.changes,
            vec![
                FieldChange {
                    field: "length".into(),
                    label: "Length".into(),
                    old: json!(6),
                    new: json!(12)
                },
                FieldChange {
                    field: "extra".into(),
                    label: "extra".into(),
                    old: json!("kept"),
                    new: json!("changed")
                },
            ]
        );
        let mut patched = original.clone();
        json_patch::patch(&mut patched, &preview.patch).unwrap();
        assert_eq!(patched, edited);
    }

    #[test]
    fn preview_of_an_unchanged_object_is_empty() {
        let object = json!({"length": 6});
        let preview = THING.preview(&object, &object);
        assert!(preview.is_empty());
        assert!(preview.patch.0.is_empty());
    }
}
