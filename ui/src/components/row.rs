//! One object as a table row, prepared once per load so searching and sorting ten thousand
//! rows never parses or lowercases anything again.

use std::cmp::Ordering;

use gatehouse_wire::ResourceDescription;
use serde_json::Value;

use crate::components::display_value;

/// One object as the table shows it, prepared once per load.
pub struct Row {
    pub id: String,
    pub(super) cells: Vec<String>,
    /// Per cell, a key whose plain byte order is the natural order of the cell's text.
    sort_keys: Vec<String>,
    /// Cells that are numbers, so 9 sorts before 10 and -1 before 0.
    numbers: Vec<Option<f64>>,
    /// Every cell lowercased in one string: searching is one `contains` per row.
    pub(super) haystack: String,
}

impl Row {
    pub fn new(description: &ResourceDescription, object: &Value) -> Self {
        let id = description.id_of(object).unwrap_or_default().to_owned();
        let cells: Vec<String> = description
            .columns
            .iter()
            .map(|column| display_value(object.get(*column).unwrap_or(&Value::Null)))
            .collect();
        let lowercase: Vec<String> = cells.iter().map(|cell| cell.to_lowercase()).collect();
        let sort_keys = lowercase.iter().map(|cell| natural_key(cell)).collect();
        let numbers = description
            .columns
            .iter()
            .map(|column| object.get(*column).and_then(Value::as_f64))
            .collect();
        let haystack = lowercase.join("\u{1f}");
        Self {
            id,
            cells,
            sort_keys,
            numbers,
            haystack,
        }
    }

    pub(super) fn compare(&self, other: &Row, column: usize) -> Ordering {
        match (self.numbers[column], other.numbers[column]) {
            (Some(mine), Some(theirs)) => mine.total_cmp(&theirs),
            _ => self.sort_keys[column].cmp(&other.sort_keys[column]),
        }
    }
}

/// Marks a run of digits in a natural key; below every printable character, so a number sorts
/// before letters, as digits do in plain text.
const DIGITS: char = '\u{1}';

/// `text` rewritten so that comparing keys as plain strings orders the texts naturally:
/// "client 549" before "client 5489". Each run of digits becomes the marker, its length
/// without leading zeros as one character, then those digits: a shorter number is a smaller
/// one, and numbers of one length compare digit by digit. Leading zeros are dropped, so
/// "007" and "7" tie; the stable order of the rows then decides.
fn natural_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        key.push_str(&rest[..start]);
        let digits_end = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |end| start + end);
        let digits = rest[start..digits_end].trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        // Longer runs than a `char` can count are not numbers anyone reads; they share the
        // largest length and compare digit by digit.
        let length = u32::try_from(digits.len()).unwrap_or(u32::MAX).min(0xD7FF);
        key.push(DIGITS);
        key.push(char::from_u32(length).unwrap_or(char::MAX));
        key.push_str(digits);
        rest = &rest[digits_end..];
    }
    key.push_str(rest);
    key
}

#[cfg(test)]
mod tests {
    use super::natural_key;

    fn sorted(texts: &[&str]) -> Vec<String> {
        let mut texts: Vec<String> = texts.iter().map(|text| (*text).to_owned()).collect();
        texts.sort_by_key(|text| natural_key(text));
        texts
    }

    #[test]
    fn numbers_inside_text_sort_by_value() {
        assert_eq!(
            sorted(&["client 5489", "client 549", "client 10", "client 9"]),
            ["client 9", "client 10", "client 549", "client 5489"]
        );
    }

    #[test]
    fn numbers_sort_before_letters_and_text_compares_as_text() {
        assert_eq!(
            sorted(&["beta", "alpha 2", "alpha", "2 alpha", "alpha 10"]),
            ["2 alpha", "alpha", "alpha 2", "alpha 10", "beta"]
        );
    }

    #[test]
    fn leading_zeros_do_not_change_a_number() {
        assert_eq!(natural_key("v007"), natural_key("v7"));
        assert_eq!(
            sorted(&["client 00100", "client 00099", "client 0"]),
            ["client 0", "client 00099", "client 00100"]
        );
    }
}
