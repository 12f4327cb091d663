//! When and how long to wait before asking JumpCloud again.
//!
//! Only requests that are safe to repeat are retried (see [`Repeat`]): a GET, a PUT of a complete
//! object, a DELETE, and association changes (adding an association that exists or removing one
//! that does not leaves the same graph). They are retried on 429, 502, 503, 504, connection
//! failures, timeouts and answers cut off mid-body. Waits grow exponentially with full jitter
//! and are capped; a server's `Retry-After` is honoured (itself capped, so a hostile or confused
//! server cannot park the app for an hour). Attempts are bounded by [`RetryPolicy::max_attempts`].

use super::error::Error;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a request may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// Repeating it leaves the same state (GET, full PUT, DELETE, association op).
    Safe,
    /// Repeating it could do it twice (POST that creates). Retried only when the server
    /// provably did not act: it answered 429, or the connection was never established.
    Once,
}

/// Bounds on retrying. Tests use tiny delays; the defaults suit the real service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first (1 = never retry).
    pub max_attempts: u32,
    /// The first backoff step; step n waits up to `base_delay * 2^n`.
    pub base_delay: Duration,
    /// The longest computed backoff.
    pub max_delay: Duration,
    /// The longest wait a `Retry-After` header can impose.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before attempt number `attempt + 1`, where `attempt` counts the attempts made so
    /// far (1 after the first failure). A `Retry-After` wins over the computed backoff, capped.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(ra) = retry_after {
            return ra.min(self.max_retry_after);
        }
        let exp = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        // Full jitter: anywhere in [ceiling/2, ceiling], so concurrent pages that failed together
        // do not come back together.
        let half = ceiling / 2;
        half + jitter(ceiling - half)
    }
}

/// A uniformly-ish random duration in `[0, span]`, from the standard library's per-process
/// random hasher keys mixed with the clock; good enough to spread retries, not for secrets.
fn jitter(span: Duration) -> Duration {
    let nanos = u64::try_from(span.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    Duration::from_nanos(h.finish() % nanos.saturating_add(1))
}

/// Whether a failure of a [`Repeat::Safe`] request is worth another attempt.
pub(crate) fn is_transient(err: &Error) -> bool {
    match err {
        Error::RateLimited { .. } | Error::Network { .. } | Error::Timeout => true,
        Error::Server { status, .. } => matches!(status, 502..=504),
        _ => false,
    }
}

/// Parses `Retry-After`: delta-seconds, or an HTTP date (IMF-fixdate, e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT`). A date in the past means "now".
///
/// Never panics, whatever the server sent: a value that is malformed, negative, or too large to
/// be a wait at all (`99999999999999999999`, `1e400`, the year 99999) is `None`, so the caller
/// falls back to its own backoff. A large but representable wait is kept here and capped by
/// [`RetryPolicy::delay`].
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        // `try_from` rejects NaN, negatives and anything past `Duration::MAX`.
        return Duration::try_from_secs_f64(secs).ok();
    }
    let at = parse_http_date(value)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the epoch for an IMF-fixdate. Only four-digit years are dates (as RFC 9110
/// says), which also keeps the arithmetic far from overflowing; it is checked regardless.
fn parse_http_date(s: &str) -> Option<u64> {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let rest = s.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: i64 = digits(parts.next()?, 2)?;
    let month: i64 = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = digits(parts.next()?, 4)?;
    let mut hms = parts.next()?.split(':');
    let h: i64 = digits(hms.next()?, 2)?;
    let m: i64 = digits(hms.next()?, 2)?;
    let sec: i64 = digits(hms.next()?, 2)?;
    if hms.next().is_some()
        || parts.next()? != "GMT"
        || parts.next().is_some()
        || !(1..=31).contains(&day)
        || h > 23
        || m > 59
        || sec > 60
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era
        .checked_mul(146_097)?
        .checked_add(doe)?
        .checked_sub(719_468)?;
    let secs = days
        .checked_mul(86_400)?
        .checked_add(h * 3600 + m * 60 + sec)?;
    u64::try_from(secs).ok()
}

/// `text` as a number if it is exactly `len` ASCII digits (no sign, no spaces).
fn digits(text: &str, len: usize) -> Option<i64> {
    if text.len() != len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO),
            "a date in the past means retry now"
        );
        assert_eq!(
            parse_retry_after("soon"),
            None,
            "garbage is ignored, not obeyed"
        );
    }

    #[test]
    fn absurd_retry_after_means_backoff() {
        // Each of these once panicked (`Duration::from_secs_f64`, or an i64 overflow in the date
        // arithmetic) instead of being ignored.
        for absurd in [
            "99999999999999999999",
            "1e400",
            "1e30",
            "-1",
            "-0.5",
            "NaN",
            "inf",
            "Sun, 06 Nov 99999999999999999 08:49:37 GMT",
            "Sun, 06 Nov -9223372036854775808 08:49:37 GMT",
            "Sun, 99999999999999999999 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 99999999999999999999:49:37 GMT",
        ] {
            assert_eq!(
                parse_retry_after(absurd),
                None,
                "`{absurd}` is no wait the client can obey; the backoff applies"
            );
        }
        let policy = RetryPolicy::default();
        let far = parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT")
            .expect("a real date, however far, is a wait");
        assert_eq!(
            policy.delay(1, Some(far)),
            policy.max_retry_after,
            "and it is capped"
        );
        assert_eq!(
            policy.delay(1, parse_retry_after("18446744073709551615")),
            policy.max_retry_after,
            "u64::MAX seconds fits a Duration and is capped"
        );
    }

    #[test]
    fn retry_after_is_capped() {
        let policy = RetryPolicy {
            max_retry_after: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(5)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn backoff_grows_with_jitter_within_bounds() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            max_retry_after: Duration::from_secs(1),
        };
        for _ in 0..50 {
            let first = policy.delay(1, None);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.delay(3, None);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = policy.delay(30, None);
            assert!(late <= Duration::from_millis(1000), "capped at max_delay");
        }
    }

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(is_transient(&Error::Server {
            status: 503,
            api: None
        }));
        assert!(is_transient(&Error::RateLimited {
            retry_after: None,
            api: None
        }));
        assert!(is_transient(&Error::Timeout));
        assert!(
            !is_transient(&Error::Server {
                status: 500,
                api: None
            }),
            "500 is a bug, not load"
        );
        assert!(!is_transient(&Error::Unauthorized { api: None }));
        assert!(!is_transient(&Error::BadRequest {
            status: 400,
            api: None
        }));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Anything a server might put in the header: random text, long digit runs, floats with
        /// exponents, and IMF-fixdates with any numbers in them.
        fn header_value() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[0-9]{1,40}",
                "[-+]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][-+]?[0-9]{1,5})?",
                (
                    any::<i64>(),
                    "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Foo)",
                    any::<i64>(),
                    any::<i64>(),
                    any::<i64>(),
                    any::<i64>(),
                )
                    .prop_map(|(d, mon, y, h, m, s)| format!(
                        "Sun, {d:02} {mon} {y} {h:02}:{m:02}:{s:02} GMT"
                    )),
                (1u32..=31, 0u32..=23, 0u32..=59, 0u32..=60, 0u32..=9999).prop_map(
                    |(d, h, m, s, y)| format!("Mon, {d:02} Jan {y:04} {h:02}:{m:02}:{s:02} GMT")
                ),
            ]
        }

        proptest! {
            #[test]
            fn retry_after_never_panics_and_the_wait_is_capped(
                value in header_value(),
                attempt in any::<u32>(),
            ) {
                let policy = RetryPolicy::default();
                let parsed = parse_retry_after(&value);
                let wait = policy.delay(attempt, parsed);
                let cap = if parsed.is_some() { policy.max_retry_after } else { policy.max_delay };
                prop_assert!(wait <= cap, "`{}` made the client wait {:?}", value, wait);
            }
        }
    }
}
