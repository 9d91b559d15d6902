//! The report: one row per figure, Gatehouse beside its floor from the same run, printed as a
//! Markdown table (for people and the README) and written as JSON (for tools).

use serde::Serialize;

/// One figure of the table. A figure that could not be measured says why instead of
/// showing a number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub figure: String,
    pub gatehouse: Option<String>,
    pub floor: Option<String>,
    /// Gatehouse's figure divided by the floor's, where both are the same kind of number.
    pub ratio: Option<f64>,
    pub goal: String,
    pub not_measured: Option<String>,
}

impl Row {
    pub fn measured(figure: &str, gatehouse: String, floor: String, goal: &str) -> Self {
        Self {
            figure: figure.to_owned(),
            gatehouse: Some(gatehouse),
            floor: Some(floor),
            ratio: None,
            goal: goal.to_owned(),
            not_measured: None,
        }
    }

    pub fn with_ratio(mut self, gatehouse: f64, floor: f64) -> Self {
        self.ratio = (floor > 0.0).then(|| gatehouse / floor);
        self
    }

    pub fn not_measured(figure: &str, goal: &str, reason: impl Into<String>) -> Self {
        Self {
            figure: figure.to_owned(),
            gatehouse: None,
            floor: None,
            ratio: None,
            goal: goal.to_owned(),
            not_measured: Some(reason.into()),
        }
    }
}

/// The machine the figures were measured on: they mean nothing without it.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub os: String,
    pub kernel: String,
    pub webkitgtk: String,
    pub measured_at: String,
}

impl Machine {
    pub fn describe(&self) -> String {
        format!(
            "{}, {} cores, {:.0} GiB, {}, Linux {}, WebKitGTK {}, Xvfb (software rendering); {}",
            self.cpu,
            self.cores,
            self.memory_gib,
            self.os,
            self.kernel,
            self.webkitgtk,
            self.measured_at
        )
    }
}

pub fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1_000_000.0)
}

pub fn markdown(rows: &[Row], machine: &Machine, mode: &str) -> String {
    let mut table = format!(
        "Machine: {}. Mode: {mode}.\n\n| Figure | Gatehouse | Floor (same run) | Ratio | Goal |\n|---|---|---|---|---|\n",
        machine.describe()
    );
    for row in rows {
        let (gatehouse, floor) = match &row.not_measured {
            Some(reason) => (format!("not measured: {reason}"), "—".to_owned()),
            None => (
                row.gatehouse.clone().unwrap_or_default(),
                row.floor.clone().unwrap_or_default(),
            ),
        };
        let ratio = row
            .ratio
            .map_or_else(|| "—".to_owned(), |ratio| format!("{ratio:.2}×"));
        table.push_str(&format!(
            "| {} | {gatehouse} | {floor} | {ratio} | {} |\n",
            row.figure, row.goal
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine() -> Machine {
        Machine {
            cpu: "Test CPU".to_owned(),
            cores: 2,
            memory_gib: 24.0,
            os: "Debian GNU/Linux 12 (bookworm)".to_owned(),
            kernel: "6.1".to_owned(),
            webkitgtk: "2.48".to_owned(),
            measured_at: "2026-01-01T00:00:00Z".to_owned(),
        }
    }

    #[test]
    fn a_measured_row_shows_both_figures_and_the_ratio_of_them() {
        let row = Row::measured("Start-up", "880 ms".into(), "520 ms".into(), "≤ 1.3×")
            .with_ratio(880.0, 520.0);
        let table = markdown(&[row], &machine(), "full");
        assert!(
            table.contains("| Start-up | 880 ms | 520 ms | 1.69× | ≤ 1.3× |"),
            "{table}"
        );
        assert!(
            table.starts_with("Machine: Test CPU, 2 cores, 24 GiB"),
            "{table}"
        );
    }

    #[test]
    fn a_row_not_measured_says_why_and_shows_no_number() {
        let row = Row::not_measured("Export", "≤ 1.05×", "not built yet");
        let table = markdown(std::slice::from_ref(&row), &machine(), "quick");
        assert!(
            table.contains("| Export | not measured: not built yet | — | — | ≤ 1.05× |"),
            "{table}"
        );
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["gatehouse"], serde_json::Value::Null);
        assert_eq!(json["not_measured"], "not built yet");
    }
}
