//! The dashboard's figures, from the call counts (through the core): calls per operation and
//! per client over the last hour, day and week, their outcomes, and the calls per hour of the
//! chart. The hour and the day are read in hour rows, the week in day rows: a read's cost
//! follows the number of (period, operation, outcome, client) keys, never the number of calls.

use super::chart::Slot;
use chamilo_core::calls::{hour_of, CallGrouping, CallSum, Period};
use chamilo_core::{CoreResult, Gateway};
use chamilo_edge::{CallOutcome, Protocol};
use chrono::{Duration, NaiveDateTime};
use std::collections::HashMap;

/// The REST endpoint's label (the edge's); every other protocol is a legacy SOAP service.
const REST: &str = Protocol::Rest.as_str();

/// Rows read per window: far above what a page shows, so no row of the week misses its hour
/// and day figures.
const READ_LIMIT: u64 = 10_000;
/// Client rows shown.
pub const CLIENT_ROWS: usize = 200;

/// The three windows' starts: whole hours for the hour and the day ("last hour" spans 60 to 120
/// minutes), a whole day for the week (7 to 8 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    pub hour: NaiveDateTime,
    pub day: NaiveDateTime,
    pub week: NaiveDateTime,
}

impl Windows {
    pub fn at(at: NaiveDateTime) -> Windows {
        Windows {
            hour: hour_of(at - Duration::hours(1)),
            day: hour_of(at - Duration::days(1)),
            week: Period::Day.start_of(at) - Duration::weeks(1),
        }
    }
}

/// Calls in each window, and the latest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Calls {
    pub hour: i64,
    pub day: i64,
    pub week: i64,
    pub last: Option<NaiveDateTime>,
}

impl Calls {
    fn add(&mut self, window: Window, sum: &CallSum) {
        match window {
            Window::Hour => self.hour += sum.calls,
            Window::Day => self.day += sum.calls,
            Window::Week => {
                self.week += sum.calls;
                self.last = self.last.max(Some(sum.last));
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Window {
    Hour,
    Day,
    Week,
}

/// One operation of one protocol: its calls, and over the week the calls that did not end well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRow {
    pub protocol: String,
    pub operation: String,
    pub calls: Calls,
    /// wrong key or password, not allowed, throttled
    pub refused: i64,
    /// the operation's own error answer (unknown record, invalid value)
    pub faults: i64,
    /// the gateway failed (see its log)
    pub errors: i64,
}

impl OperationRow {
    pub fn is_legacy(&self) -> bool {
        self.protocol != REST
    }
}

/// One operation as called from one client address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    pub client: String,
    pub protocol: String,
    pub operation: String,
    pub calls: Calls,
}

pub struct Figures {
    pub windows: Windows,
    /// most calls in the week first
    pub operations: Vec<OperationRow>,
    /// most calls in the week first, at most `CLIENT_ROWS`
    pub clients: Vec<ClientRow>,
    /// client rows of the week not shown
    pub clients_left: usize,
    /// the last 24 hours, oldest first, the current one last
    pub chart: Vec<Slot>,
}

const BY_OPERATION: CallGrouping = CallGrouping {
    start: false,
    operation: true,
    outcome: true,
    client: false,
};

const BY_CLIENT: CallGrouping = CallGrouping {
    start: false,
    operation: true,
    outcome: false,
    client: true,
};

const BY_HOUR: CallGrouping = CallGrouping {
    start: true,
    operation: false,
    outcome: false,
    client: false,
};

pub async fn gather(gateway: &Gateway, at: NaiveDateTime) -> CoreResult<Figures> {
    let windows = Windows::at(at);
    let mut by_operation = Vec::new();
    let mut by_client = Vec::new();
    for (window, period, since) in [
        (Window::Hour, Period::Hour, windows.hour),
        (Window::Day, Period::Hour, windows.day),
        (Window::Week, Period::Day, windows.week),
    ] {
        by_operation.push((
            window,
            gateway
                .call_sums(period, since, BY_OPERATION, READ_LIMIT)
                .await?,
        ));
        by_client.push((
            window,
            gateway
                .call_sums(period, since, BY_CLIENT, READ_LIMIT)
                .await?,
        ));
    }
    let first_hour = hour_of(at) - Duration::hours(23);
    let hourly = gateway
        .call_sums(Period::Hour, first_hour, BY_HOUR, READ_LIMIT)
        .await?;
    let mut clients = client_rows(&by_client);
    let clients_left = clients.len().saturating_sub(CLIENT_ROWS);
    clients.truncate(CLIENT_ROWS);
    Ok(Figures {
        windows,
        operations: operation_rows(&by_operation),
        clients,
        clients_left,
        chart: slots(&hourly, first_hour),
    })
}

fn text(column: &Option<String>) -> String {
    column.clone().unwrap_or_default()
}

fn operation_rows(sums: &[(Window, Vec<CallSum>)]) -> Vec<OperationRow> {
    let mut rows: HashMap<(String, String), OperationRow> = HashMap::new();
    for (window, sums) in sums {
        for sum in sums {
            let key = (sum.protocol.clone(), text(&sum.operation));
            let row = rows.entry(key).or_insert_with(|| OperationRow {
                protocol: sum.protocol.clone(),
                operation: text(&sum.operation),
                calls: Calls::default(),
                refused: 0,
                faults: 0,
                errors: 0,
            });
            row.calls.add(*window, sum);
            if *window == Window::Week {
                let outcome = sum.outcome.as_deref();
                if outcome == Some(CallOutcome::Refused.as_str()) {
                    row.refused += sum.calls;
                } else if outcome == Some(CallOutcome::Fault.as_str()) {
                    row.faults += sum.calls;
                } else if outcome == Some(CallOutcome::Error.as_str()) {
                    row.errors += sum.calls;
                }
            }
        }
    }
    let mut rows: Vec<OperationRow> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        (b.calls.week, &a.protocol, &a.operation).cmp(&(a.calls.week, &b.protocol, &b.operation))
    });
    rows
}

fn client_rows(sums: &[(Window, Vec<CallSum>)]) -> Vec<ClientRow> {
    let mut rows: HashMap<(String, String, String), ClientRow> = HashMap::new();
    for (window, sums) in sums {
        for sum in sums {
            let key = (
                text(&sum.client),
                sum.protocol.clone(),
                text(&sum.operation),
            );
            let row = rows.entry(key).or_insert_with(|| ClientRow {
                client: text(&sum.client),
                protocol: sum.protocol.clone(),
                operation: text(&sum.operation),
                calls: Calls::default(),
            });
            row.calls.add(*window, sum);
        }
    }
    let mut rows: Vec<ClientRow> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        (b.calls.week, &a.client, &a.protocol, &a.operation).cmp(&(
            a.calls.week,
            &b.client,
            &b.protocol,
            &b.operation,
        ))
    });
    rows
}

/// 24 hourly slots from `first_hour` on, SOAP (both services) and REST apart.
fn slots(hourly: &[CallSum], first_hour: NaiveDateTime) -> Vec<Slot> {
    let mut slots: Vec<Slot> = (0..24)
        .map(|i| Slot {
            label: (first_hour + Duration::hours(i))
                .format("%H:00")
                .to_string(),
            soap: 0,
            rest: 0,
        })
        .collect();
    for sum in hourly {
        let Some(hour) = sum.start else { continue };
        let Ok(i) = usize::try_from((hour - first_hour).num_hours()) else {
            continue;
        };
        let Some(slot) = slots.get_mut(i) else {
            continue;
        };
        if sum.protocol == REST {
            slot.rest += sum.calls;
        } else {
            slot.soap += sum.calls;
        }
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn sum(protocol: &str, operation: &str, outcome: Option<&str>, calls: i64) -> CallSum {
        CallSum {
            start: None,
            protocol: protocol.into(),
            operation: Some(operation.into()),
            outcome: outcome.map(Into::into),
            client: Some("10.0.0.1".into()),
            calls,
            last: at("2026-12-06 10:00:00"),
        }
    }

    #[test]
    fn windows_start_on_whole_hours() {
        let w = Windows::at(at("2026-12-06 10:25:00"));
        assert_eq!(w.hour, at("2026-12-06 09:00:00"));
        assert_eq!(w.day, at("2026-12-05 10:00:00"));
        assert_eq!(w.week, at("2026-11-29 00:00:00"));
    }

    #[test]
    fn operations_add_their_outcomes_and_sort_by_the_week() {
        let week = vec![
            sum("soap.php", "WSUser.CreateUser", Some("ok"), 3),
            sum("soap.php", "WSUser.CreateUser", Some("refused"), 2),
            sum("soap.php", "WSUser.CreateUser", Some("fault"), 1),
            sum("v2.php", "user_profile", Some("ok"), 7),
            sum("v2.php", "user_profile", Some("error"), 1),
        ];
        let hour = vec![sum("soap.php", "WSUser.CreateUser", Some("ok"), 1)];
        let rows = operation_rows(&[(Window::Hour, hour), (Window::Week, week)]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].operation, "user_profile");
        assert_eq!((rows[0].calls.week, rows[0].errors), (8, 1));
        assert!(!rows[0].is_legacy());
        let create = &rows[1];
        assert_eq!(
            (create.calls.hour, create.calls.day, create.calls.week),
            (1, 0, 6)
        );
        assert_eq!((create.refused, create.faults, create.errors), (2, 1, 0));
        assert_eq!(create.calls.last, Some(at("2026-12-06 10:00:00")));
        assert!(create.is_legacy());
    }

    #[test]
    fn the_chart_puts_each_hour_in_its_slot() {
        let first = at("2026-12-05 11:00:00");
        let mut soap = sum("registration.soap.php", "", None, 4);
        soap.start = Some(first);
        let mut rest = sum(REST, "", None, 2);
        rest.start = Some(first + Duration::hours(23));
        let slots = slots(&[soap, rest], first);
        assert_eq!(slots.len(), 24);
        assert_eq!((slots[0].label.as_str(), slots[0].soap), ("11:00", 4));
        assert_eq!((slots[23].label.as_str(), slots[23].rest), ("10:00", 2));
    }
}
