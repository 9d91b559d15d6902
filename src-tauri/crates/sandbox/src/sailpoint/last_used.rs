//! The seed's `filters` of OAuth clients and personal access tokens: `lastUsed le
//! <date-time>` and `lastUsed isnull`.

use std::time::SystemTime;

use super::{bad_request, BAD_REQUEST};
use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::Keep;
use crate::state::State;
use crate::store::{text, Object};

enum LastUsed {
    AtOrBefore(SystemTime),
    Never,
}

fn parse(filters: &str) -> Result<LastUsed, String> {
    let words: Vec<&str> = filters.split_whitespace().collect();
    match words.as_slice() {
        ["lastUsed", "isnull"] => Ok(LastUsed::Never),
        ["lastUsed", "le", time] => humantime::parse_rfc3339_weak(time.trim_matches('"'))
            .map(LastUsed::AtOrBefore)
            .map_err(|_| format!("{time} is not a date-time")),
        _ => Err(format!(
            "Unsupported filter: {filters}. Supported: lastUsed le <date-time>, lastUsed isnull"
        )),
    }
}

fn passes(filter: &LastUsed, object: &Object) -> bool {
    let last_used = text(object, "lastUsed");
    match filter {
        LastUsed::Never => last_used.is_none(),
        LastUsed::AtOrBefore(limit) => last_used
            .and_then(|time| humantime::parse_rfc3339_weak(time).ok())
            .is_some_and(|time| time <= *limit),
    }
}

/// Which objects the call's `filters` keep; a filter the vendor does not take is refused.
pub fn filter(state: &mut State, call: &Call) -> Result<Keep<'static>, Refusal> {
    match call.query_value("filters").map(parse).transpose() {
        Ok(filter) => Ok(Box::new(move |object: &Object| {
            filter.as_ref().is_none_or(|filter| passes(filter, object))
        })),
        Err(problem) => Err(bad_request(state, BAD_REQUEST, &[problem])),
    }
}
