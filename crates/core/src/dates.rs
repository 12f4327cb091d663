//! Calendar dates in UTC from seconds since the Unix epoch, without a date library: what exports,
//! snapshots and the Certificates page print. One copy of the arithmetic (Howard Hinnant's
//! `civil_from_days`), exact for every date a 64-bit count of seconds can name.

const DAY: i64 = 86_400;

/// `(year, month, day)` of day `days` since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(secs: i64) -> String {
    let ((y, m, d), rest) = split(secs);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// `YYYY-MM-DD HH:MM`, for people.
pub fn minutes(secs: i64) -> String {
    let ((y, m, d), rest) = split(secs);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

fn split(secs: i64) -> ((i64, i64, i64), i64) {
    (civil_from_days(secs.div_euclid(DAY)), secs.rem_euclid(DAY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_print_as_their_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z", "a leap day");
        assert_eq!(rfc3339(1_635_465_600), "2021-10-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z", "before the epoch");
        assert_eq!(minutes(1_796_601_599), "2026-12-06 23:59");
    }
}
