//! Web-service calls counted per hour and per day: every call of either protocol, accepted or
//! not, by protocol, operation, outcome and client address (the migration dashboard's
//! figures). The audit trail records accepted calls only, without their outcome; these counts
//! complete it, and stay small whatever the traffic: one row per period and key, not per call.
//! A call is counted in its hour and in its day, so that a week is read as 8 day rows per key
//! rather than 168 hour rows.

use chrono::{Duration, NaiveDateTime, Timelike};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// One call as the HTTP edge saw it. Every part is a label of a fixed set (table row names,
/// `unknown` for the rest) or an address: counting it allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallMark {
    /// the endpoint: `soap.php`, `registration.soap.php`, `v2.php`
    pub protocol: &'static str,
    /// the row of the protocol's table (`WSUser.CreateUser`, `user_profile`) or `unknown`
    pub operation: &'static str,
    /// `ok`, `refused`, `fault` or `error`
    pub outcome: &'static str,
    /// the caller's address as the edge computed it (trusted proxies walked)
    pub client: IpAddr,
}

/// How long a stored count's period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Hour,
    Day,
}

impl Period {
    pub const ALL: [Period; 2] = [Period::Hour, Period::Day];

    /// The stored label.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
        }
    }

    /// The start of the period `at` falls in (UTC).
    pub fn start_of(self, at: NaiveDateTime) -> NaiveDateTime {
        match self {
            Period::Hour => hour_of(at),
            Period::Day => at.date().and_time(chrono::NaiveTime::MIN),
        }
    }
}

/// The stored row: calls of one key within one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallCount {
    pub period: Period,
    /// the start of the period (UTC)
    pub start: NaiveDateTime,
    pub protocol: String,
    pub operation: String,
    pub outcome: String,
    pub client: String,
    pub calls: i64,
    /// the latest call's time
    pub last: NaiveDateTime,
}

/// Which columns a sum keeps apart; the protocol always, the others when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CallGrouping {
    /// the period's start (each hour, or each day)
    pub start: bool,
    pub operation: bool,
    pub outcome: bool,
    pub client: bool,
}

/// A sum of stored counts; a column not grouped by is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSum {
    pub start: Option<NaiveDateTime>,
    pub protocol: String,
    pub operation: Option<String>,
    pub outcome: Option<String>,
    pub client: Option<String>,
    pub calls: i64,
    pub last: NaiveDateTime,
}

/// Longest stored protocol, operation, outcome and client text (the key columns).
pub const PROTOCOL_MAX: usize = 32;
pub const OPERATION_MAX: usize = 100;
pub const OUTCOME_MAX: usize = 16;
/// an IPv6 address in text, with room for an IPv4 tail
pub const CLIENT_MAX: usize = 45;

/// Distinct clients a process counts apart in an hour; the next ones count as [`OTHER_CLIENTS`]
/// (a flood from many addresses must not grow the counts without end).
pub const MAX_CLIENTS_PER_HOUR: usize = 10_000;
/// The client label of the calls past [`MAX_CLIENTS_PER_HOUR`].
pub const OTHER_CLIENTS: &str = "other";

/// How long counts are kept: the dashboard shows a week at most; a month lets a migration team
/// see what stopped calling.
pub const RETENTION: Duration = Duration::days(31);

/// Whom a caller's calls are counted against, by the call counts and by the brute-force
/// throttle alike: the address itself, or for IPv6 its /64 network (one subscriber's
/// allocation, whose 2^64 addresses an attacker could otherwise rotate through).
pub fn source_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        v4 => v4,
    }
}

/// The start of the hour `at` falls in.
pub fn hour_of(at: NaiveDateTime) -> NaiveDateTime {
    at.with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at)
}

/// The rows of one write in key order (period, start, protocol, operation, outcome, client), rows of the
/// same key added up (calls summed, the later `last` kept). Stores write rows in this order so
/// that processes adding at once lock shared rows in the same order and never deadlock; and one
/// PostgreSQL upsert may not touch a row twice.
pub fn merged_by_key(counts: &[CallCount]) -> Vec<CallCount> {
    type Key<'a> = (Period, NaiveDateTime, &'a str, &'a str, &'a str, &'a str);
    let mut by_key: BTreeMap<Key, CallCount> = BTreeMap::new();
    for c in counts {
        let key = (
            c.period,
            c.start,
            c.protocol.as_str(),
            c.operation.as_str(),
            c.outcome.as_str(),
            c.client.as_str(),
        );
        by_key
            .entry(key)
            .and_modify(|m| {
                m.calls += c.calls;
                m.last = m.last.max(c.last);
            })
            .or_insert_with(|| c.clone());
    }
    by_key.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_starts_on_the_hour() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 6)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 999)
            .unwrap();
        assert_eq!(hour_of(at).to_string(), "2026-12-06 23:00:00");
        assert_eq!(hour_of(hour_of(at)), hour_of(at));
        assert_eq!(Period::Hour.start_of(at).to_string(), "2026-12-06 23:00:00");
        assert_eq!(Period::Day.start_of(at).to_string(), "2026-12-06 00:00:00");
    }

    #[test]
    fn one_write_is_in_key_order_with_its_duplicates_added() {
        let at = |h: u32, m: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 6)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        let row = |start, client: &str, calls, last| CallCount {
            period: Period::Hour,
            start,
            protocol: "v2.php".into(),
            operation: "user_profile".into(),
            outcome: "ok".into(),
            client: client.into(),
            calls,
            last,
        };
        let merged = merged_by_key(&[
            row(at(11, 0), "10.0.0.1", 1, at(11, 5)),
            row(at(10, 0), "10.0.0.2", 2, at(10, 9)),
            row(at(10, 0), "10.0.0.1", 3, at(10, 7)),
            row(at(10, 0), "10.0.0.2", 4, at(10, 3)),
        ]);
        assert_eq!(
            merged,
            vec![
                row(at(10, 0), "10.0.0.1", 3, at(10, 7)),
                row(at(10, 0), "10.0.0.2", 6, at(10, 9)),
                row(at(11, 0), "10.0.0.1", 1, at(11, 5)),
            ]
        );
        // a day row of the same start and key is another row, after the hours
        let mut day = row(at(10, 0), "10.0.0.1", 1, at(10, 1));
        day.period = Period::Day;
        let merged = merged_by_key(&[day.clone(), row(at(10, 0), "10.0.0.1", 1, at(10, 1))]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[1], day);
    }
}
