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
    /// Cells lowercased, for sorting without allocating per comparison.
    sort_text: Vec<String>,
    /// Cells that are numbers, so 9 sorts before 10.
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
        let sort_text: Vec<String> = cells.iter().map(|cell| cell.to_lowercase()).collect();
        let numbers = description
            .columns
            .iter()
            .map(|column| object.get(*column).and_then(Value::as_f64))
            .collect();
        let haystack = sort_text.join("\u{1f}");
        Self {
            id,
            cells,
            sort_text,
            numbers,
            haystack,
        }
    }

    pub(super) fn compare(&self, other: &Row, column: usize) -> Ordering {
        match (self.numbers[column], other.numbers[column]) {
            (Some(mine), Some(theirs)) => mine.total_cmp(&theirs),
            _ => self.sort_text[column].cmp(&other.sort_text[column]),
        }
    }
}
