//! The shape of the house, checked on the sources: imports inside each crate only go one way
//! (no circle between its modules, top-level or file by file), the core knows no HTTP, no
//! protocol and no PHP number parsing, and the store sees only the core's types, ports and
//! errors. A reader can trust the layering DEVELOPERS.md draws because this test keeps it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CRATES: [&str; 5] = ["core", "edge", "store", "soap", "rest"];

/// Module path (`a::b`, the crate root is "") → source text without its unit tests.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.insert(module_path(src, &path), without_tests(&path));
            }
        }
    }
    out
}

fn module_path(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

fn without_tests(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Identifier-and-`::` paths following `prefix` in `text` (`crate::a::b`, `super::x`), with
/// `{a, b::c}` groups expanded.
fn paths_after(text: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        if text[..at]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &text[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                out.push(segments(item.trim()));
            }
        } else {
            out.push(segments(rest));
        }
    }
    out
}

fn segments(s: &str) -> Vec<String> {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(s.len());
    s[..end]
        .split("::")
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Edges between modules cut to `depth` segments (1: top-level modules).
fn graph(mods: &BTreeMap<String, String>, depth: usize) -> BTreeMap<String, BTreeSet<String>> {
    let cut = |m: &str| m.split("::").take(depth).collect::<Vec<_>>().join("::");
    let known = |segs: &[String]| {
        (1..=segs.len())
            .rev()
            .map(|i| segs[..i].join("::"))
            .find(|m| mods.contains_key(m))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in mods {
        let parent: Vec<String> = module.split("::").map(str::to_owned).collect();
        let parent = &parent[..parent.len().saturating_sub(1)];
        let mut targets: Vec<String> = paths_after(text, "crate::")
            .iter()
            .filter_map(|segs| known(segs))
            .collect();
        for segs in paths_after(text, "super::") {
            let mut full = parent.to_vec();
            full.extend(segs);
            targets.extend(known(&full));
        }
        let from = cut(module);
        for to in targets.iter().map(|t| cut(t)) {
            let nested =
                to.starts_with(&format!("{from}::")) || from.starts_with(&format!("{to}::"));
            if !from.is_empty() && !to.is_empty() && to != from && !nested {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// A circle in the graph, if any, as the modules along it.
fn circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

fn src(krate: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("crates/{krate}/src"))
}

#[test]
fn no_import_circle_inside_a_crate() {
    for krate in CRATES {
        let mods = modules(&src(krate));
        for depth in [1, 9] {
            if let Some(found) = circle(&graph(&mods, depth)) {
                panic!("crates/{krate}: import circle {}", found.join(" -> "));
            }
        }
    }
}

#[test]
fn the_core_knows_no_http_no_protocol_and_no_php_numbers() {
    let mods = modules(&src("core"));
    for (module, text) in &mods {
        for word in ["soap", "rest", "http", "php"] {
            assert!(
                !module.split("::").any(|part| part.contains(word)),
                "core module {module} is named after {word}"
            );
        }
        for needle in ["actix", "HttpRequest", "x-forwarded-for", "intval("] {
            assert!(
                !text.to_lowercase().contains(&needle.to_lowercase()),
                "core module {module} mentions {needle}"
            );
        }
    }
    let manifest = std::fs::read_to_string(src("core").join("../Cargo.toml")).unwrap();
    for dep in ["actix", "ipnet", "hyper"] {
        assert!(!manifest.contains(dep), "crates/core depends on {dep}");
    }
}

#[test]
fn the_store_sees_only_types_ports_and_errors_of_the_core() {
    let allowed = [
        "types",
        "ports",
        "CoreError",
        "CoreResult",
        "Conflict",
        "Entity",
        "ItemType",
    ];
    for (module, text) in modules(&src("store")) {
        for segs in paths_after(&text, "chamilo_core::") {
            let first = segs.first().map(String::as_str).unwrap_or("");
            assert!(
                allowed.contains(&first),
                "store module {module} uses chamilo_core::{}",
                segs.join("::")
            );
        }
    }
}

#[test]
fn the_checker_finds_a_circle() {
    let mods: BTreeMap<String, String> = [
        ("a".to_owned(), "use crate::b::X;".to_owned()),
        ("b".to_owned(), "use crate::{c, a::Y};".to_owned()),
        ("c".to_owned(), String::new()),
    ]
    .into();
    assert_eq!(
        circle(&graph(&mods, 1)),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}
