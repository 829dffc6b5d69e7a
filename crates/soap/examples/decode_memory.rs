//! Memory and time of decoding one large `WSUser.CreateUsers` request and encoding its answer,
//! measured with a counting global allocator (heap bytes, not RSS).
//!
//! `cargo run --release -p chamilo-soap --example decode_memory [-- USERS]` (default 100,000
//! users, the compact ~42 MB request of the bench's section (c): untyped members, empty
//! members left out, 40-hex-digit pre-hashed passwords).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chamilo_soap::codec::{
    decode_request_with_charset, encode_response_ns, encode_response_owned, EncodedArray, Limits,
    Typed, Value,
};
use chamilo_soap::DEFAULT_BODY_LIMIT;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Runs `f`, returning its result, the peak heap above what was allocated before, and
/// what it left allocated.
fn measure<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let out = f();
    let secs = started.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = CURRENT.load(Ordering::Relaxed) as isize - before as isize;
    println!(
        "{what:<44} {secs:>7.3} s   peak +{:>7.1} MiB   kept {:>+7.1} MiB",
        mib(peak),
        kept as f64 / (1024.0 * 1024.0)
    );
    out
}

/// A 40-hex-digit stand-in for a sha1 (same length as the bench's pre-hashed passwords).
fn fake_sha1(i: usize) -> String {
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD6E8_FEB8_6659_FD93;
    let mut out = String::with_capacity(40);
    while out.len() < 40 {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        out.push_str(&format!("{:016x}", x));
    }
    out.truncate(40);
    out
}

/// The bench's compact CreateUsers body (`bench/src/soap.rs`, `create_users_compact`).
fn body(n: usize) -> String {
    let prefix = "big";
    let mut out = String::with_capacity(600 + n * 460);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:WSService" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
        r#"<SOAP-ENV:Body><ns1:WSUser.CreateUsers>"#
    ));
    out.push_str(&format!(
        r#"<secret_key>{}</secret_key><users SOAP-ENC:arrayType="ns1:user_create[{n}]" xsi:type="SOAP-ENC:Array">"#,
        fake_sha1(usize::MAX)
    ));
    for i in 0..n {
        let login = format!("{prefix}{i}");
        out.push_str(&format!(
            concat!(
                "<item><firstname>First {login}</firstname><lastname>Last {login}</lastname>",
                "<status>5</status><loginname>{login}</loginname><password>{password}</password>",
                "<encrypt_method>sha1</encrypt_method>",
                "<user_id_field_name>external_user_id</user_id_field_name>",
                "<user_id_value>{prefix}-X{i}</user_id_value><visibility>1</visibility>",
                "<email>{login}@example.org</email><language>english</language></item>"
            ),
            login = login,
            password = fake_sha1(i),
            prefix = prefix,
            i = i
        ));
    }
    out.push_str("</users></ns1:WSUser.CreateUsers></SOAP-ENV:Body></SOAP-ENV:Envelope>\n");
    out
}

/// One item of the CreateUsers answer, as `ws_service::user::create_users` builds it.
fn answer_item(user_id_value: String, id: i64) -> Typed {
    Typed::Struct {
        type_name: "tns:user_create_result",
        members: vec![
            ("user_id_value", Typed::Str(user_id_value)),
            ("user_id_generated", Typed::Int(id)),
            (
                "result",
                Typed::Struct {
                    type_name: "tns:result",
                    members: vec![
                        ("code", Typed::Int(0)),
                        ("message", Typed::Str(String::new())),
                    ],
                },
            ),
        ],
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("USERS is a number"))
        .unwrap_or(100_000);
    let body = body(n).into_bytes();
    println!(
        "CreateUsers of {n} users: {:.1} MB request ({} bytes)",
        body.len() as f64 / 1e6,
        body.len()
    );
    let limits = Limits::for_body_limit(DEFAULT_BODY_LIMIT);
    let request = measure("decode (body excluded)", || {
        decode_request_with_charset(&body, Some("utf-8"), &limits).expect("decodes")
    });
    drop(body);
    let users: Vec<String> = match request.part("users") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|u| {
                u.get("user_id_value")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            })
            .collect(),
        other => panic!("users is not an array: {other:?}"),
    };
    assert_eq!(users.len(), n);
    measure("drop the decoded request", || drop(request));

    // the answer: items encoded as produced, wrapped in place
    let answer = measure("encode answer (EncodedArray, in place)", || {
        let mut items = EncodedArray::new("tns:user_create_result", n);
        for (i, user) in users.iter().enumerate() {
            items.push(&answer_item(user.clone(), i as i64 + 2));
        }
        encode_response_owned(
            "WSUser.CreateUsers",
            Some("urn:WSService"),
            Some(items.finish()),
        )
    });
    println!(
        "answer: {:.1} MB ({} bytes)",
        answer.len() as f64 / 1e6,
        answer.len()
    );
    // the same answer as a value tree, for comparison (and to check the bytes agree)
    let tree = measure("encode answer (Typed::Array tree)", || {
        let items = Typed::Array {
            item_type: "tns:user_create_result",
            items: users
                .iter()
                .enumerate()
                .map(|(i, user)| answer_item(user.clone(), i as i64 + 2))
                .collect(),
        };
        encode_response_ns("WSUser.CreateUsers", Some("urn:WSService"), Some(&items))
    });
    assert!(tree == answer, "both encodings give the same bytes");
}
