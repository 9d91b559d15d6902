//! The privacy ledger: its list is narrowed by subject (`sub`) and time (`from`, `to`, Unix
//! seconds).

use std::time::UNIX_EPOCH;

use axum::http::StatusCode;

use super::refusal;
use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::{Hooks, Keep};
use crate::state::State;
use crate::store::{text, Object};

pub struct PrivacyLedger;

impl Hooks for PrivacyLedger {
    fn query<'c>(&self, _state: &mut State, call: &'c Call) -> Result<Keep<'c>, Refusal> {
        let number = |name: &str| -> Result<Option<i64>, Refusal> {
            call.query_value(name)
                .map(|text| text.parse::<i64>())
                .transpose()
                .map_err(|_| {
                    let problem = format!("{name} must be a Unix timestamp");
                    refusal(StatusCode::BAD_REQUEST, "bad request", &problem)
                })
        };
        let from = number("from")?.unwrap_or(0);
        let to = number("to")?.unwrap_or(i64::MAX);
        let subject = call.query_value("sub");
        Ok(Box::new(move |event: &Object| {
            subject.is_none_or(|sub| text(event, "subject") == Some(sub))
                && (from..=to).contains(&seconds(event))
        }))
    }
}

/// When the event happened, in Unix seconds; 0 when it says no time.
fn seconds(event: &Object) -> i64 {
    text(event, "date")
        .and_then(|date| humantime::parse_rfc3339_weak(date).ok())
        .and_then(|date| date.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}
