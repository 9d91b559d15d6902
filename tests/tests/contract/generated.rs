//! Generated request bodies (proptest strategies from the vendor schemas) and JSON Patches.

use super::*;

/// Generated requests per operation: enough to wander the schema, few enough for seconds.
pub(crate) const GENERATED_PER_OPERATION: u32 = 8;

/// Values `schema` describes, of its kinds and ranges; with `wrong_kinds`, now and then one of
/// another kind, which the vendor must refuse rather than store.
pub(crate) fn generated(
    spec: &VendorSpec,
    schema: &Value,
    depth: u32,
    wrong_kinds: bool,
    modeled: &dyn Fn(&str) -> bool,
) -> BoxedStrategy<Value> {
    let typed = typed(spec, resolved(spec, schema), depth, modeled);
    if wrong_kinds {
        prop_oneof![9 => typed, 1 => any_scalar()].boxed()
    } else {
        typed
    }
}

pub(crate) fn any_scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..3).prop_map(Value::from),
        "[a-z]{0,6}".prop_map(Value::from),
    ]
    .boxed()
}

/// Values of `schema`'s own kinds. Wrong kinds go only into the body itself and the top-level
/// properties the sandbox models (`modeled`): those it checks as the vendor does, while it
/// keeps the others as sent.
pub(crate) fn typed(
    spec: &VendorSpec,
    schema: &Value,
    depth: u32,
    modeled: &dyn Fn(&str) -> bool,
) -> BoxedStrategy<Value> {
    for key in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[key].as_array() {
            let each = choices
                .iter()
                .map(|choice| generated(spec, choice, depth, false, modeled));
            return Union::new(each).boxed();
        }
    }
    if let Some(first) = schema["allOf"].as_array().and_then(|parts| parts.first()) {
        return typed(spec, resolved(spec, first), depth, modeled);
    }
    if let Some(choices) = schema["enum"].as_array() {
        return proptest::sample::select(choices.clone()).boxed();
    }
    if schema["format"] == "date-time" {
        let times = vec![
            json!(next_month()),
            json!("2020-01-01T00:00:00Z"),
            json!("not a time"),
        ];
        return proptest::sample::select(times).boxed();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds[0].as_str().unwrap_or("string"),
        kind => kind
            .as_str()
            .unwrap_or(if schema["properties"].is_object() {
                "object"
            } else {
                "string"
            }),
    };
    match kind {
        "object" => {
            let required = schema["required"].as_array().cloned().unwrap_or_default();
            let is_required = |name: &str| required.contains(&Value::from(name));
            // Deep down only what is required, so generation ends.
            let entries: Vec<BoxedStrategy<Option<(String, Value)>>> = schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(name, _)| depth < 3 || is_required(name))
                .map(|(name, property)| {
                    let wrong_kinds = depth == 0 && modeled(name);
                    let value = generated(spec, property, depth + 1, wrong_kinds, modeled);
                    // Nested objects keep what they require: the sandbox checks the body's own
                    // properties only, and keeps nested values as sent.
                    let kept = depth > 0 && is_required(name);
                    let value = if kept {
                        value.prop_map(Some).boxed()
                    } else {
                        proptest::option::of(value).boxed()
                    };
                    let name = name.clone();
                    value
                        .prop_map(move |value| value.map(|value| (name.clone(), value)))
                        .boxed()
                })
                .collect();
            entries
                .prop_map(|entries| Value::Object(entries.into_iter().flatten().collect()))
                .boxed()
        }
        "array" if depth < 3 => proptest::collection::vec(
            generated(spec, &schema["items"], depth + 1, false, modeled),
            0..3,
        )
        .prop_map(Value::Array)
        .boxed(),
        "array" => Just(json!([])).boxed(),
        "integer" => {
            let min = schema["minimum"].as_i64().unwrap_or(-10);
            let max = schema["maximum"].as_i64().unwrap_or(100_000);
            prop_oneof![8 => min..=max, 1 => Just(min - 1), 1 => Just(max + 1)]
                .prop_map(Value::from)
                .boxed()
        }
        "number" => (-100.0..100.0f64).prop_map(Value::from).boxed(),
        "boolean" => any::<bool>().prop_map(Value::from).boxed(),
        _ => {
            let example = schema["example"].as_str().unwrap_or("example").to_owned();
            prop_oneof![
                Just(Value::from(example)),
                "[a-zA-Z0-9 ._-]{0,12}".prop_map(Value::from)
            ]
            .boxed()
        }
    }
}

/// RFC 6902 patches of the resource's own properties (and a made-up one), with the values
/// the spec's `JsonPatchOperation` allows.
pub(crate) fn patches(
    spec: &VendorSpec,
    schema: &Value,
    description: &ResourceDescription,
) -> BoxedStrategy<Value> {
    let operation = resolved(spec, &resolved(spec, schema)["items"]).clone();
    let ops: Vec<Value> = operation["properties"]["op"]["enum"]
        .as_array()
        .unwrap()
        .clone();
    let mut paths: Vec<String> = description
        .fields
        .iter()
        .map(|field| format!("/{}", field.name))
        .collect();
    paths.push("/madeUp".to_owned());
    let value = generated(spec, &operation["properties"]["value"], 1, true, &|_| true);
    let one = (
        proptest::sample::select(ops),
        proptest::sample::select(paths),
        proptest::option::of(value),
    )
        .prop_map(|(op, path, value)| {
            let mut operation = json!({"op": op, "path": path});
            if let Some(value) = value {
                operation["value"] = value;
            }
            operation
        });
    proptest::collection::vec(one, 1..3)
        .prop_map(Value::Array)
        .boxed()
}
