//! The dashboard's HTML (maud escapes every value). It shows counts, dates, names and ids
//! only: never a password hash, an api key or an audit row's value.

use super::chart;
use super::figures::{Figures, OperationRow};
use chamilo_core::calls::{MAX_CLIENTS_PER_HOUR, OTHER_CLIENTS};
use chamilo_core::courses::Course;
use chamilo_core::sessions::Session;
use chamilo_core::users::User;
use chamilo_edge::ThrottleStats;
use maud::{html, Markup, DOCTYPE};

pub const REFERENCE: &str = "/main/webservices/api/reference";

/// One external id looked up in the three item types.
pub struct Lookup {
    pub field: String,
    pub value: String,
    pub users: Vec<User>,
    pub courses: Vec<Course>,
    pub sessions: Vec<Session>,
}

/// What the throttle did for one secret since this process started.
pub struct Throttled {
    pub secret: &'static str,
    pub stats: ThrottleStats,
}

pub struct Overview {
    pub admin: String,
    /// the call counts' figures, or why they cannot be read
    pub figures: Result<Figures, &'static str>,
    /// call-count rows this process could not write
    pub dropped_counts: u64,
    pub throttled: Vec<Throttled>,
    pub lookup: Option<Lookup>,
}

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (title) }
                style { "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}" }
            }
            body { (body) }
        }
    }
}

pub fn login(refused: bool) -> Markup {
    layout(
        "chamilo-gateway: log in",
        html! {
            h1 { "chamilo-gateway migration dashboard" }
            @if refused {
                p class="refused" { "Wrong username or password, or not a platform admin." }
            }
            form method="post" action="/login" {
                label { "Username " input name="username" autocomplete="username"; }
                " "
                label { "Password " input name="password" type="password" autocomplete="current-password"; }
                " "
                button type="submit" { "Log in" }
            }
        },
    )
}

pub fn overview(o: &Overview) -> Markup {
    layout(
        "chamilo-gateway: migration dashboard",
        html! {
            h1 { "Migration dashboard" }
            p {
                "Logged in as " strong { (o.admin) } ". "
                a href=(REFERENCE) { "v2.php API reference" } " · "
                a href="/metrics" { "metrics" }
                form method="post" action="/logout" style="display:inline" {
                    " " button type="submit" { "Log out" }
                }
            }
            @match &o.figures {
                Ok(f) => (figures(f)),
                Err(unavailable) => p id="counts-unavailable" class="refused" { (unavailable) },
            }
            @if o.dropped_counts > 0 {
                p id="counts-dropped" class="refused" {
                    (o.dropped_counts) " call-count rows could not be written since this process started "
                    "(the log says why): the figures above miss those calls."
                }
            }
            h2 { "Throttled callers (this process, since it started)" }
            table id="throttle" {
                tr {
                    th { "Secret" } th { "Failed checks" } th { "Lockouts" }
                    th { "Addresses locked out now" } th { "Attempts refused unchecked" }
                }
                @for t in &o.throttled {
                    tr {
                        td { (t.secret) } td { (t.stats.failures) } td { (t.stats.lockouts) }
                        td { (t.stats.locked_out) } td { (t.stats.refused) }
                    }
                }
            }
            h2 { "Look up an external id" }
            form method="get" action="/" {
                label { "Extra field " input name="field" placeholder="external_user_id"
                    value=[o.lookup.as_ref().map(|l| l.field.as_str())]; }
                " "
                label { "Value " input name="value" value=[o.lookup.as_ref().map(|l| l.value.as_str())]; }
                " "
                button type="submit" { "Look up" }
            }
            @if let Some(l) = &o.lookup { (lookup(l)) }
        },
    )
}

/// The sections read from the call counts: windows, chart, legacy operations, operations,
/// clients.
fn figures(f: &Figures) -> Markup {
    let since = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:00").to_string();
    let legacy: Vec<&OperationRow> = f.operations.iter().filter(|r| r.is_legacy()).collect();
    html! {
        p class="windows" {
            "Times are UTC. Windows start on a whole hour or day: last hour since " (since(f.windows.hour))
            ", last day since " (since(f.windows.day)) ", last week since " (since(f.windows.week)) "."
        }
        h2 { "Calls over the last day" }
        (chart::calls_over_time(&f.chart))
        h2 { "Legacy SOAP operations still in use (last week)" }
        @if legacy.is_empty() {
            p id="legacy-none" { "No SOAP call in the last week." }
        } @else {
            ul id="legacy" {
                @for r in &legacy {
                    li {
                        code { (r.operation) } " (" (r.protocol) ") — " (calls(r.calls.week)) ", last "
                        (last(r.calls.last)) "; from " (clients_of(f, r).join(", "))
                    }
                }
            }
        }
        h2 { "Calls per operation" }
        @if f.operations.is_empty() {
            p { "No call in the last week." }
        } @else {
            table id="operations" class="calls" {
                tr {
                    th { "Protocol" } th { "Operation / action" }
                    th { "Last hour" } th { "Last day" } th { "Last week" }
                    th { "Refused (week)" } th { "Faults (week)" } th { "Errors (week)" }
                    th { "Last call" }
                }
                @for r in &f.operations {
                    tr {
                        td { (r.protocol) } td { code { (r.operation) } }
                        td { (r.calls.hour) } td { (r.calls.day) } td { (r.calls.week) }
                        td { (r.refused) } td { (r.faults) } td { (r.errors) }
                        td { (last(r.calls.last)) }
                    }
                }
            }
            p { "Refused: a wrong SOAP key, api key or password, an address not allowed, or a "
                "throttled caller. Faults: the operation's own error answer (unknown record, invalid "
                "value, unreadable request). Errors: the gateway failed; its log says why." }
        }
        h2 { "Calls per client address" }
        @if f.clients.is_empty() {
            p { "No call in the last week." }
        } @else {
            table id="clients" class="calls" {
                tr {
                    th { "Client" } th { "Protocol" } th { "Operation / action" }
                    th { "Last hour" } th { "Last day" } th { "Last week" } th { "Last call" }
                }
                @for r in &f.clients {
                    tr {
                        td { (r.client) } td { (r.protocol) } td { code { (r.operation) } }
                        td { (r.calls.hour) } td { (r.calls.day) } td { (r.calls.week) }
                        td { (last(r.calls.last)) }
                    }
                }
            }
            p { "An IPv6 client is its /64 network; " code { (OTHER_CLIENTS) } " gathers the clients "
                "past the first " (MAX_CLIENTS_PER_HOUR) " of an hour." }
            @if f.clients_left > 0 {
                p { (f.clients_left) " more client rows with fewer calls are not shown." }
            }
        }
    }
}

fn calls(n: i64) -> String {
    if n == 1 {
        "1 call".to_owned()
    } else {
        format!("{n} calls")
    }
}

fn last(at: Option<chrono::NaiveDateTime>) -> String {
    at.map_or_else(|| "—".to_owned(), |t| t.to_string())
}

/// The client addresses that called this operation in the week (those shown).
fn clients_of(f: &Figures, op: &OperationRow) -> Vec<String> {
    let mut clients: Vec<String> = f
        .clients
        .iter()
        .filter(|c| c.protocol == op.protocol && c.operation == op.operation)
        .map(|c| c.client.clone())
        .collect();
    clients.sort();
    clients.dedup();
    clients
}

fn lookup(l: &Lookup) -> Markup {
    // how each protocol's callers name the record: soap.php by an (id field, value) pair,
    // this external id or the Chamilo id; registration.soap.php by the external id;
    // v2.php by the Chamilo id
    let soap = |kind: &str, id: i64| {
        format!(
            "{kind}_id_field_name={f}, {kind}_id_value={v} (or {kind}_id_field_name=chamilo_{kind}_id, {kind}_id_value={id})",
            f = l.field,
            v = l.value
        )
    };
    let registration = |kind: &str| {
        format!(
            "original_{kind}_id_name={}, original_{kind}_id_value={}",
            l.field, l.value
        )
    };
    html! {
        div id="lookup" {
            @if l.users.is_empty() && l.courses.is_empty() && l.sessions.is_empty() {
                p { "No user, course or session has " code { (l.field) " = " (l.value) } "." }
            }
            @for u in &l.users {
                div class="found" {
                    p { "User " (u.id) ": " strong { (u.username) } " (" (u.firstname) " " (u.lastname) ", " (u.email)
                        (if u.active { "" } else { ", disabled" }) ")." }
                    ul {
                        li { "soap.php: " code { (soap("user", u.id)) } }
                        li { "registration.soap.php: " code { (registration("user")) } }
                        li { "v2.php: " code { "user_id=" (u.id) } ", or as the caller " code { "username=" (u.username) } }
                    }
                }
            }
            @for c in &l.courses {
                div class="found" {
                    p { "Course " (c.id) ": " strong { (c.code) } " (" (c.title) ")." }
                    ul {
                        li { "soap.php: " code { (soap("course", c.id)) } }
                        li { "registration.soap.php: " code { (registration("course")) } }
                        li { "v2.php: " code { "course=" (c.id) } }
                    }
                }
            }
            @for s in &l.sessions {
                div class="found" {
                    p { "Session " (s.id) ": " strong { (s.name) } "." }
                    ul {
                        li { "soap.php: " code { (soap("session", s.id)) } }
                        li { "registration.soap.php: " code { (registration("session")) } }
                        li { "v2.php: " code { "session=" (s.id) } }
                    }
                }
            }
        }
    }
}
