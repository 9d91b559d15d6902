//! Resource descriptions: each resource is described once, and commands, pages, forms,
//! validation, reviews and patches are driven by that description rather than written per
//! resource.

use serde_json::{Map, Value};

pub use crate::field::{Access, Ahead, DefaultValue, FieldKind, FieldSpec};

use crate::error::FieldError;
use crate::profile::Vendor;

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
    /// The error statuses the vendor documents for it: the seed's, the spec's where the seed
    /// lists none. Which of them answers a malformed body depends on this list.
    pub errors: &'static [u16],
}

impl Operation {
    /// Whether the vendor documents `status` as an answer of this operation.
    pub fn documents(&self, status: u16) -> bool {
        self.status == status || self.errors.contains(&status)
    }
}

/// A resource's operations as a table, one row each:
/// `Verb METHOD "/path/{param}" status "seed-operation-name" [error statuses];`.
#[macro_export]
macro_rules! operations {
    ($($verb:ident $method:ident $path:literal $status:literal $name:literal
        [$($error:literal),*];)*) => {
        &[$($crate::resource::Operation {
            name: $name,
            verb: $crate::resource::Verb::$verb,
            method: stringify!($method),
            path: $path,
            status: $status,
            errors: &[$($error),*],
        }),*]
    };
}

/// Whose token an API takes: Cloudentity's admin, developer and system APIs each take a token
/// of their own workspace (`/api/admin/...`, `/api/developer/...`, `/api/system/...`);
/// SailPoint has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workspace {
    Admin,
    Developer,
    System,
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

/// The object a resource lives under: its list is reached through the parent's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parent {
    /// The parent resource's key (`servers`).
    pub resource: &'static str,
    /// The path parameter the parent's id fills (`aid`).
    pub param: &'static str,
    /// The property of a child that names its parent (`authorization_server_id`).
    pub field: &'static str,
}

/// An object another one cannot outlive: deleting it deletes the objects that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// The owning resource's key (`services`).
    pub resource: &'static str,
    /// The property of an owned object that holds its owner's id (`service_id`).
    pub field: &'static str,
}

/// How a list filter is offered and turned into the query the vendor documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    /// Free text, with values worth offering (`me` for "my own").
    Text {
        suggestions: &'static [&'static str],
    },
    /// SailPoint's `filters`: `lastUsed le {time}` or `lastUsed isnull`.
    LastUsed,
    /// A calendar day (`2026-11-20`, UTC), sent as Unix seconds: its first second, or with
    /// `through` its last, so a from-to pair of days includes both (Cloudentity's ledger).
    Day { through: bool },
}

/// A filter the vendor's list operation takes as a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListFilter {
    /// The query parameter (`owner-id`, `filters`).
    pub param: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: FilterKind,
}

/// The value that switches a [`FilterKind::LastUsed`] filter to "never used".
pub const NEVER_USED: &str = "never";

impl ListFilter {
    /// The query value for what the administrator chose, `None` when the filter is off.
    /// A last-used filter takes [`NEVER_USED`], a date (`2024-05-01`, meaning its start, UTC)
    /// or an RFC 3339 time.
    pub fn query_value(&self, input: &str) -> Option<String> {
        let input = input.trim();
        if input.is_empty() {
            return None;
        }
        Some(match self.kind {
            FilterKind::Text { .. } => input.to_owned(),
            FilterKind::LastUsed if input == NEVER_USED => "lastUsed isnull".to_owned(),
            FilterKind::LastUsed if input.len() == 10 => format!("lastUsed le {input}T00:00:00Z"),
            FilterKind::LastUsed => format!("lastUsed le {input}"),
            FilterKind::Day { through } => {
                let start = unix_day_start(input)?;
                let seconds = if through { start + 86_399 } else { start };
                seconds.to_string()
            }
        })
    }
}

/// The Unix seconds at the start of the UTC day `yyyy-mm-dd`, `None` unless it is one.
fn unix_day_start(day: &str) -> Option<i64> {
    let mut parts = day.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let date: i64 = parts.next()?.parse().ok()?;
    let days_in_month = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&date) {
        return None;
    }
    // Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
    // days_from_civil).
    let shifted = if month <= 2 { year - 1 } else { year };
    let era = shifted.div_euclid(400);
    let year_of_era = shifted - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + date - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some((era * 146_097 + day_of_era - 719_468) * 86_400)
}

/// A resource: its identity, its fields, its operations and how screens show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceDescription {
    /// Stable key, used in routes, element ids and file names (`password-org-config`).
    pub key: &'static str,
    /// The plural title of its screens (`OAuth clients`).
    pub title: &'static str,
    /// One object, for buttons and confirmations (`OAuth client`).
    pub singular: &'static str,
    pub vendor: Vendor,
    /// The property that identifies one object; `None` for a singleton.
    pub id_field: Option<&'static str>,
    /// The path parameter the id fills; `None` for a singleton such as the password org config.
    pub id_param: Option<&'static str>,
    /// The property that names an object for people (`name`), when it has one.
    pub title_field: Option<&'static str>,
    /// Where the resource lives when it is listed under another object; deleting the parent
    /// deletes its children.
    pub parent: Option<Parent>,
    /// What else it cannot outlive besides its parent: an API its service.
    pub belongs_to: &'static [Owner],
    /// The resource whose objects these are, seen through another API: developer clients are
    /// clients.
    pub alias_of: Option<&'static str>,
    /// Properties no two of its objects share (a consent's name).
    pub unique: &'static [&'static str],
    /// The property of a list answer that holds the items; Cloudentity wraps its lists
    /// (`{"servers": [...]}`), SailPoint answers with the array itself.
    pub list_field: Option<&'static str>,
    /// The fields a table shows, in order.
    pub columns: &'static [&'static str],
    /// The filters the vendor's list operation takes.
    pub filters: &'static [ListFilter],
    pub fields: &'static [FieldSpec],
    pub operations: &'static [Operation],
    pub update: UpdateStyle,
    /// Whether the console has screens for it yet; the navigation lists only these.
    pub on_screen: bool,
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

    /// The workspace whose token its operations take, from where its paths live.
    pub fn workspace(&self) -> Workspace {
        let path = self
            .operations
            .first()
            .map_or("", |operation| operation.path);
        if path.starts_with("/api/system/") {
            Workspace::System
        } else if path.starts_with("/api/developer/") {
            Workspace::Developer
        } else {
            Workspace::Admin
        }
    }

    /// Where its objects are kept: with the resource it is an alias of, else on their own.
    pub fn collection(&self) -> &'static str {
        self.alias_of.unwrap_or(self.key)
    }

    /// Every object it cannot outlive: its parent, then what it belongs to.
    pub fn owners(&self) -> impl Iterator<Item = Owner> + '_ {
        let parent = self.parent.map(|parent| Owner {
            resource: parent.resource,
            field: parent.field,
        });
        parent.into_iter().chain(self.belongs_to.iter().copied())
    }

    pub fn can(&self, verb: Verb) -> bool {
        self.operation(verb).is_some()
    }

    /// One object without an id: the password org config, a tenant's settings. A resource
    /// that is listed but never addressed one by one (the privacy ledger's events) is not one.
    pub fn is_singleton(&self) -> bool {
        self.id_param.is_none() && !self.can(Verb::List)
    }

    /// The id of `object`, when the resource has ids and the object carries one.
    pub fn id_of<'v>(&self, object: &'v Value) -> Option<&'v str> {
        object.get(self.id_field?)?.as_str()
    }

    /// What people call `object`: its title field, else its id.
    pub fn name_of(&self, object: &Value) -> String {
        self.title_field
            .and_then(|field| object.get(field)?.as_str())
            .filter(|name| !name.is_empty())
            .or_else(|| self.id_of(object))
            .unwrap_or(self.singular)
            .to_owned()
    }

    /// The fields a user may set when creating (everything the vendor does not set itself).
    pub fn input_fields(&self) -> impl Iterator<Item = &'static FieldSpec> {
        self.fields
            .iter()
            .filter(|field| field.access != Access::ReadOnly)
    }

    /// The credentials the vendor returns once, on create.
    pub fn secret_fields(&self) -> impl Iterator<Item = &'static FieldSpec> {
        self.fields.iter().filter(|field| field.secret)
    }

    /// `object` without the credentials the vendor returns once: what lists, details and
    /// every later screen may hold.
    pub fn without_secrets(&self, mut object: Value) -> Value {
        if let Value::Object(properties) = &mut object {
            for field in self.secret_fields() {
                properties.remove(field.name);
            }
        }
        object
    }

    /// Validates every described input field of `object`; unknown properties are left to the
    /// vendor.
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
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_day_filter_sends_the_unix_seconds_of_its_first_or_last_second() {
        let from = ListFilter {
            param: "from",
            label: "From",
            help: "",
            kind: FilterKind::Day { through: false },
        };
        let to = ListFilter {
            kind: FilterKind::Day { through: true },
            ..from
        };
        assert_eq!(from.query_value("1970-01-01").as_deref(), Some("0"));
        assert_eq!(
            from.query_value("2026-11-20").as_deref(),
            Some("1795132800")
        );
        assert_eq!(to.query_value("2026-11-20").as_deref(), Some("1795219199"));
        assert_eq!(
            from.query_value("2024-02-29").as_deref(),
            Some("1709164800")
        );
        assert_eq!(from.query_value("1969-12-31").as_deref(), Some("-86400"));
        for not_a_day in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "20-11",
            "soon",
            "2026-11-31",
        ] {
            assert_eq!(from.query_value(not_a_day), None, "{not_a_day}");
        }
        assert_eq!(from.query_value(" "), None);
    }
    use super::*;
    use serde_json::json;

    const LENGTH: FieldSpec =
        FieldSpec::new("length", "Length", FieldKind::Integer { min: 6, max: 18 })
            .required()
            .default(DefaultValue::Integer(6));
    const ENABLED: FieldSpec =
        FieldSpec::new("enabled", "Enabled", FieldKind::Bool).default(DefaultValue::Bool(false));
    const TOKEN: FieldSpec = FieldSpec::new("secret", "Secret", FieldKind::Text).secret();
    const THING: ResourceDescription = ResourceDescription {
        key: "thing",
        title: "Things",
        singular: "Thing",
        vendor: Vendor::SailPoint,
        id_field: Some("id"),
        id_param: Some("id"),
        title_field: Some("name"),
        parent: None,
        belongs_to: &[],
        alias_of: None,
        unique: &[],
        list_field: None,
        columns: &["length"],
        filters: &[],
        fields: &[LENGTH, ENABLED, TOKEN],
        operations: crate::operations![
            List GET "/things"      200 "list-things" [401];
            Get  GET "/things/{id}" 200 "get-thing"   [401, 404];
        ],
        update: UpdateStyle::PutChanges,
        on_screen: false,
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
    fn the_operations_table_reads_as_rows() {
        let get = THING.operation(Verb::Get).unwrap();
        assert_eq!(
            (get.name, get.method, get.path, get.status),
            ("get-thing", "GET", "/things/{id}", 200)
        );
        assert!(THING.can(Verb::List) && !THING.can(Verb::Delete));
        assert!(get.documents(200) && get.documents(404) && !get.documents(400));
    }

    #[test]
    fn names_ids_and_secrets_come_from_the_description() {
        let object = json!({"id": "t1", "name": "", "secret": "s3cr3t", "length": 8});
        assert_eq!(THING.id_of(&object), Some("t1"));
        assert_eq!(
            THING.name_of(&object),
            "t1",
            "an empty title falls back to the id"
        );
        assert_eq!(THING.name_of(&json!({"name": "Nightly"})), "Nightly");
        assert_eq!(
            THING.without_secrets(object),
            json!({"id": "t1", "name": "", "length": 8})
        );
    }

    #[test]
    fn filters_become_the_vendor_query() {
        let last_used = ListFilter {
            param: "filters",
            label: "Last used",
            help: "",
            kind: FilterKind::LastUsed,
        };
        assert_eq!(last_used.query_value(" "), None);
        assert_eq!(
            last_used.query_value(NEVER_USED).as_deref(),
            Some("lastUsed isnull")
        );
        assert_eq!(
            last_used.query_value("2024-05-01").as_deref(),
            Some("lastUsed le 2024-05-01T00:00:00Z")
        );
    }
}
