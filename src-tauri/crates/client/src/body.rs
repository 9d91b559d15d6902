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
        message: format!("the answer is larger than {} MiB", limit / (1024 * 1024)),
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
