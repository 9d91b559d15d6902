//! Property tests: any JSON value survives JSON -> YAML -> JSON, and any set of objects
//! survives folder -> file -> folder, byte for byte.

use gatehouse_configfiles::{
    prepare, read, render, write_export, ExportOptions, Format, Layout, Resources, Snapshot,
    Uncontrolled, MANIFEST_FILE,
};
use gatehouse_wire::Vendor;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Strings YAML would read as something else unless quoted, and others that stress text.
const TRICKY: &[&str] = &[
    "",
    "true",
    "false",
    "True",
    "yes",
    "no",
    "on",
    "off",
    "null",
    "Null",
    "~",
    "0",
    "-0",
    "007",
    "1e3",
    "0x1F",
    "0o17",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "12:30:00",
    "2026-12-02",
    "- item",
    "key: value",
    "#comment",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "@at",
    "`tick`",
    "%percent",
    "{}",
    "[]",
    " leading space",
    "trailing space ",
    "line\nbreak",
    "tab\there",
    "cr\r\nlf",
    "quote\"s",
    "back\\slash",
    "héllo wörld",
    "日本語",
    "emoji 🚀",
    "\u{0}nul",
    "\u{feff}bom",
    "gatehouse:redacted:x/y/z",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0), Just(-1)].prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        (-1.0e15f64..1.0e15).prop_map(Value::from),
        (proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO)
            .prop_map(Value::from),
        proptest::sample::select(TRICKY).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,8}",
                    proptest::sample::select(TRICKY).prop_map(String::from)
                ],
                inner,
                0..6
            )
            .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_value_survives_json_to_yaml_to_json(value in json_value()) {
        let json = Format::Json.to_text("value", &value).unwrap();
        let from_json = Format::Json.parse(&json).unwrap();
        prop_assert_eq!(&from_json, &value);
        let yaml = Format::Yaml.to_text("value", &from_json).unwrap();
        let from_yaml = Format::Yaml.parse(&yaml).map_err(|error| TestCaseError::fail(format!("{error}\n{yaml}")))?;
        prop_assert_eq!(&from_yaml, &value, "through:\n{}", yaml);
        prop_assert_eq!(&Format::Json.to_text("value", &from_yaml).unwrap(), &json);
        prop_assert!(!yaml.contains('\r') && !json.contains('\r'));
    }
}

fn client_objects() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::btree_map(
        "[A-Za-z0-9:/._ -]{1,20}",
        (json_value(), "\\PC{0,30}"),
        0..8,
    )
    .prop_map(|clients| {
        clients
            .into_iter()
            .map(|(id, (extra, name))| {
                let mut object = Map::new();
                object.insert("client_id".into(), Value::from(id));
                object.insert("client_name".into(), Value::from(name));
                object.insert("extra".into(), extra);
                Value::Object(object)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_objects_survive_folder_to_file_to_folder(clients in client_objects()) {
        let snapshot = Snapshot {
            vendor: Vendor::Cloudentity,
            base_url: "https://acme.example".into(),
            tenant: "acme".into(),
            app_version: "0.1.0".into(),
            exported_at: "2026-12-02T06:00:00Z".into(),
            resources: Resources::from([("clients".to_owned(), clients)]),
            failures: vec![],
        };
        let export = prepare(snapshot, &ExportOptions::default()).unwrap();
        let parent = tempfile::tempdir().unwrap();
        let mut current = export.clone();
        for (step, (format, layout)) in [
            (Format::Yaml, Layout::Folder),
            (Format::Json, Layout::File),
            (Format::Yaml, Layout::File),
            (Format::Json, Layout::Folder),
        ]
        .into_iter()
        .enumerate()
        {
            current.manifest.format = format;
            current.manifest.layout = layout;
            let dir = parent.path().join(step.to_string());
            write_export(&dir, &current, &mut Uncontrolled).unwrap();
            current = read(&dir).unwrap();
            prop_assert_eq!(&current.resources, &export.resources);
        }
        let mut first = render(&export).unwrap();
        let mut last = render(&current).unwrap();
        first.remove(MANIFEST_FILE);
        last.remove(MANIFEST_FILE);
        prop_assert_eq!(first, last);
    }
}
