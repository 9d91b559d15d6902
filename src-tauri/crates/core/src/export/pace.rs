//! Requests spaced evenly below the vendor's rate limit, so an export rarely meets a 429
//! (and the client's bounded `Retry-After` waits handle the rare one).

use std::time::Duration;

use tokio::time::Instant;

/// At most `requests` per `per`, spread evenly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub requests: u32,
    pub per: Duration,
}

impl Pace {
    /// Below the documented 100 requests per 10 s (SailPoint's, the sandbox's default), with
    /// room for the retries the client sends on its own.
    pub const DEFAULT: Pace = Pace {
        requests: 90,
        per: Duration::from_secs(10),
    };

    /// The time between the starts of two requests.
    pub fn interval(&self) -> Duration {
        self.per / self.requests.max(1)
    }
}

impl Default for Pace {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Hands out start times one interval apart.
pub(crate) struct Pacer {
    interval: Duration,
    next: Option<Instant>,
}

impl Pacer {
    pub fn new(pace: Pace) -> Self {
        Self {
            interval: pace.interval(),
            next: None,
        }
    }

    /// Waits until the next request may start.
    pub async fn wait(&mut self) {
        let now = Instant::now();
        let start = self.next.map_or(now, |next| next.max(now));
        tokio::time::sleep_until(start).await;
        self.next = Some(start + self.interval);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_start_one_interval_apart() {
        let mut pacer = Pacer::new(Pace {
            requests: 4,
            per: Duration::from_secs(1),
        });
        let begun = Instant::now();
        for _ in 0..5 {
            pacer.wait().await;
        }
        assert_eq!(begun.elapsed(), Duration::from_secs(1));
    }
}
