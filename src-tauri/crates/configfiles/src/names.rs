//! File names of exported objects: from the object's id and a slug of its title, safe on
//! every OS, and depending on nothing but the object itself, so renaming or adding another
//! object never renames this one's file.

use sha2::{Digest, Sha256};

/// Longest id kept whole in a name; longer ids are cut and marked with their hash.
const MAX_ID: usize = 64;
/// Longest title slug; a title is only a reading aid, the id identifies.
const MAX_SLUG: usize = 40;
/// Names Windows reserves whatever the extension (`CON.json` cannot be created).
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    "CONIN$", "CONOUT$",
];

/// The file stem for an object: `id` made safe, then `--` and the title's slug when there is
/// a title other than the id. An id that had to be changed to be safe, that was cut, or that
/// has capitals gets `~` and 8 hex digits of its hash: two ids that differ only in case then
/// never share a name on a case-insensitive disk, and no changed id meets an unchanged one.
pub fn file_stem(id: &str, title: Option<&str>) -> String {
    let (safe, exact) = safe_id(id);
    let mut stem = safe;
    if !exact || id.chars().any(|character| character.is_uppercase()) {
        stem.push('~');
        stem.push_str(&short_hash(id));
    }
    if let Some(slug) = title.map(slug).filter(|slug| !slug.is_empty()) {
        if !slug.eq_ignore_ascii_case(&stem) {
            stem.push_str("--");
            stem.push_str(&slug);
        }
    }
    stem
}

/// `id` with what no OS accepts replaced by `_`, and whether nothing was changed.
fn safe_id(id: &str) -> (String, bool) {
    let mut safe: String = id
        .chars()
        .map(|character| match character {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' | '@' | '+' | '=' => character,
            _ => '_',
        })
        .collect();
    // `--` separates id and title, `~` starts the hash: an id never contains them.
    while safe.contains("--") {
        safe = safe.replace("--", "-_");
    }
    if safe.starts_with('.') {
        safe.replace_range(0..1, "_");
    }
    if safe.ends_with('.') {
        safe.pop();
        safe.push('_');
    }
    let stem = safe.split('.').next().unwrap_or_default();
    if RESERVED
        .iter()
        .any(|reserved| reserved.eq_ignore_ascii_case(stem))
    {
        safe.insert(0, '_');
    }
    if safe.is_empty() {
        safe.push('_');
    }
    if safe.len() > MAX_ID {
        safe.truncate(MAX_ID);
    }
    let exact = safe == id;
    (safe, exact)
}

/// A title as lowercase ASCII words joined by `-`, at most [`MAX_SLUG`] characters.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for character in title.chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG {
            break;
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// 8 hex digits of the SHA-256 of `text`.
pub fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..4]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_plain_id_and_title_read_as_they_are() {
        assert_eq!(
            file_stem("2c9180835d2e5168015d32f890ca1581", Some("Nightly Backup")),
            "2c9180835d2e5168015d32f890ca1581--nightly-backup"
        );
        assert_eq!(file_stem("default", Some("Default")), "default");
        assert_eq!(file_stem("default", None), "default");
    }

    #[test]
    fn reserved_names_separators_and_control_characters_never_reach_the_disk() {
        for id in [
            "CON", "nul", "Com1", "lpt9.txt", "a/b", "a\\b", "a:b", "x\u{0}y", "..", ".hidden",
            "end.", "",
        ] {
            let stem = file_stem(id, Some("t/i\u{7}tle\\ <>:\"|?*"));
            assert!(
                !stem.contains(['/', '\\', ':', '<', '>', '"', '|', '?', '*']),
                "{stem}"
            );
            assert!(!stem.chars().any(char::is_control), "{stem}");
            assert!(!stem.starts_with('.') && !stem.ends_with('.'), "{stem}");
            let first = stem.split(['.', '~', '-']).next().unwrap();
            assert!(
                !RESERVED
                    .iter()
                    .any(|reserved| reserved.eq_ignore_ascii_case(first)),
                "{id} -> {stem}"
            );
        }
    }

    #[test]
    fn names_are_bounded() {
        let long = "x".repeat(500);
        let stem = file_stem(&long, Some(&"Word ".repeat(100)));
        assert!(stem.len() <= MAX_ID + 9 + 2 + MAX_SLUG, "{}", stem.len());
        assert_ne!(file_stem(&long, None), file_stem(&"x".repeat(501), None));
    }

    #[test]
    fn ids_that_differ_only_in_case_or_by_unsafe_characters_get_distinct_names() {
        let ids = ["abc", "ABC", "Abc", "a/c", "a:c", "a_c", "a--b", "a-_b"];
        let names: HashSet<String> = ids
            .iter()
            .map(|id| file_stem(id, Some("same title")).to_lowercase())
            .collect();
        assert_eq!(names.len(), ids.len(), "{names:?}");
    }

    #[test]
    fn a_name_depends_only_on_its_own_object() {
        assert_eq!(
            file_stem("Client-1", Some("Web")),
            file_stem("Client-1", Some("Web"))
        );
        assert_eq!(slug("  Héllo,  World!  "), "h-llo-world");
        assert_eq!(slug("日本"), "");
    }
}
