//! PHP's ordered array as request parsing builds it, and the variable-name rules
//! (`a[b][]`, `.`/space → `_`) PHP applies when registering a request variable.

use std::collections::HashMap;

use super::scalar;

/// One request value: a string, or a (possibly nested) PHP array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Str(String),
    Array(PhpArray),
}

impl Param {
    /// The string, or `None` for an array.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Param::Str(s) => Some(s),
            Param::Array(_) => None,
        }
    }

    pub fn as_array(&self) -> Option<&PhpArray> {
        match self {
            Param::Array(a) => Some(a),
            Param::Str(_) => None,
        }
    }

    /// PHP `intval()`; an array gives 1 when non-empty, else 0.
    pub fn int(&self) -> i64 {
        match self {
            Param::Str(s) => scalar::intval(s),
            Param::Array(a) => i64::from(!a.is_empty()),
        }
    }

    /// PHP truthiness (`if ($x)`): `""`, `"0"` and `[]` are false.
    pub fn truthy(&self) -> bool {
        match self {
            Param::Str(s) => scalar::truthy(s),
            Param::Array(a) => !a.is_empty(),
        }
    }

    /// PHP `print_r($value, true)`, used verbatim in one error message.
    pub fn print_r(&self) -> String {
        let mut out = String::new();
        print_r_into(&mut out, self, 0);
        out
    }
}

impl From<&str> for Param {
    fn from(s: &str) -> Self {
        Param::Str(s.to_owned())
    }
}

impl From<String> for Param {
    fn from(s: String) -> Self {
        Param::Str(s)
    }
}

impl From<PhpArray> for Param {
    fn from(a: PhpArray) -> Self {
        Param::Array(a)
    }
}

fn print_r_into(out: &mut String, value: &Param, indent: usize) {
    match value {
        Param::Str(s) => out.push_str(s),
        Param::Array(a) => {
            out.push_str("Array\n");
            out.push_str(&" ".repeat(indent));
            out.push_str("(\n");
            for (k, v) in a.iter() {
                out.push_str(&" ".repeat(indent + 4));
                out.push('[');
                out.push_str(k);
                out.push_str("] => ");
                print_r_into(out, v, indent + 8);
                out.push('\n');
            }
            out.push_str(&" ".repeat(indent));
            out.push_str(")\n");
        }
    }
}

/// Arrays up to this size find keys by a linear scan: most requests send a handful of
/// parameters, and a scan beats hashing them. Larger ones (a form of 100k fields) keep a
/// hash index, so gathering stays linear in the input.
const SCAN_LIMIT: usize = 8;

/// An ordered map with PHP array semantics: overwriting a key keeps its position,
/// appending (`a[]`) uses the next integer key after the largest one seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhpArray {
    entries: Vec<(String, Param)>,
    /// key → position in `entries`; empty while `entries.len() <= SCAN_LIMIT`
    index: HashMap<String, usize>,
    next_index: i64,
}

impl PhpArray {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&Param> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Param> {
        let i = self.position(key)?;
        Some(&mut self.entries[i].1)
    }

    fn position(&self, key: &str) -> Option<usize> {
        if self.entries.len() <= SCAN_LIMIT {
            self.entries.iter().position(|(k, _)| k == key)
        } else {
            self.index.get(key).copied()
        }
    }

    /// Entries in insertion order (PHP `foreach` order).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Param)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &Param> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// True when the keys are exactly 0..n-1 in order (PHP would json-encode a list).
    pub fn is_list(&self) -> bool {
        self.keys()
            .enumerate()
            .all(|(i, k)| int_key(k).and_then(|n| usize::try_from(n).ok()) == Some(i))
    }

    /// `$a[$key] = $value`.
    pub fn insert(&mut self, key: String, value: Param) {
        if let Some(n) = int_key(&key) {
            if n >= self.next_index {
                self.next_index = n.saturating_add(1);
            }
        }
        if let Some(i) = self.position(&key) {
            self.entries[i].1 = value;
            return;
        }
        let at = self.entries.len();
        if at == SCAN_LIMIT {
            // the array outgrows scanning: index what it holds
            self.index.reserve(2 * SCAN_LIMIT);
            for (i, (k, _)) in self.entries.iter().enumerate() {
                self.index.insert(k.clone(), i);
            }
        }
        if at >= SCAN_LIMIT {
            self.index.insert(key.clone(), at);
        }
        self.entries.push((key, value));
    }

    /// `$a[] = $value`; PHP silently drops the value once the integer keys are exhausted.
    pub fn push(&mut self, value: Param) -> Option<&mut Param> {
        if self.next_index == i64::MAX && self.position(&i64::MAX.to_string()).is_some() {
            return None;
        }
        let key = self.next_index.to_string();
        self.insert(key.clone(), value);
        self.get_mut(&key)
    }

    /// The array at `key`, created (or replacing a string) when needed.
    fn array_at(&mut self, key: String) -> &mut PhpArray {
        if !matches!(self.get(&key), Some(Param::Array(_))) {
            self.insert(key.clone(), Param::Array(PhpArray::new()));
        }
        match self.get_mut(&key) {
            Some(Param::Array(a)) => a,
            _ => unreachable!("just inserted an array"),
        }
    }

    /// PHP's merge of `$_GET`/`$_POST` into `$_REQUEST`: arrays present on both
    /// sides merge recursively, anything else is overwritten by `src`.
    pub(crate) fn merge_from(&mut self, src: &PhpArray) {
        for (k, v) in src.iter() {
            match (v, self.get_mut(k)) {
                (Param::Array(s), Some(Param::Array(d))) => d.merge_from(s),
                _ => self.insert(k.to_owned(), v.clone()),
            }
        }
    }
}

/// The integer a key string stands for, when PHP would store it as an integer key.
fn int_key(key: &str) -> Option<i64> {
    let digits = key.strip_prefix('-').unwrap_or(key);
    let canonical = match digits.as_bytes() {
        [b'0'] => digits.len() == key.len(), // "0" yes, "-0" no
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if canonical {
        key.parse().ok()
    } else {
        None
    }
}

/// The variable nesting limit was exceeded.
#[derive(Debug)]
pub(crate) struct TooDeep;

/// Stores `value` under a raw request variable name such as `extra[0][field_name]`,
/// following PHP's registration rules (see `rest-v2.md` §1.4–1.5).
pub(crate) fn register(
    target: &mut PhpArray,
    name: &str,
    value: String,
    max_depth: usize,
) -> Result<(), TooDeep> {
    let name = name.trim_start_matches(' ');
    let mut top = String::with_capacity(name.len());
    let mut rest = "";
    for (i, c) in name.char_indices() {
        match c {
            ' ' | '.' => top.push('_'),
            '[' => {
                rest = &name[i..];
                break;
            }
            c => top.push(c),
        }
    }
    if top.is_empty() {
        return Ok(()); // PHP ignores variables without a name
    }

    // Each element: Some(key) for `[key]`, None for `[]` (append).
    let mut path: Vec<Option<String>> = Vec::new();
    let mut pos = 0;
    while rest[pos..].starts_with('[') {
        if path.len() >= max_depth {
            return Err(TooDeep);
        }
        let inner = &rest[pos + 1..];
        match inner.find(']') {
            Some(end) => {
                path.push((end > 0).then(|| inner[..end].to_owned()));
                pos += end + 2;
            }
            None if path.is_empty() => {
                // `a[b` is not an array: PHP keeps it as the plain name `a_b`.
                top.push('_');
                top.extend(inner.chars().map(|c| match c {
                    ' ' | '.' | '[' => '_',
                    c => c,
                }));
                break;
            }
            None => break, // an unterminated trailing `[x` is dropped
        }
        // Anything after `]` that is not `[` is ignored, as in PHP.
    }

    let mut slot = target;
    let mut key = Some(top);
    for next in path {
        slot = match key {
            Some(k) => slot.array_at(k),
            None => match slot.push(Param::Array(PhpArray::new())) {
                Some(Param::Array(a)) => a,
                _ => return Ok(()),
            },
        };
        key = next;
    }
    match key {
        Some(k) => slot.insert(k, Param::Str(value)),
        None => {
            slot.push(Param::Str(value));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(pairs: &[(&str, &str)]) -> PhpArray {
        let mut a = PhpArray::new();
        for (k, v) in pairs {
            register(&mut a, k, (*v).to_owned(), 64).unwrap();
        }
        a
    }

    /// Compact rendering for assertions: strings as-is, arrays as `{k:v,…}`.
    pub(crate) fn show(p: &Param) -> String {
        match p {
            Param::Str(s) => s.clone(),
            Param::Array(a) => {
                let inner: Vec<String> =
                    a.iter().map(|(k, v)| format!("{k}:{}", show(v))).collect();
                format!("{{{}}}", inner.join(","))
            }
        }
    }

    fn show_arr(a: &PhpArray) -> String {
        show(&Param::Array(a.clone()))
    }

    #[test]
    fn growing_past_the_scan_limit_keeps_keys_and_order() {
        // keys k0..k19, then k2 and k15 overwritten, then appends: the same answers whether
        // a key was stored while the array was scanned or after it was indexed
        let mut a = PhpArray::new();
        for i in 0..20 {
            a.insert(format!("k{i}"), Param::from(i.to_string()));
            for j in 0..=i {
                assert_eq!(a.get(&format!("k{j}")), Some(&Param::from(j.to_string())));
            }
            assert_eq!(a.get("k20"), None);
        }
        a.insert("k2".into(), "x".into());
        a.insert("k15".into(), "y".into());
        a.push("p".into());
        a.insert("7".into(), "seven".into());
        a.push("q".into());
        let keys: Vec<&str> = a.keys().collect();
        let mut expected: Vec<String> = (0..20).map(|i| format!("k{i}")).collect();
        expected.extend(["0", "7", "8"].map(String::from));
        assert_eq!(keys, expected);
        assert_eq!(a.get("k2"), Some(&Param::from("x")));
        assert_eq!(a.get("k15"), Some(&Param::from("y")));
        assert_eq!(a.get("8"), Some(&Param::from("q")));
        assert_eq!(a.len(), 23);
    }

    #[test]
    fn plain_and_overwrite_keeps_position() {
        let a = reg(&[("a", "1"), ("b", "2"), ("a", "3")]);
        assert_eq!(show_arr(&a), "{a:3,b:2}");
    }

    #[test]
    fn top_level_dots_and_spaces_become_underscores() {
        let a = reg(&[("a.b c", "1"), ("  lead", "2"), ("x[a.b c]", "3")]);
        assert_eq!(show_arr(&a), "{a_b_c:1,lead:2,x:{a.b c:3}}");
    }

    #[test]
    fn append_and_nested() {
        let a = reg(&[
            ("l[]", "2"),
            ("l[]", "3"),
            ("extra[0][field_name]", "age"),
            ("extra[0][field_value]", "29"),
            ("extra[extra_Price]", "200"),
        ]);
        assert_eq!(
            show_arr(&a),
            "{l:{0:2,1:3},extra:{0:{field_name:age,field_value:29},extra_Price:200}}"
        );
    }

    #[test]
    fn append_after_explicit_int_key() {
        let a = reg(&[("a[5]", "x"), ("a[]", "y"), ("a[k]", "z"), ("a[]", "w")]);
        assert_eq!(show_arr(&a), "{a:{5:x,6:y,k:z,7:w}}");
        let b = reg(&[("a[05]", "x"), ("a[]", "y"), ("a[-0]", "z"), ("a[]", "w")]);
        assert_eq!(show_arr(&b), "{a:{05:x,0:y,-0:z,1:w}}");
    }

    #[test]
    fn append_creates_new_element_each_time() {
        let a = reg(&[("a[][b]", "1"), ("a[][b]", "2")]);
        assert_eq!(show_arr(&a), "{a:{0:{b:1},1:{b:2}}}");
    }

    #[test]
    fn scalar_replaced_by_array_and_back() {
        let a = reg(&[("a", "1"), ("a[x]", "2")]);
        assert_eq!(show_arr(&a), "{a:{x:2}}");
        let b = reg(&[("a[x]", "2"), ("a", "1")]);
        assert_eq!(show_arr(&b), "{a:1}");
    }

    #[test]
    fn unbalanced_brackets() {
        // Unterminated first bracket: a plain name with `_`.
        assert_eq!(show_arr(&reg(&[("a[b.c d[e", "1")])), "{a_b_c_d_e:1}");
        // Unterminated later bracket: dropped.
        assert_eq!(show_arr(&reg(&[("a[b][c", "1")])), "{a:{b:1}}");
        assert_eq!(show_arr(&reg(&[("a[][c", "1")])), "{a:{0:1}}");
        // Text after `]` that is not `[` is ignored.
        assert_eq!(show_arr(&reg(&[("a[b]c[d]", "1")])), "{a:{b:1}}");
        // `]` inside a key closes it at the first `]`.
        assert_eq!(show_arr(&reg(&[("a[b[c]]", "1")])), "{a:{b[c:1}}");
        // No name before the bracket: ignored.
        assert_eq!(show_arr(&reg(&[("[a]", "1"), ("", "2"), (" ", "3")])), "{}");
        // A lone `]` in the top-level name is kept.
        assert_eq!(show_arr(&reg(&[("a]b", "1")])), "{a]b:1}");
    }

    #[test]
    fn depth_limit() {
        let mut a = PhpArray::new();
        assert!(register(&mut a, "a[1][2]", "x".into(), 2).is_ok());
        assert!(register(&mut a, "a[1][2][3]", "x".into(), 2).is_err());
    }

    #[test]
    fn merge_is_recursive_for_arrays() {
        let mut get = reg(&[("a[x]", "1"), ("b", "g"), ("c[0]", "g0")]);
        let post = reg(&[("a[y]", "2"), ("b", "p"), ("c", "scalar")]);
        get.merge_from(&post);
        assert_eq!(show_arr(&get), "{a:{x:1,y:2},b:p,c:scalar}");
    }

    #[test]
    fn list_detection() {
        assert!(reg(&[("a[]", "1"), ("a[]", "2")])
            .get("a")
            .unwrap()
            .as_array()
            .unwrap()
            .is_list());
        assert!(!reg(&[("a[1]", "1")])
            .get("a")
            .unwrap()
            .as_array()
            .unwrap()
            .is_list());
        assert!(!reg(&[("a[00]", "1")])
            .get("a")
            .unwrap()
            .as_array()
            .unwrap()
            .is_list());
    }

    #[test]
    fn print_r_matches_php() {
        let a = reg(&[("f[field_name]", "foo"), ("f[field_value]", "bar")]);
        assert_eq!(
            a.get("f").unwrap().print_r(),
            "Array\n(\n    [field_name] => foo\n    [field_value] => bar\n)\n"
        );
        let n = reg(&[("f[a][0]", "x"), ("f[b]", "y")]);
        assert_eq!(
            n.get("f").unwrap().print_r(),
            "Array\n(\n    [a] => Array\n        (\n            [0] => x\n        )\n\n    [b] => y\n)\n"
        );
    }
}
