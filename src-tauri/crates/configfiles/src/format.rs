//! JSON and YAML text of one value: sorted keys, LF endings, a final newline.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical::sort_keys;
use crate::error::{ConfigFilesError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }

    /// The format a file name's extension stands for (`.yml` too, as people write it).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let (_, extension) = name.rsplit_once('.')?;
        match extension {
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }

    /// The canonical text of `value`: keys sorted at every depth, LF line endings, one
    /// trailing newline. The same value always gives the same bytes.
    pub fn to_text(self, what: &str, value: &Value) -> Result<String> {
        let value = sort_keys(value);
        let text = match self {
            Format::Json => serde_json::to_string_pretty(&value).map_err(|error| error.to_string()),
            Format::Yaml => yaml_serde::to_string(&value).map_err(|error| error.to_string()),
        }
        .map_err(|message| ConfigFilesError::Serialize {
            what: what.to_owned(),
            format: self,
            message,
        })?;
        // Both serializers write `\n` only; a string's own CR is escaped inside quotes.
        let mut text = text.trim_end_matches('\n').to_owned();
        text.push('\n');
        Ok(text)
    }

    /// Parses text written in this format; the error is the parser's message.
    pub fn parse(self, text: &str) -> Result<Value, String> {
        match self {
            Format::Json => serde_json::from_str(text).map_err(|error| error.to_string()),
            Format::Yaml => yaml_serde::from_str(text).map_err(|error| error.to_string()),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_sorted_and_ends_with_one_newline() {
        let value = json!({"b": 1, "a": {"d": [], "c": {}}});
        let json_text = Format::Json.to_text("x", &value).unwrap();
        assert_eq!(
            json_text,
            "{\n  \"a\": {\n    \"c\": {},\n    \"d\": []\n  },\n  \"b\": 1\n}\n"
        );
        let yaml_text = Format::Yaml.to_text("x", &value).unwrap();
        assert!(yaml_text.starts_with("a:"), "{yaml_text}");
        assert!(yaml_text.ends_with('\n') && !yaml_text.ends_with("\n\n"));
        assert!(!yaml_text.contains('\r') && !json_text.contains('\r'));
    }

    #[test]
    fn a_carriage_return_inside_a_string_stays_inside_quotes() {
        let value = json!({"text": "line one\r\nline two"});
        for format in [Format::Json, Format::Yaml] {
            let text = format.to_text("x", &value).unwrap();
            assert!(!text.contains('\r'), "{format}: {text:?}");
            assert_eq!(format.parse(&text).unwrap(), value, "{format}");
        }
    }

    #[test]
    fn extensions_name_formats() {
        assert_eq!(Format::from_file_name("a.yml"), Some(Format::Yaml));
        assert_eq!(Format::from_file_name("a.b.json"), Some(Format::Json));
        assert_eq!(Format::from_file_name("README.md"), None);
    }
}
