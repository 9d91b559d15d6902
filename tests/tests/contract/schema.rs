//! The vendors' OpenAPI specs as JSON Schema: the schema of each operation's request, answer
//! and error bodies, and a sample value of a schema.

use super::*;

/// OpenAPI 3.0 `nullable` is not JSON Schema: turn it into a `null` alternative, everywhere.
pub(crate) fn json_schema_of(openapi: &mut Value) {
    match openapi {
        Value::Object(object) => {
            for value in object.values_mut() {
                json_schema_of(value);
            }
            if object.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::Array(choices)) = object.get_mut("enum") {
                    if !choices.contains(&Value::Null) {
                        choices.push(Value::Null);
                    }
                }
                match object.get("type").cloned() {
                    Some(Value::String(kind)) => {
                        object.insert("type".into(), json!([kind, "null"]));
                    }
                    _ if object.contains_key("$ref") => {
                        let reference = object.remove("$ref").unwrap();
                        object.insert(
                            "anyOf".into(),
                            json!([{"$ref": reference}, {"type": "null"}]),
                        );
                    }
                    _ => {}
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json_schema_of),
        _ => {}
    }
}

pub(crate) struct VendorSpec {
    /// The seed path prefix the spec's server adds (`/beta`); empty for Cloudentity, whose
    /// spec is matched by operation id (its developer paths differ from the seed's).
    pub(crate) prefix: &'static str,
    pub(crate) document: Value,
}

pub(crate) fn load_spec(file: &str, prefix: &'static str) -> VendorSpec {
    let text = std::fs::read_to_string(shared_dir().join("api/specs").join(file)).unwrap();
    let mut document: Value = serde_yaml::from_str(&text).unwrap();
    json_schema_of(&mut document);
    VendorSpec { prefix, document }
}

/// The three vendor specs the seeds are checked against: SailPoint beta and v3, and ACP.
pub(crate) fn vendor_specs() -> [VendorSpec; 3] {
    [
        load_spec("sailpoint-beta-subset.yaml", "/beta"),
        load_spec("sailpoint-v3-subset.yaml", "/v3"),
        load_spec("acp-1.6.0-admin-developer-subset.yaml", ""),
    ]
}

/// The spec's description of `operation`: by path for SailPoint, by operation id for ACP.
pub(crate) fn spec_operation<'s>(
    specs: &'s [VendorSpec],
    operation: &Operation,
) -> Option<&'s Value> {
    let method = operation.method.to_lowercase();
    specs.iter().find_map(|spec| {
        if spec.prefix.is_empty() {
            spec.document["paths"]
                .as_object()?
                .values()
                .filter_map(|item| item.get(&method))
                .find(|candidate| candidate["operationId"] == operation.name)
        } else {
            let path = operation.path.strip_prefix(spec.prefix)?;
            spec.document["paths"][path].get(&method)
        }
    })
}

/// The spec that describes `operation`, and its description there.
pub(crate) fn spec_of<'s>(
    specs: &'s [VendorSpec],
    operation: &Operation,
) -> Option<(&'s VendorSpec, &'s Value)> {
    specs.iter().find_map(|spec| {
        spec_operation(std::slice::from_ref(spec), operation).map(|described| (spec, described))
    })
}

/// A schema of `spec`, as a root that carries the spec's components or definitions so every
/// `$ref` resolves.
pub(crate) fn rooted(spec: &VendorSpec, schema: Value) -> Value {
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
    });
    for shared in ["components", "definitions"] {
        if let Some(section) = spec.document.get(shared) {
            root[shared] = section.clone();
        }
    }
    root
}

/// What `reference` (`#/components/responses/401`) points at in `spec`.
pub(crate) fn resolve<'s>(spec: &'s VendorSpec, reference: &str) -> &'s Value {
    let pointer = reference.trim_start_matches('#');
    spec.document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{reference} is not in the spec"))
}

/// The body schema of a response object (OpenAPI 3 `content` or Swagger 2 `schema`).
pub(crate) fn body_schema(spec: &VendorSpec, response: &Value) -> Value {
    let response = match response["$ref"].as_str() {
        Some(reference) => resolve(spec, reference),
        None => response,
    };
    if response["content"].is_object() {
        response["content"]["application/json"]["schema"].clone()
    } else {
        response["schema"].clone()
    }
}

/// The vendor's response schema for `operation` at `status`, rooted so `$ref`s resolve.
/// `Ok(None)`: the spec documents no body; `Err`: the spec does not know the operation at all
/// (the seed has it, the older spec does not).
pub(crate) fn response_schema(
    specs: &[VendorSpec],
    operation: &Operation,
    status: u16,
) -> Result<Option<Value>, String> {
    let Some((spec, described)) = spec_of(specs, operation) else {
        return Err(format!("{} is not in the vendor spec", operation.name));
    };
    let response = &described["responses"][status.to_string()];
    assert!(
        !response.is_null(),
        "the spec does not document {status} for {}",
        operation.name
    );
    let schema = body_schema(spec, response);
    if schema.is_null() || schema["type"] == "file" {
        return Ok(None);
    }
    Ok(Some(rooted(spec, schema)))
}

pub(crate) fn problems_against(schema: &Value, body: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the spec schema compiles");
    validator
        .iter_errors(body)
        .map(|error| format!("{error} at {}", error.instance_path))
        .collect()
}

/// The spec's schema of `operation`'s JSON body, unresolved (`$ref` as written); `None` when
/// it takes none (or no JSON: files, forms, text).
pub(crate) fn request_schema(specs: &[VendorSpec], operation: &Operation) -> Option<Value> {
    let (_, described) = spec_of(specs, operation)?;
    let content = &described["requestBody"]["content"];
    let schema = if content.is_object() {
        ["application/json", "application/json-patch+json"]
            .iter()
            .map(|kind| content[kind]["schema"].clone())
            .find(|schema| !schema.is_null())?
    } else {
        described["parameters"]
            .as_array()?
            .iter()
            .find(|parameter| parameter["in"] == "body")?["schema"]
            .clone()
    };
    let resolved = resolved_in(specs, operation, &schema);
    (resolved["type"] == "object"
        || resolved["type"] == "array"
        || resolved["properties"].is_object())
    .then_some(schema)
}

/// `schema` with its own `$ref` (not those inside it) followed.
pub(crate) fn resolved_in(specs: &[VendorSpec], operation: &Operation, schema: &Value) -> Value {
    let (spec, _) = spec_of(specs, operation).unwrap();
    resolved(spec, schema).clone()
}

pub(crate) fn resolved<'s>(spec: &'s VendorSpec, mut schema: &'s Value) -> &'s Value {
    while let Some(reference) = schema["$ref"].as_str() {
        schema = resolve(spec, reference);
    }
    schema
}

/// A date-time the vendors take for "a while from now" (PAT expiry is at most 6 months out).
pub(crate) fn next_month() -> String {
    let time = std::time::SystemTime::now() + std::time::Duration::from_secs(30 * 24 * 3600);
    humantime::format_rfc3339_millis(time).to_string()
}

/// A value `schema` accepts: its example, else its first enum value, else the plainest value
/// of its type, with every property of an object.
pub(crate) fn sample(spec: &VendorSpec, schema: &Value, depth: u32) -> Value {
    let schema = resolved(spec, schema);
    if let Some(first) = ["allOf", "oneOf", "anyOf"]
        .iter()
        .find_map(|key| schema[key].as_array()?.first())
    {
        return sample(spec, first, depth);
    }
    if schema["format"] == "date-time" {
        return json!(next_month());
    }
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(first) = schema["enum"]
        .as_array()
        .and_then(|choices| choices.first())
    {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds[0].as_str().unwrap_or("string").to_owned(),
        kind => kind.as_str().unwrap_or("object").to_owned(),
    };
    match kind.as_str() {
        "object" if depth < 3 => Value::Object(
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, property)| (name.clone(), sample(spec, property, depth + 1)))
                .collect(),
        ),
        "object" => json!({}),
        "array" if depth < 3 => json!([sample(spec, &schema["items"], depth + 1)]),
        "array" => json!([]),
        "integer" => schema["minimum"]
            .as_i64()
            .map_or(json!(1), |min| json!(min.max(1))),
        "number" => json!(1.5),
        "boolean" => json!(false),
        _ => json!(format!(
            "contract-{}",
            CREATED.fetch_add(1, Ordering::Relaxed)
        )),
    }
}

/// The properties `schema` lists, and those it requires.
pub(crate) fn properties(spec: &VendorSpec, schema: &Value) -> (Vec<String>, Vec<String>) {
    let schema = resolved(spec, schema);
    let names = |value: &Value| -> Vec<String> {
        match value {
            Value::Object(map) => map.keys().cloned().collect(),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    };
    (names(&schema["properties"]), names(&schema["required"]))
}
