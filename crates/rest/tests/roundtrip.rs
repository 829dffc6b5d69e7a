//! Round-trip properties of the REST transport pieces: PHP-style parameter trees written as
//! an urlencoded body, a query string or a multipart body are gathered back as the same tree;
//! `php_json` output parses back (with serde_json) to the value it was made from.

use chamilo_rest::params::{gather, Limits, Param, PhpArray};
use chamilo_rest::php_json::{to_php_json, to_php_json_with, Options};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// A parameter tree as a client builds it.
#[derive(Debug, Clone)]
enum Node {
    Str(String),
    /// `name[key]=…` members (unique keys, at least one member)
    Map(Vec<(String, Node)>),
    /// `name[]=…` items
    List(Vec<String>),
}

/// Top-level names PHP keeps as sent (no space, dot, bracket or NUL).
fn top_name() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_-]{0,8}"
}

/// Keys inside brackets: anything but `]`, NUL and the characters a multipart header cannot
/// carry unquoted; integer-looking keys included.
fn key() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{1,3}", "[a-z .\\[=&+%é€😀-]{1,8}"]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| s.replace('\0', "")),
        "[=&+%; \\[\\]<>\"'a-z0-9\r\n]{0,16}",
        "[àéΩ中😀€ ]{0,8}",
    ]
}

fn unique<T>(members: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut seen = std::collections::HashSet::new();
    members
        .into_iter()
        .filter(|(k, _)| seen.insert(k.clone()))
        .collect()
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        3 => value().prop_map(Node::Str),
        1 => prop::collection::vec(value(), 1..4).prop_map(Node::List),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop::collection::vec((key(), inner), 1..4).prop_map(|m| Node::Map(unique(m)))
    })
}

fn tree() -> impl Strategy<Value = Vec<(String, Node)>> {
    prop::collection::vec((top_name(), node()), 0..6).prop_map(unique)
}

/// `(raw name, value)` pairs in document order.
fn pairs(tree: &[(String, Node)]) -> Vec<(String, String)> {
    fn walk(prefix: &str, node: &Node, out: &mut Vec<(String, String)>) {
        match node {
            Node::Str(v) => out.push((prefix.to_owned(), v.clone())),
            Node::List(items) => {
                for v in items {
                    out.push((format!("{prefix}[]"), v.clone()));
                }
            }
            Node::Map(members) => {
                for (k, v) in members {
                    walk(&format!("{prefix}[{k}]"), v, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (name, node) in tree {
        walk(name, node, &mut out);
    }
    out
}

/// The PHP array the tree stands for.
fn php(tree: &[(String, Node)]) -> PhpArray {
    fn param(node: &Node) -> Param {
        match node {
            Node::Str(s) => Param::Str(s.clone()),
            Node::List(items) => {
                let mut a = PhpArray::new();
                for v in items {
                    a.push(Param::Str(v.clone()));
                }
                Param::Array(a)
            }
            Node::Map(members) => Param::Array(php(members)),
        }
    }
    let mut a = PhpArray::new();
    for (k, v) in tree {
        a.insert(k.clone(), param(v));
    }
    a
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn urlencoded(tree: &[(String, Node)]) -> String {
    pairs(tree)
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

const BOUNDARY: &str = "----proptest-7MA4YWxkTrZu0gW";

fn multipart(tree: &[(String, Node)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in pairs(tree) {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn urlencoded_body_gathers_back(tree in tree()) {
        let body = urlencoded(&tree);
        let params = gather("POST", "", Some("application/x-www-form-urlencoded"), body.as_bytes(), &Limits::default()).unwrap();
        prop_assert_eq!(params.post_bag(), &php(&tree), "{}", body);
        prop_assert_eq!(params.request_bag(), &php(&tree));
    }

    #[test]
    fn query_string_gathers_back(tree in tree()) {
        let query = urlencoded(&tree);
        let params = gather("GET", &query, None, b"", &Limits::default()).unwrap();
        prop_assert_eq!(params.get_bag(), &php(&tree), "{}", query);
    }

    #[test]
    fn urlencoded_put_body_gathers_back(tree in tree()) {
        let body = urlencoded(&tree);
        let params = gather("PUT", "", Some("application/x-www-form-urlencoded; charset=UTF-8"), body.as_bytes(), &Limits::default()).unwrap();
        prop_assert_eq!(params.body_bag(), &php(&tree));
        prop_assert!(params.post_bag().is_empty());
    }

    #[test]
    fn multipart_body_gathers_back(tree in tree()) {
        let body = multipart(&tree);
        let ct = format!("multipart/form-data; boundary={BOUNDARY}");
        let params = gather("POST", "", Some(&ct), &body, &Limits::default()).unwrap();
        prop_assert_eq!(params.post_bag(), &php(&tree), "{}", String::from_utf8_lossy(&body));
    }

    #[test]
    fn php_json_parses_back(v in json()) {
        let text = to_php_json(&v);
        prop_assert!(text.is_ascii(), "json_encode escapes every non-ASCII character: {}", text);
        let back: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert!(same(&as_php(&v), &back), "{} -> {} -> {}", v, text, back);
    }

    #[test]
    fn floats_are_written_exactly(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        let text = to_php_json(&Value::Number(Number::from_f64(f).unwrap()));
        let back: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert!(back == f, "{} -> {} -> {}", f, text, back);
    }

    #[test]
    fn php_json_with_objects_kept_parses_back(v in json()) {
        let opts = Options { objects_are_php_arrays: false, ..Options::default() };
        let text = to_php_json_with(&v, opts);
        let back: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert!(same(&v, &back), "{} -> {} -> {}", v, text, back);
    }
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        prop_oneof![
            any::<String>(),
            "[\"\\\\/\u{8}\u{c}\n\r\t\u{1}<>&'é😀\u{2028}]{0,12}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop_oneof!["[a-z0-9é/\"]{0,4}", "[0-3]"], inner), 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// What PHP's arrays make of a value: objects keyed `"0".."n-1"` in order (and `{}`) are lists.
fn as_php(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(as_php).collect()),
        Value::Object(m) if m.keys().enumerate().all(|(i, k)| *k == i.to_string()) => {
            Value::Array(m.values().map(as_php).collect())
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), as_php(v))).collect()),
        other => other.clone(),
    }
}

/// Equal, with numbers compared by value (PHP writes `80.0` as `80`) and object members in
/// the same order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(p), Some(q), _, _) if !x.is_f64() && !y.is_f64() => p == q,
                (_, _, Some(p), Some(q)) if !x.is_f64() && !y.is_f64() => p == q,
                // serde_json's default float parser may be one ulp off (no `float_roundtrip`);
                // `floats_are_written_exactly` checks the digits with Rust's exact parser
                _ => match (x.as_f64(), y.as_f64()) {
                    (Some(p), Some(q)) => {
                        let d = (p - q).abs();
                        p == q || d <= 1e-12 * p.abs().max(q.abs()) || d < f64::MIN_POSITIVE
                    }
                    _ => false,
                },
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, p), (l, q))| k == l && same(p, q))
        }
        _ => a == b,
    }
}
