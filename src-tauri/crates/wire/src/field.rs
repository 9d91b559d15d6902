//! Fields of a resource: kinds, access, defaults, and how typed input becomes a checked value.

use serde_json::Value;

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
    /// A list of objects (Cloudentity's PII categories, policy validators), shown and edited
    /// as a JSON array.
    ObjectList,
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
    /// A secret the vendor returns once (on create) and never again.
    pub secret: bool,
    /// The secret is, with the object's id, a client credential of the vendor's token
    /// endpoint: it can be tested and saved as a connection (a server's hashing secret cannot).
    pub credential: bool,
    /// The value the vendor uses when the field is left out on create.
    pub default: Option<DefaultValue>,
    /// A list the vendor treats as a set (grant types, scopes): its order carries no meaning,
    /// so exports write it sorted and comparisons ignore the order.
    pub set_like: bool,
    /// A value the vendor changes by itself (last use, timestamps): not configuration, so
    /// exports leave it out by default and comparisons never call it drift.
    pub volatile: bool,
    /// The resource of the object this field names when that object is this one's own (a
    /// gateway's client): made with it and deleted with it.
    pub owns: Option<&'static str>,
    /// A date-time the vendor takes only between now and this far ahead (a token's expiry).
    pub within_from_now: Option<Ahead>,
}

/// How far ahead of now a date-time may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ahead {
    pub seconds: u64,
    /// The same, as the vendor says it ("6 months").
    pub words: &'static str,
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
            credential: false,
            default: None,
            set_like: false,
            volatile: false,
            owns: None,
            within_from_now: None,
        }
    }

    /// Taken by the vendor only between now and `seconds` ahead (`words`, as it says it).
    pub const fn within_from_now(mut self, seconds: u64, words: &'static str) -> Self {
        self.within_from_now = Some(Ahead { seconds, words });
        self
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

    /// A [`secret`](Self::secret) that is a client credential.
    pub const fn credential(mut self) -> Self {
        self.credential = true;
        self.secret()
    }

    pub const fn default(mut self, value: DefaultValue) -> Self {
        self.default = Some(value);
        self
    }

    /// A [`set_like`](Self::set_like) list.
    pub const fn set_like(mut self) -> Self {
        self.set_like = true;
        self
    }

    /// A [`volatile`](Self::volatile) value.
    pub const fn volatile(mut self) -> Self {
        self.volatile = true;
        self
    }

    /// A field naming an object this one [`owns`](Self::owns), of `resource`.
    pub const fn owns(mut self, resource: &'static str) -> Self {
        self.owns = Some(resource);
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
    List(&'static [&'static str]),
}

impl DefaultValue {
    pub fn to_json(self) -> Value {
        match self {
            DefaultValue::Bool(value) => Value::Bool(value),
            DefaultValue::Integer(value) => Value::from(value),
            DefaultValue::Text(value) => Value::from(value),
            DefaultValue::List(items) => Value::from(items.to_vec()),
        }
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
            FieldKind::ObjectList => match serde_json::from_str::<Value>(trimmed) {
                Ok(value) if is_object_list(&value) => Ok(Some(value)),
                _ => Err(OBJECT_LIST_EXPECTED.to_owned()),
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
            FieldKind::ObjectList if is_object_list(value) => Ok(()),
            FieldKind::ObjectList => Err(OBJECT_LIST_EXPECTED.to_owned()),
        }
    }
}

const OBJECT_LIST_EXPECTED: &str = "must be a JSON list of objects";

fn is_object_list(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| items.iter().all(Value::is_object))
}
