//! Resource descriptions: each resource is described once, and forms, validation, change
//! previews and patches are driven by that description rather than written per resource.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::FieldError;

/// The kind of value a field holds, with the constraints the vendor spec gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Bool,
    /// A whole number, with the spec's inclusive `minimum`/`maximum`.
    Integer {
        min: i64,
        max: i64,
    },
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
    /// The value the vendor uses when the field is left out on create.
    pub default: Option<DefaultValue>,
}

/// A field default, kept as a plain constant so descriptions can be `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    Bool(bool),
    Integer(i64),
}

impl DefaultValue {
    pub fn to_json(self) -> Value {
        match self {
            DefaultValue::Bool(value) => Value::Bool(value),
            DefaultValue::Integer(value) => Value::from(value),
        }
    }
}

/// A resource: its identity and its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceDescription {
    /// Stable key, used in element ids and file names (`password-org-config`).
    pub key: &'static str,
    pub title: &'static str,
    pub fields: &'static [FieldSpec],
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
        }
    }
}

impl ResourceDescription {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// Validates every described field of `object`; unknown properties are left to the vendor.
    pub fn validate(&self, object: &Map<String, Value>) -> Vec<FieldError> {
        self.fields
            .iter()
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

    const LENGTH: FieldSpec = FieldSpec {
        name: "length",
        label: "Length",
        help: "",
        kind: FieldKind::Integer { min: 6, max: 18 },
        required: true,
        default: Some(DefaultValue::Integer(6)),
    };
    const ENABLED: FieldSpec = FieldSpec {
        name: "enabled",
        label: "Enabled",
        help: "",
        kind: FieldKind::Bool,
        required: false,
        default: Some(DefaultValue::Bool(false)),
    };
    const THING: ResourceDescription = ResourceDescription {
        key: "thing",
        title: "Thing",
        fields: &[LENGTH, ENABLED],
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
