//! Which rows a table shows and in what order, kept cheap enough for every keystroke and
//! click over ten thousand rows: a column's order is sorted once per load and reversed for the
//! other direction, and a search that adds to the previous one only looks through its matches.

use super::row::Row;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

/// The orders of a load's rows by each column, sorted the first time a column is asked for.
pub struct Orders {
    ascending: Vec<Option<Vec<usize>>>,
}

impl Orders {
    pub fn new(columns: usize) -> Self {
        Self {
            ascending: vec![None; columns],
        }
    }

    /// Every row's index, by `column` in `direction`. Descending is ascending reversed, so
    /// rows that tie keep opposite load orders in the two directions.
    pub fn by(&mut self, rows: &[Row], column: usize, direction: Direction) -> Vec<usize> {
        let ascending = self.ascending[column].get_or_insert_with(|| {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            // Ties go by load order, so the unstable sort gives one order.
            order.sort_unstable_by(|&a, &b| rows[a].compare(&rows[b], column).then(a.cmp(&b)));
            order
        });
        let mut order = ascending.clone();
        if direction == Direction::Descending {
            order.reverse();
        }
        order
    }
}

/// The matches of the searches typed since the order last changed, each search containing
/// the one before: typing on looks only through the last matches, and erasing finds the
/// earlier ones again.
#[derive(Default)]
pub struct Narrowing {
    /// The sort of the order the matches were taken from.
    sorted_by: Option<(usize, Direction)>,
    searches: Vec<(String, Vec<usize>)>,
}

impl Narrowing {
    /// The rows of `order` (sorted by `sorted_by`) whose haystack contains `needle`
    /// (lowercased), in that order.
    pub fn matches(
        &mut self,
        rows: &[Row],
        order: &[usize],
        sorted_by: Option<(usize, Direction)>,
        needle: &str,
    ) -> Vec<usize> {
        if self.sorted_by != sorted_by {
            self.searches.clear();
            self.sorted_by = sorted_by;
        }
        self.searches
            .retain(|(earlier, _)| needle.contains(earlier.as_str()));
        if let Some((_, found)) = self.searches.last().filter(|(last, _)| last == needle) {
            return found.clone();
        }
        let among = self.searches.last().map_or(order, |(_, found)| found);
        let found: Vec<usize> = among
            .iter()
            .copied()
            .filter(|&index| contains(rows[index].haystack.as_bytes(), needle.as_bytes()))
            .collect();
        self.searches.push((needle.to_owned(), found.clone()));
        found
    }
}

/// Whether `haystack` holds `needle`. A row's text is a few dozen bytes: finding the needle's
/// first byte and comparing the rest there costs less than a general searcher's set-up for
/// every row.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, haystack).any(|at| haystack[at + 1..].starts_with(rest))
}

#[cfg(test)]
mod tests {
    use gatehouse_wire::catalog::OAUTH_CLIENTS;
    use serde_json::json;

    use super::*;

    fn rows(names: &[&str]) -> Vec<Row> {
        names
            .iter()
            .enumerate()
            .map(|(id, name)| {
                Row::new(
                    &OAUTH_CLIENTS,
                    &json!({"id": format!("id-{id}"), "name": name}),
                )
            })
            .collect()
    }

    fn names(rows: &[Row], order: &[usize]) -> Vec<String> {
        order
            .iter()
            .map(|&index| rows[index].cells[0].clone())
            .collect()
    }

    #[test]
    fn a_column_sorts_naturally_and_descending_is_ascending_reversed() {
        let rows = rows(&["Client 5489", "client 549", "Client 10", "Client 9"]);
        let mut orders = Orders::new(OAUTH_CLIENTS.columns.len());
        let ascending = orders.by(&rows, 0, Direction::Ascending);
        assert_eq!(
            names(&rows, &ascending),
            ["Client 9", "Client 10", "client 549", "Client 5489"]
        );
        let mut descending = orders.by(&rows, 0, Direction::Descending);
        descending.reverse();
        assert_eq!(descending, ascending);
    }

    #[test]
    fn typing_on_and_erasing_find_what_a_fresh_search_finds() {
        let rows = rows(&["alpha 19", "beta 99", "gamma 999", "delta 9", "epsilon"]);
        let order: Vec<usize> = (0..rows.len()).rev().collect();
        let fresh = |needle: &str| Narrowing::default().matches(&rows, &order, None, needle);
        let mut narrowing = Narrowing::default();
        for needle in ["9", "99", "999", "99", "9", "a 9", "9"] {
            assert_eq!(
                narrowing.matches(&rows, &order, None, needle),
                fresh(needle),
                "{needle}"
            );
        }
        assert_eq!(names(&rows, &fresh("99")), ["gamma 999", "beta 99"]);
    }

    #[test]
    fn a_needle_is_found_anywhere_in_a_row_text_and_only_whole() {
        assert!(contains(b"generated client 09999", b"999"));
        assert!(contains(b"client 19", b"19"));
        assert!(contains(b"abc", b"a"));
        assert!(contains(b"abc", b""));
        assert!(!contains(b"client 1", b"client 12"));
        assert!(!contains(b"9 9", b"99"));
        assert!(contains("zoë 7".as_bytes(), "ë 7".as_bytes()));
        assert!(!contains(b"", b"a"));
    }

    #[test]
    fn matches_are_taken_again_from_a_new_order() {
        let rows = rows(&["b 1", "a 1", "c 2"]);
        let mut narrowing = Narrowing::default();
        let load_order = [0, 1, 2];
        assert_eq!(narrowing.matches(&rows, &load_order, None, "1"), [0, 1]);
        let by_name = [1, 0, 2];
        let sorted = Some((0, Direction::Ascending));
        assert_eq!(narrowing.matches(&rows, &by_name, sorted, "1"), [1, 0]);
    }
}
