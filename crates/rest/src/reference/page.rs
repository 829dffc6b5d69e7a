//! The reference page: every action of the table with its access level, parameters, data
//! and error messages, as server-side HTML (no script, no outside resource: it works
//! offline). Made from the same rows as the OpenAPI document.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::openapi::level_tag;
use super::{levels, messages, OPENAPI_PATH};
use crate::action_doc::{Input, Shape};
use crate::ctx::{Level, Run};
use crate::dispatch::{Action, ACTIONS};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;\
padding:0 1rem;line-height:1.45;color:#1d232a}h2{margin-top:2.5rem;border-bottom:1px solid #ccd}\
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f4f5f7;padding:.6rem;\
overflow-x:auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccd;\
padding:.25rem .5rem;text-align:left;vertical-align:top}.level{display:inline-block;\
background:#e6ecf5;border-radius:.3rem;padding:0 .4rem}nav ul{columns:3}section{margin-bottom:2rem}";

/// The whole page; `base` is the platform's base URL (no trailing slash), `endpoint` v2.php's
/// path.
pub fn render(base: &str, endpoint: &str) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Chamilo REST v2.php reference" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Chamilo REST v2.php reference" }
                p {
                    "Every action served at " code { (base) (endpoint) } ", generated from the "
                    "gateway's action table. The same, as an OpenAPI 3.1 document: "
                    a href=(OPENAPI_PATH) { code { (OPENAPI_PATH) } } "."
                }
                p {
                    "Parameters are form fields (POST, " code { "application/x-www-form-urlencoded" }
                    " or " code { "multipart/form-data" } ") or query parameters, as each action "
                    "says. Every call but " code { "authenticate" } " sends " code { "username" }
                    " and " code { "api_key" } " (query string or form). Answers are HTTP 200 with "
                    code { "{\"error\":false,\"data\":…}" } " or "
                    code { "{\"error\":true,\"message\":\"…\"}" } "; redirect actions answer 302."
                }
                h3 { "Access levels" }
                ul {
                    @for (level, about) in levels() {
                        li { span.level { (level_tag(level)) } ": " (about) }
                    }
                }
                nav {
                    h3 { "Actions" }
                    ul {
                        @for action in ACTIONS {
                            li { a href={ "#" (action.name) } { (action.name) } }
                        }
                    }
                }
                @for action in ACTIONS {
                    (section(base, endpoint, action))
                }
            }
        }
    };
    page.into_string()
}

fn section(base: &str, endpoint: &str, action: &Action) -> Markup {
    let doc = &action.doc;
    html! {
        section id=(action.name) {
            h2 { code { (action.name) } }
            p { span.level { (level_tag(action.level)) } " " (doc.summary) }
            @if doc.params.is_empty() {
                p { "No parameters" @if action.level == Level::Course { " besides " code { "course" } } "." }
            } @else {
                table {
                    tr { th { "parameter" } th { "read from" } th { "type" } th { "required" } th { "meaning" } }
                    @for input in doc.params {
                        (param_row(input))
                    }
                }
            }
            @match action.run {
                Run::Redirect(_) => p { "Answers 302 to the Chamilo front-end (" code { "lms_url" } ")." },
                _ => {
                    p { "On success, " code { "data" } " is:" }
                    pre { (sketch(&doc.data, 0)) }
                }
            }
            details {
                summary { "Error messages" }
                ul {
                    @for m in messages(action) {
                        li { code { (m) } }
                    }
                }
            }
            pre { (example(base, endpoint, action)) }
        }
    }
}

fn param_row(input: &Input) -> Markup {
    html! {
        tr {
            td { code { (input.name) } }
            td { (input.at.label()) }
            td { (input.ty.label()) }
            td { @if input.required { "yes" } @else { "no" } }
            td { (input.about) }
        }
    }
}

/// A curl call with the required parameters.
fn example(base: &str, endpoint: &str, action: &Action) -> String {
    let mut query = format!("action={}", action.name);
    let mut form = Vec::new();
    match action.level {
        Level::Anyone => query.push_str("&username=USER"),
        _ => query.push_str("&username=USER&api_key=KEY"),
    }
    if action.level == Level::Course {
        query.push_str("&course=COURSE_ID");
    }
    for input in action.doc.params.iter().filter(|i| i.required) {
        let name = match input.ty {
            crate::action_doc::Ty::Ids | crate::action_doc::Ty::Texts => {
                format!("{}[]", input.name)
            }
            _ => input.name.to_owned(),
        };
        if input.at.in_query() {
            query.push_str(&format!("&{name}=…"));
        } else {
            form.push(format!(" \\\n  --data-urlencode '{name}=…'"));
        }
    }
    format!("curl '{base}{endpoint}?{query}'{}", form.concat())
}

/// `data` as a JSON skeleton with each value's kind in place of the value.
fn sketch(shape: &Shape, depth: usize) -> String {
    let pad = "  ".repeat(depth + 1);
    let end = "  ".repeat(depth);
    match shape {
        Shape::List(s) => format!("[\n{pad}{}, …\n{end}]", sketch(s, depth + 1)),
        Shape::One(s) => format!("[{}]", sketch(s, depth)),
        Shape::Obj(members) | Shape::ObjAnd(members, _) => {
            let mut lines: Vec<String> = members
                .iter()
                .map(|m| {
                    let mark = if m.always { "" } else { " (sometimes)" };
                    format!("{pad}\"{}\"{mark}: {}", m.name, sketch(&m.shape, depth + 1))
                })
                .collect();
            if let Shape::ObjAnd(_, rest) = shape {
                lines.push(format!("{pad}\"…\": {}", sketch(rest, depth + 1)));
            }
            format!("{{\n{}\n{end}}}", lines.join(",\n"))
        }
        Shape::ById(s) => format!(
            "{{\n{pad}\"<id>\": {}, …\n{end}}}  (or [] when there is none)",
            sketch(s, depth + 1)
        ),
        Shape::Either(shapes) => shapes
            .iter()
            .map(|s| sketch(s, depth))
            .collect::<Vec<_>>()
            .join(&format!("\n{end}or\n{end}")),
        Shape::True => "true".into(),
        Shape::Null => "null".into(),
        other => other.describe(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_shows_every_action_and_no_script() {
        let html = render("http://h", "/v2.php");
        for action in ACTIONS {
            assert!(
                html.contains(&format!("id=\"{}\"", action.name)),
                "{}",
                action.name
            );
        }
        assert!(!html.contains("<script"));
        assert!(!html.contains("src=\"http"));
        assert!(html.contains("User not registered."));
    }

    #[test]
    fn sketches() {
        const S: Shape = Shape::List(&Shape::Obj(&[
            crate::action_doc::always("id", Shape::IntText),
            crate::action_doc::maybe("next", Shape::Nullable(&Shape::Text)),
        ]));
        assert_eq!(
            sketch(&S, 0),
            "[\n  {\n    \"id\": a number as text,\n    \"next\" (sometimes): text or null\n  }, …\n]"
        );
    }
}
