//! The dashboard's HTML (maud escapes every value). It shows counts, dates, names and ids
//! only: never a password hash, an api key or an audit row's value.

use super::chart::{self, Slot};
use chamilo_core::audit::EVENT_PREFIX;
use chamilo_core::courses::Course;
use chamilo_core::sessions::Session;
use chamilo_core::users::User;
use maud::{html, Markup, DOCTYPE};

pub const REFERENCE: &str = "/main/webservices/api/reference";

// replaced by call counts: a stand-in for the removed `AuditTally`, until the dashboard's rewrite
pub struct AuditTally {
    pub event_type: String,
    pub calls: i64,
    pub last: chrono::NaiveDateTime,
}

/// Calls per operation in one window ("last hour", …).
pub struct Window {
    pub name: &'static str,
    pub tallies: Vec<AuditTally>,
}

/// One external id looked up in the three item types.
pub struct Lookup {
    pub field: String,
    pub value: String,
    pub users: Vec<User>,
    pub courses: Vec<Course>,
    pub sessions: Vec<Session>,
}

pub struct Overview {
    pub admin: String,
    pub windows: Vec<Window>,
    pub chart: Vec<Slot>,
    pub lookup: Option<Lookup>,
}

/// SOAP rows are `access_ws_<WSService.Operation>` (both services' operations start with
/// `WS`); REST rows `access_ws_<action>`, whose action names are lower case.
pub fn is_soap(event_type: &str) -> bool {
    operation(event_type).starts_with("WS")
}

fn operation(event_type: &str) -> &str {
    event_type.strip_prefix(EVENT_PREFIX).unwrap_or(event_type)
}

fn protocol(event_type: &str) -> &'static str {
    if is_soap(event_type) {
        "SOAP"
    } else {
        "REST"
    }
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
    let week = o
        .windows
        .last()
        .map(|w| w.tallies.as_slice())
        .unwrap_or(&[]);
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
            h2 { "Calls over the last day" }
            (chart::calls_over_time(&o.chart))
            h2 { "Legacy SOAP operations still in use (last week)" }
            @let legacy: Vec<_> = week.iter().filter(|t| is_soap(&t.event_type)).collect();
            @if legacy.is_empty() {
                p id="legacy-none" { "No SOAP call in the last week." }
            } @else {
                ul id="legacy" {
                    @for t in &legacy {
                        li { code { (operation(&t.event_type)) } " — " (t.calls) " calls, last " (t.last) }
                    }
                }
            }
            @for w in &o.windows {
                h2 { "Calls in the " (w.name) }
                @if w.tallies.is_empty() {
                    p { "No call." }
                } @else {
                    table class="calls" {
                        tr { th { "Protocol" } th { "Operation / action" } th { "Calls" } th { "Last call (UTC)" } }
                        @for t in &w.tallies {
                            tr {
                                td { (protocol(&t.event_type)) }
                                td { code { (operation(&t.event_type)) } }
                                td { (t.calls) }
                                td { (t.last) }
                            }
                        }
                    }
                }
            }
            p { "Errors and faults per operation are not in the audit trail (it records accepted calls); "
                "/metrics counts every call by outcome." }
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

fn lookup(l: &Lookup) -> Markup {
    let pair = |id_field: &str, id: i64| format!("{id_field}={id} or {}={}", l.field, l.value);
    html! {
        div id="lookup" {
            @if l.users.is_empty() && l.courses.is_empty() && l.sessions.is_empty() {
                p { "No user, course or session has " code { (l.field) " = " (l.value) } "." }
            }
            @for u in &l.users {
                p class="found" {
                    "User " (u.id) ": " strong { (u.username) } " (" (u.firstname) " " (u.lastname) ", " (u.email) "). "
                    "SOAP and REST name it " code { (pair("chamilo_user_id", u.id)) } "."
                }
            }
            @for c in &l.courses {
                p class="found" {
                    "Course " (c.id) ": " strong { (c.code) } " (" (c.title) "). "
                    "SOAP and REST name it " code { (pair("chamilo_course_id", c.id)) } "."
                }
            }
            @for s in &l.sessions {
                p class="found" {
                    "Session " (s.id) ": " strong { (s.name) } ". "
                    "SOAP and REST name it " code { (pair("chamilo_session_id", s.id)) } "."
                }
            }
        }
    }
}
