//! Date-times the vendor takes only between now and a time ahead (a token's expiry, as the
//! catalogue marks it): checked here, where the clock is known, before anything is sent, so
//! a form says so at its field and a restore plan says so before it runs.

use std::time::{Duration, SystemTime};

use gatehouse_wire::{FieldError, ResourceDescription};
use serde_json::{Map, Value};

/// The problems of the fields of `values` that `checked` names, against `now`.
pub(crate) fn problems(
    description: &ResourceDescription,
    values: &Map<String, Value>,
    checked: impl Fn(&str) -> bool,
    now: SystemTime,
) -> Vec<FieldError> {
    description
        .fields
        .iter()
        .filter(|field| checked(field.name))
        .filter_map(|field| {
            let ahead = field.within_from_now?;
            let text = values.get(field.name)?.as_str()?;
            let latest = now + Duration::from_secs(ahead.seconds);
            let range = format!(
                "the vendor takes a date between now and {} ahead",
                ahead.words
            );
            let message = match humantime::parse_rfc3339_weak(text) {
                Err(_) => format!("{text} is not a date and time (2026-12-31T17:00:00Z)"),
                Ok(time) if time <= now => format!("{text} has passed: {range}"),
                Ok(time) if time > latest => format!("{text} is too far ahead: {range}"),
                Ok(_) => return None,
            };
            Some(FieldError {
                field: field.name.to_owned(),
                message,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::PERSONAL_ACCESS_TOKENS;
    use serde_json::json;

    fn expiring(date: &str) -> Vec<FieldError> {
        let now = humantime::parse_rfc3339("2026-12-03T12:00:00Z").unwrap();
        let values = json!({"name": "ci", "expirationDate": date});
        problems(
            &PERSONAL_ACCESS_TOKENS,
            values.as_object().unwrap(),
            |_| true,
            now,
        )
    }

    #[test]
    fn a_tokens_expiry_must_lie_between_now_and_six_months_ahead() {
        assert_eq!(expiring("2027-01-15T09:00:00.000Z"), []);
        assert_eq!(expiring("2027-06-03T12:00:00Z"), [], "183 days ahead");
        let passed = expiring("2026-12-01T09:30:00.000Z");
        assert_eq!(passed.len(), 1);
        assert_eq!(passed[0].field, "expirationDate");
        assert_eq!(
            passed[0].message,
            "2026-12-01T09:30:00.000Z has passed: the vendor takes a date between now and 6 \
             months ahead"
        );
        assert!(expiring("2027-07-01T00:00:00Z")[0]
            .message
            .contains("too far ahead"));
        assert!(expiring("next tuesday")[0]
            .message
            .contains("is not a date and time"));
    }

    #[test]
    fn fields_without_a_window_and_fields_not_checked_pass() {
        let now = SystemTime::now();
        let values =
            json!({"name": "2000-01-01T00:00:00Z", "expirationDate": "2000-01-01T00:00:00Z"});
        let values = values.as_object().unwrap();
        assert_eq!(
            problems(&PERSONAL_ACCESS_TOKENS, values, |name| name == "name", now),
            []
        );
    }
}
