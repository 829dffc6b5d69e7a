//! Date parsing for session and user dates.

use crate::error::{CoreError, CoreResult};
use chrono::{NaiveDate, NaiveDateTime};

/// The coach's access window around a session's dates: `days_before` earlier, `days_after`
/// later (negative counts are 0; at most a hundred years, so the dates stay representable).
pub fn coach_window(
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
    days_before: i64,
    days_after: i64,
) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
    let days = |n: i64| chrono::Duration::days(n.clamp(0, 36_500));
    (
        start.map(|s| s - days(days_before)),
        end.map(|e| e + days(days_after)),
    )
}

/// The whole days the coach's access opens before the session's and closes after it
/// ([`coach_window`] read back; 0 where a date is missing or the coach's is not wider).
pub fn coach_days(session: &super::Session) -> (i64, i64) {
    let days = |from: Option<NaiveDateTime>, to: Option<NaiveDateTime>| match (from, to) {
        (Some(from), Some(to)) => (to - from).num_days().max(0),
        _ => 0,
    };
    (
        days(session.coach_access_start_date, session.access_start_date),
        days(session.access_end_date, session.coach_access_end_date),
    )
}

/// An inclusive upper bound: as [`parse_datetime`], but a date alone stands for the last
/// second of that day (ending "by 2024-06-30" includes ending at 2024-06-30 23:59:59).
pub fn parse_upper_bound(field: &'static str, raw: &str) -> CoreResult<NaiveDateTime> {
    let s = raw.trim();
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Ok(d.and_hms_opt(23, 59, 59).expect("the last second exists")),
        Err(_) => parse_datetime(field, s),
    }
}

/// `YYYY-MM-DD HH:MM[:SS]` (also with a `T`), or `YYYY-MM-DD` meaning midnight.
pub fn parse_datetime(field: &'static str, raw: &str) -> CoreResult<NaiveDateTime> {
    let s = raw.trim();
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(dt);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight exists"));
    }
    Err(CoreError::invalid(
        field,
        format!("'{raw}' is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS])"),
    ))
}

/// An optional date: empty and the MySQL zero date mean "none".
pub fn parse_session_date(field: &'static str, raw: &str) -> CoreResult<Option<NaiveDateTime>> {
    let s = raw.trim();
    if s.is_empty() || s.starts_with("0000-00-00") {
        return Ok(None);
    }
    parse_datetime(field, s).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = parse_datetime("d", "2024-03-01 10:20").unwrap();
        assert_eq!(d.to_string(), "2024-03-01 10:20:00");
        assert_eq!(
            parse_datetime("d", "2024-03-01").unwrap().to_string(),
            "2024-03-01 00:00:00"
        );
        assert!(parse_datetime("d", "2024-13-01").is_err());
        assert!(parse_datetime("d", "tomorrow").is_err());
        assert_eq!(parse_session_date("d", "").unwrap(), None);
        assert_eq!(
            parse_session_date("d", "0000-00-00 00:00:00").unwrap(),
            None
        );
        assert_eq!(
            parse_upper_bound("d", " 2024-06-30 ").unwrap().to_string(),
            "2024-06-30 23:59:59"
        );
        assert_eq!(
            parse_upper_bound("d", "2024-06-30 12:00")
                .unwrap()
                .to_string(),
            "2024-06-30 12:00:00"
        );
        assert!(parse_upper_bound("d", "June").is_err());
    }

    #[test]
    fn coach_days_read_the_window_back() {
        let at = |s: &str| Some(parse_datetime("d", s).unwrap());
        let (start, end) = (at("2030-01-10"), at("2030-02-10 23:59:59"));
        let (coach_start, coach_end) = coach_window(start, end, 2, 3);
        let session = crate::sessions::Session {
            access_start_date: start,
            access_end_date: end,
            coach_access_start_date: coach_start,
            coach_access_end_date: coach_end,
            ..Default::default()
        };
        assert_eq!(coach_days(&session), (2, 3));
        let no_coach_window = crate::sessions::Session {
            access_start_date: start,
            ..Default::default()
        };
        assert_eq!(coach_days(&no_coach_window), (0, 0));
    }
}
