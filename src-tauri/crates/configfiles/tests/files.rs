//! Exports on disk: round trips, determinism, atomic replacement, verify, damaged files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use gatehouse_configfiles::{
    compare, prepare, read, verify, write_export, ConfigFilesError, Export, ExportOptions, Format,
    Layout, Resources, Snapshot, Uncontrolled, MANIFEST_FILE,
};
use gatehouse_wire::Vendor;
use serde_json::{json, Value};

fn snapshot() -> Snapshot {
    let resources = Resources::from([
        (
            "servers".to_owned(),
            vec![
                json!({"id": "default", "name": "Default", "secret": "hash-secret-of-32-characters-or-more",
                       "grant_types": ["refresh_token", "authorization_code"]}),
                json!({"id": "CON", "name": "A reserved name", "tenant_id": "acme"}),
            ],
        ),
        (
            "clients".to_owned(),
            vec![
                json!({"client_id": "c1", "client_name": "Web / App: \"prod\"", "client_secret": "s1",
                       "authorization_server_id": "default", "redirect_uris": ["https://b", "https://a"]}),
                json!({"client_id": "C1", "client_name": "Same id, other case", "client_secret": "s2",
                       "authorization_server_id": "default"}),
            ],
        ),
        ("scopes".to_owned(), vec![]),
        (
            "tenant".to_owned(),
            vec![json!({"id": "acme", "name": "Acme", "authentication_context_settings": {}})],
        ),
        (
            "configuration".to_owned(),
            vec![json!({"servers": [{"id": "default", "secret": "dump-secret"}], "clients": []})],
        ),
    ]);
    Snapshot {
        vendor: Vendor::Cloudentity,
        base_url: "https://acme.example".into(),
        tenant: "acme".into(),
        app_version: "0.1.0".into(),
        exported_at: "2026-12-02T06:00:00Z".into(),
        resources,
        failures: vec![],
    }
}

fn exported(format: Format, layout: Layout) -> Export {
    let options = ExportOptions {
        format,
        layout,
        ..ExportOptions::default()
    };
    prepare(snapshot(), &options).unwrap()
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn without_manifest(mut files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.remove(MANIFEST_FILE);
    files
}

#[test]
fn every_format_and_layout_reads_back_as_written() {
    let parent = tempfile::tempdir().unwrap();
    for format in [Format::Json, Format::Yaml] {
        for layout in [Layout::File, Layout::Folder] {
            let export = exported(format, layout);
            let dir = parent.path().join(format!("{format}-{layout:?}"));
            let manifest = write_export(&dir, &export, &mut Uncontrolled).unwrap();
            let back = read(&dir).unwrap();
            assert_eq!(back.resources, export.resources, "{format} {layout:?}");
            assert_eq!(back.manifest, manifest);
            assert!(verify(&dir).unwrap().is_intact());
        }
    }
}

#[test]
fn no_default_export_holds_a_secret() {
    let parent = tempfile::tempdir().unwrap();
    for format in [Format::Json, Format::Yaml] {
        for layout in [Layout::File, Layout::Folder] {
            let dir = parent.path().join(format!("{format}-{layout:?}"));
            write_export(&dir, &exported(format, layout), &mut Uncontrolled).unwrap();
            for (path, bytes) in tree(&dir) {
                let text = String::from_utf8(bytes).unwrap();
                for secret in ["hash-secret-of-32", "\"s1\"", "\"s2\"", "dump-secret"] {
                    assert!(!text.contains(secret), "{secret} in {path}");
                }
            }
        }
    }
}

#[test]
fn folder_names_are_safe_and_tell_case_apart() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("export");
    write_export(
        &target,
        &exported(Format::Json, Layout::Folder),
        &mut Uncontrolled,
    )
    .unwrap();
    let names: Vec<String> = tree(&target).into_keys().collect();
    let lowercase: std::collections::HashSet<_> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lowercase.len(), names.len(), "{names:?}");
    assert!(
        names.contains(&"clients/c1--web-app-prod.json".to_owned()),
        "{names:?}"
    );
    assert!(
        names.iter().any(|name| name.starts_with("servers/_CON~")),
        "{names:?}"
    );
    assert!(names.contains(&"configuration/configuration.json".to_owned()));
}

#[test]
fn two_writes_of_the_same_data_are_byte_identical() {
    let parent = tempfile::tempdir().unwrap();
    let (first, second) = (parent.path().join("a"), parent.path().join("b"));
    for format in [Format::Json, Format::Yaml] {
        let export = exported(format, Layout::Folder);
        write_export(&first, &export, &mut Uncontrolled).unwrap();
        write_export(&second, &export, &mut Uncontrolled).unwrap();
        assert_eq!(tree(&first), tree(&second));
        let mut later = snapshot();
        later.exported_at = "2027-06-01T00:00:00Z".into();
        // The vendor answering in another order changes nothing either.
        later.resources.get_mut("servers").unwrap().reverse();
        let options = ExportOptions {
            format,
            ..ExportOptions::default()
        };
        write_export(
            &second,
            &prepare(later, &options).unwrap(),
            &mut Uncontrolled,
        )
        .unwrap();
        assert_eq!(
            without_manifest(tree(&first)),
            without_manifest(tree(&second))
        );
    }
}

#[test]
fn folder_to_file_to_folder_and_json_to_yaml_to_json_lose_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let original = exported(Format::Json, Layout::Folder);
    let start = parent.path().join("start");
    write_export(&start, &original, &mut Uncontrolled).unwrap();
    let mut current = read(&start).unwrap();
    for (step, (format, layout)) in [
        (Format::Json, Layout::File),
        (Format::Yaml, Layout::File),
        (Format::Yaml, Layout::Folder),
        (Format::Json, Layout::Folder),
    ]
    .into_iter()
    .enumerate()
    {
        current.manifest.format = format;
        current.manifest.layout = layout;
        let dir = parent.path().join(format!("step{step}"));
        write_export(&dir, &current, &mut Uncontrolled).unwrap();
        current = read(&dir).unwrap();
        assert_eq!(current.resources, original.resources, "{format} {layout:?}");
    }
    let end = parent.path().join("step3");
    assert_eq!(without_manifest(tree(&start)), without_manifest(tree(&end)));
}

fn write_then_fail_the_next(fail_with: fn() -> ConfigFilesError) {
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("export");
    write_export(
        &target,
        &exported(Format::Json, Layout::Folder),
        &mut Uncontrolled,
    )
    .unwrap();
    fs::create_dir(target.join(".git")).unwrap();
    fs::write(target.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let before = tree(&target);

    let mut next = snapshot();
    next.resources.get_mut("clients").unwrap().clear();
    next.exported_at = "2027-01-01T00:00:00Z".into();
    let next = prepare(next, &ExportOptions::default()).unwrap();
    let mut control =
        |_: &str, done: usize, _: usize| if done == 2 { Err(fail_with()) } else { Ok(()) };
    assert!(write_export(&target, &next, &mut control).is_err());

    assert_eq!(tree(&target), before, "the previous export is as it was");
    let leftovers: Vec<_> = fs::read_dir(parent.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["export"], "nothing half-written beside it");
}

#[test]
fn a_cancelled_write_leaves_the_previous_export() {
    write_then_fail_the_next(|| ConfigFilesError::Cancelled);
}

#[test]
fn a_failed_write_leaves_the_previous_export() {
    write_then_fail_the_next(|| ConfigFilesError::Io {
        path: "disk".into(),
        source: std::io::Error::other("disk full"),
    });
}

#[test]
fn a_rewrite_keeps_what_the_administrator_keeps_beside_the_export() {
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("export");
    write_export(
        &target,
        &exported(Format::Json, Layout::Folder),
        &mut Uncontrolled,
    )
    .unwrap();
    fs::create_dir(target.join(".git")).unwrap();
    fs::write(target.join("README.md"), "ours\n").unwrap();
    write_export(
        &target,
        &exported(Format::Yaml, Layout::File),
        &mut Uncontrolled,
    )
    .unwrap();
    let names: Vec<String> = tree(&target).into_keys().collect();
    assert_eq!(names, ["README.md", "export.yaml", "manifest.json"]);
    assert!(target.join(".git").is_dir());
    assert!(verify(&target).unwrap().is_intact());
}

#[test]
fn verify_names_each_file_changed_added_missing_or_unparsable() {
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("export");
    write_export(
        &target,
        &exported(Format::Json, Layout::Folder),
        &mut Uncontrolled,
    )
    .unwrap();
    fs::write(
        target.join("tenant/acme.json"),
        "{\"id\": \"acme\", \"name\": \"Changed\"}\n",
    )
    .unwrap();
    fs::write(target.join("servers/extra.json"), "{\"id\": \"extra\"}\n").unwrap();
    fs::remove_file(target.join("configuration/configuration.json")).unwrap();
    fs::write(target.join("clients/c1--web-app-prod.json"), "{ not json").unwrap();
    let verification = verify(&target).unwrap();
    assert_eq!(
        verification.changed,
        ["clients/c1--web-app-prod.json", "tenant/acme.json"]
    );
    assert_eq!(verification.added, ["servers/extra.json"]);
    assert_eq!(verification.missing, ["configuration/configuration.json"]);
    assert_eq!(verification.unparsable.len(), 1);
    assert_eq!(
        verification.unparsable[0].0,
        "clients/c1--web-app-prod.json"
    );
    assert!(!verification.is_intact());
}

#[test]
fn verify_refuses_another_format_version() {
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("export");
    write_export(
        &target,
        &exported(Format::Json, Layout::Folder),
        &mut Uncontrolled,
    )
    .unwrap();
    let path = target.join(MANIFEST_FILE);
    let mut manifest: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    manifest["format_version"] = json!(99);
    fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    assert!(matches!(
        verify(&target),
        Err(ConfigFilesError::FormatVersion { found: 99, .. })
    ));
    assert!(matches!(
        read(&target),
        Err(ConfigFilesError::FormatVersion { .. })
    ));
}

#[test]
fn a_corrupt_file_is_an_error_never_a_deleted_object() {
    let parent = tempfile::tempdir().unwrap();
    for layout in [Layout::Folder, Layout::File] {
        let target = parent.path().join(format!("{layout:?}"));
        let export = exported(Format::Yaml, layout);
        write_export(&target, &export, &mut Uncontrolled).unwrap();
        let victim = match layout {
            Layout::Folder => target.join("clients/c1--web-app-prod.yaml"),
            Layout::File => target.join("export.yaml"),
        };
        fs::write(&victim, "client_id: [unclosed\n").unwrap();
        match read(&target) {
            Err(ConfigFilesError::Parse { path, .. }) => assert_eq!(path, victim),
            other => panic!("{layout:?}: {other:?}"),
        }
        // A type folder gone while the manifest counts objects in it is damage too.
        if layout == Layout::Folder {
            fs::remove_dir_all(target.join("clients")).unwrap();
            assert!(matches!(
                read(&target),
                Err(ConfigFilesError::Layout { .. })
            ));
        }
    }
}

#[test]
fn an_export_read_back_compares_equal_to_the_export_written() {
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("export");
    let export = exported(Format::Yaml, Layout::Folder);
    write_export(&target, &export, &mut Uncontrolled).unwrap();
    assert!(!compare(&export, &read(&target).unwrap())
        .unwrap()
        .has_drift());
}

#[test]
fn renaming_or_adding_an_object_renames_no_other_file() {
    let parent = tempfile::tempdir().unwrap();
    let (first, second) = (parent.path().join("a"), parent.path().join("b"));
    write_export(
        &first,
        &exported(Format::Json, Layout::Folder),
        &mut Uncontrolled,
    )
    .unwrap();
    let mut changed = snapshot();
    let clients = changed.resources.get_mut("clients").unwrap();
    clients[0]["client_name"] = json!("Renamed");
    clients.push(json!({"client_id": "c1 ", "client_name": "Web / App: \"prod\""}));
    write_export(
        &second,
        &prepare(changed, &ExportOptions::default()).unwrap(),
        &mut Uncontrolled,
    )
    .unwrap();
    let before: Vec<String> = tree(&first).into_keys().collect();
    let after: Vec<String> = tree(&second).into_keys().collect();
    let gone: Vec<_> = before.iter().filter(|name| !after.contains(name)).collect();
    let new: Vec<_> = after.iter().filter(|name| !before.contains(name)).collect();
    assert_eq!(gone, ["clients/c1--web-app-prod.json"]);
    assert_eq!(new.len(), 2, "{new:?}");
    assert!(
        new.contains(&&"clients/c1--renamed.json".to_owned()),
        "{new:?}"
    );
}
