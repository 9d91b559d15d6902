//! Reading an answer's body with a bound: a hostile or broken server cannot make the console
//! hold more than [`MAX_BODY_BYTES`] of one answer in memory.

use reqwest::Response;

use crate::error::ClientError;

/// The largest answer read. The biggest legitimate ones are a tenant's configuration export
/// and a gateway package, both far below it.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The body of `response`, refused as soon as it grows past `limit` bytes.
pub(crate) async fn read_limited(
    operation: &'static str,
    mut response: Response,
    limit: usize,
) -> Result<Vec<u8>, ClientError> {
    let too_large = || ClientError::UnexpectedResponse {
        operation,
        message: format!("the answer is larger than {}", readable_size(limit)),
    };
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| ClientError::transport(operation, error))?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `bytes` in the largest binary unit that keeps it whole enough to read (64 KiB, 64 MiB).
fn readable_size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_kib_below_one_mib() {
        assert_eq!(readable_size(MAX_BODY_BYTES), "64 MiB");
        assert_eq!(readable_size(64 * 1024), "64 KiB");
    }
}
