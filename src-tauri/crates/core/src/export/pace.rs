//! Requests kept below the vendor's rate limit, so an export rarely meets a 429 (and the
//! client's bounded `Retry-After` waits handle the rare one): at most `requests` start in any
//! window of `per`, counted as the vendors count them, over a sliding window. A small export
//! runs at once; a long one settles at the limit instead of below it.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

/// At most `requests` per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub requests: u32,
    pub per: Duration,
}

impl Pace {
    /// Below the documented 100 requests per 10 s (SailPoint's, the sandbox's default), with
    /// room for the retries the client sends on its own.
    pub const DEFAULT: Pace = Pace {
        requests: 95,
        per: Duration::from_secs(10),
    };

    /// The window a start is counted in: the vendor's, plus a fiftieth for requests that
    /// reach the server later than they left (the vendor counts arrivals).
    fn window(&self) -> Duration {
        self.per + self.per / 50
    }
}

impl Default for Pace {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Remembers the last `requests` start times and holds a start back until the oldest of them
/// has left the window.
pub(crate) struct Pacer {
    pace: Pace,
    starts: VecDeque<Instant>,
}

impl Pacer {
    pub fn new(pace: Pace) -> Self {
        Self {
            pace,
            starts: VecDeque::new(),
        }
    }

    /// Waits until the next request may start.
    pub async fn wait(&mut self) {
        let allowed = self.pace.requests.max(1) as usize;
        if self.starts.len() >= allowed {
            if let Some(oldest) = self.starts.pop_front() {
                tokio::time::sleep_until(oldest + self.pace.window()).await;
            }
        }
        self.starts.push_back(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOUR_A_SECOND: Pace = Pace {
        requests: 4,
        per: Duration::from_secs(1),
    };

    #[tokio::test(start_paused = true)]
    async fn as_many_requests_as_the_limit_allows_start_at_once() {
        let mut pacer = Pacer::new(FOUR_A_SECOND);
        let begun = Instant::now();
        for _ in 0..4 {
            pacer.wait().await;
        }
        assert_eq!(begun.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn no_window_of_the_limit_ever_holds_more_starts_than_it_allows() {
        let mut pacer = Pacer::new(FOUR_A_SECOND);
        let begun = Instant::now();
        let mut starts = Vec::new();
        for turn in 0..13 {
            pacer.wait().await;
            starts.push(begun.elapsed());
            // Requests of different lengths, as a tenant's lists are.
            tokio::time::sleep(Duration::from_millis(37 * (turn % 3))).await;
        }
        for (index, start) in starts.iter().enumerate() {
            let in_window = starts[index..]
                .iter()
                .take_while(|later| **later - *start < FOUR_A_SECOND.per)
                .count();
            assert!(
                in_window <= 4,
                "{in_window} starts within a second of {start:?}"
            );
        }
        // The fifth waits for the first to leave the window (plus its margin), no longer.
        assert_eq!(starts[4], Duration::from_millis(1020));
    }
}
