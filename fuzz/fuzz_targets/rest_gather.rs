//! `chamilo_rest::params::gather` with an arbitrary method, query string, content type and
//! body: it must answer `Ok` or `Err`, never panic or blow up; then every accessor the
//! actions use runs over what it gathered.
#![no_main]

use arbitrary::Arbitrary;
use chamilo_rest::params::{gather, json_object, Limits, Param, PhpArray};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    method: u8,
    query: &'a str,
    content_type: Kind<'a>,
    body: &'a [u8],
}

#[derive(Debug, Arbitrary)]
enum Kind<'a> {
    None,
    Form,
    Multipart(&'a str),
    Raw(&'a str),
}

fuzz_target!(|input: Input<'_>| {
    let method = ["POST", "GET", "PUT", "PATCH", "DELETE", "post"][usize::from(input.method % 6)];
    let content_type = match input.content_type {
        Kind::None => None,
        Kind::Form => Some("application/x-www-form-urlencoded".to_owned()),
        Kind::Multipart(b) => Some(format!("multipart/form-data; boundary={b}")),
        Kind::Raw(ct) => Some(ct.to_owned()),
    };
    // small limits too, so the limit paths are reached
    for limits in [
        Limits::default(),
        Limits {
            max_fields: 3,
            max_depth: 2,
        },
    ] {
        let Ok(params) = gather(
            method,
            input.query,
            content_type.as_deref(),
            input.body,
            &limits,
        ) else {
            continue;
        };
        let routing = params.routing();
        let _ = params.query_or_body(&routing.action).list();
        for bag in [
            params.get_bag(),
            params.query_bag(),
            params.post_bag(),
            params.body_bag(),
            params.request_bag(),
        ] {
            walk(bag);
        }
        for file in params.files() {
            let _ = (file.name.len(), file.data.len());
        }
    }
    if let Ok(text) = std::str::from_utf8(input.body) {
        if let Some(a) = json_object(text) {
            walk(&a);
        }
    }
});

fn walk(a: &PhpArray) {
    let _ = a.is_list();
    for (_, v) in a.iter() {
        let _ = (v.int(), v.truthy());
        match v {
            Param::Str(s) => {
                let _ = chamilo_rest::params::intval(s);
                let _ = chamilo_rest::params::filter_bool(s);
            }
            Param::Array(inner) => walk(inner),
        }
    }
}
