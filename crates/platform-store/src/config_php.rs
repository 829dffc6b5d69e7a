//! Reading a Chamilo `app/config/configuration.php`: its `$_configuration['key'] = value;`
//! assignments of strings, numbers and booleans. The file is never run; a line the gateway
//! cannot read is an error naming it, so a platform is never served on a half-read file.

use std::collections::HashMap;
use std::fmt;

/// A literal value of an assignment.
#[derive(Debug, Clone, PartialEq)]
pub enum PhpValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

impl PhpValue {
    /// PHP's string conversion (`true` is "1", `false` and null are "").
    pub fn to_text(&self) -> String {
        match self {
            PhpValue::Str(s) => s.clone(),
            PhpValue::Int(n) => n.to_string(),
            PhpValue::Float(f) => f.to_string(),
            PhpValue::Bool(true) => "1".into(),
            PhpValue::Bool(false) | PhpValue::Null => String::new(),
        }
    }

    /// PHP truthiness.
    pub fn is_true(&self) -> bool {
        match self {
            PhpValue::Str(s) => !(s.is_empty() || s == "0"),
            PhpValue::Int(n) => *n != 0,
            PhpValue::Float(f) => *f != 0.0,
            PhpValue::Bool(b) => *b,
            PhpValue::Null => false,
        }
    }
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub text: String,
    pub reason: &'static str,
}

impl std::error::Error for ParseError {}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {} ({})",
            self.line,
            self.reason,
            self.text.trim()
        )
    }
}

/// The assignments of a configuration file, key to value (a later assignment wins, as in PHP).
/// Array values (Chamilo's optional feature settings) are skipped unless `needed` names the
/// key: the gateway reads none of them.
pub fn parse(source: &str, needed: &[&str]) -> Result<HashMap<String, PhpValue>, ParseError> {
    let mut values = HashMap::new();
    for (n, statement) in statements(source) {
        let error = |reason| ParseError {
            line: n,
            text: statement.clone(),
            reason,
        };
        let rest = statement
            .strip_prefix("$_configuration")
            .ok_or_else(|| error("not a $_configuration assignment"))?
            .trim_start();
        let (key, rest) = bracketed_key(rest).ok_or_else(|| error("unreadable key"))?;
        let rest = rest.trim_start();
        if rest.starts_with('[') {
            return Err(error("nested keys are not read"));
        }
        let value = rest
            .strip_prefix('=')
            .ok_or_else(|| error("not an assignment"))?
            .trim();
        match literal(value) {
            Some(v) => {
                values.insert(key, v);
            }
            None if is_array(value) && !needed.contains(&key.as_str()) => {}
            None => return Err(error("not a string, number or boolean")),
        }
    }
    Ok(values)
}

/// The file's statements with their first line number: comments, `<?php`/`?>` and blank
/// lines dropped, each statement up to its `;` outside strings and brackets.
fn statements(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let (mut line, mut depth) = (1, 0i32);
    let mut chars = source.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if let Some(q) = quote {
            current.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    if next == '\n' {
                        line += 1;
                    }
                    current.push(next);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'/') => skip_line(&mut chars, &mut line),
            '#' => skip_line(&mut chars, &mut line),
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                    }
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            '<' if current.trim().is_empty() && starts_with(&chars, "?php") => {
                for _ in 0..4 {
                    chars.next();
                }
            }
            '?' if current.trim().is_empty() && chars.peek() == Some(&'>') => {
                chars.next();
            }
            ';' if depth == 0 => {
                out.push((start, current.trim().to_string()));
                current.clear();
            }
            _ => {
                if current.trim().is_empty() && !c.is_whitespace() {
                    start = line;
                }
                match c {
                    '\'' | '"' => quote = Some(c),
                    '[' | '(' => depth += 1,
                    ']' | ')' => depth -= 1,
                    _ => {}
                }
                current.push(c);
            }
        }
    }
    if !current.trim().is_empty() {
        out.push((start, current.trim().to_string()));
    }
    out
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, line: &mut usize) {
    for c in chars.by_ref() {
        if c == '\n' {
            *line += 1;
            break;
        }
    }
}

fn starts_with(chars: &std::iter::Peekable<std::str::Chars<'_>>, word: &str) -> bool {
    chars.clone().take(word.len()).collect::<String>() == word
}

/// `['key']` or `["key"]` and what follows it.
fn bracketed_key(s: &str) -> Option<(String, &str)> {
    let inner = s.strip_prefix('[')?.trim_start();
    let (PhpValue::Str(key), len) = string_literal(inner)? else {
        return None;
    };
    let rest = inner[len..].trim_start().strip_prefix(']')?;
    Some((key, rest))
}

fn is_array(value: &str) -> bool {
    value.starts_with('[') || value.to_ascii_lowercase().starts_with("array")
}

/// A whole literal: a quoted string, a number, true/false/null (any case).
fn literal(value: &str) -> Option<PhpValue> {
    if let Some((v, len)) = string_literal(value) {
        return (len == value.len()).then_some(v);
    }
    match value.to_ascii_lowercase().as_str() {
        "true" => return Some(PhpValue::Bool(true)),
        "false" => return Some(PhpValue::Bool(false)),
        "null" => return Some(PhpValue::Null),
        _ => {}
    }
    if let Ok(n) = value.parse::<i64>() {
        return Some(PhpValue::Int(n));
    }
    let numeric = value
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    match value.parse::<f64>() {
        Ok(f) if numeric => Some(PhpValue::Float(f)),
        _ => None,
    }
}

/// A quoted string at the start of `s` and its length in bytes. Single quotes know `\\` and
/// `\'`; double quotes the usual escapes, and a `$` in them (interpolation) is refused.
fn string_literal(s: &str) -> Option<(PhpValue, usize)> {
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => return Some((PhpValue::Str(out), i + 1)),
            '\\' => {
                let (_, next) = chars.next()?;
                match (quote, next) {
                    ('\'', '\'' | '\\') => out.push(next),
                    ('\'', _) => {
                        out.push('\\');
                        out.push(next);
                    }
                    (_, 'n') => out.push('\n'),
                    (_, 't') => out.push('\t'),
                    (_, 'r') => out.push('\r'),
                    (_, '"' | '\\' | '$') => out.push(next),
                    (_, _) => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '$' if quote == '"' => return None,
            _ => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_assignments_chamilo_writes() {
        let source = r#"<?php
// a comment
# another
/* a block
   comment */
$_configuration['db_host'] = 'localhost';
$_configuration['db_port'] = '3306';
$_configuration['main_database'] = "chamilo";
$_configuration['db_password'] = 'it\'s \\ a "secret"';
$_configuration['session_lifetime'] = 360000;
$_configuration['system_stable'] = TRUE;
$_configuration [ "multiple_access_urls" ] = false;
$_configuration['ratio'] = 1.5;
// $_configuration['password_conversion'] = true;
$_configuration['show_conditions_to_user'] = [
    'conditions' => ['a; b'],
];
$_configuration['url_append'] = '';
?>
"#;
        let values = parse(source, &["db_host"]).unwrap();
        let get = |k: &str| values.get(k).cloned();
        assert_eq!(get("db_host"), Some(PhpValue::Str("localhost".into())));
        assert_eq!(get("main_database"), Some(PhpValue::Str("chamilo".into())));
        assert_eq!(
            get("db_password"),
            Some(PhpValue::Str(r#"it's \ a "secret""#.into()))
        );
        assert_eq!(get("session_lifetime"), Some(PhpValue::Int(360000)));
        assert_eq!(get("system_stable"), Some(PhpValue::Bool(true)));
        assert_eq!(get("multiple_access_urls"), Some(PhpValue::Bool(false)));
        assert_eq!(get("ratio"), Some(PhpValue::Float(1.5)));
        assert_eq!(get("password_conversion"), None, "commented out");
        assert_eq!(get("show_conditions_to_user"), None, "arrays are skipped");
        assert_eq!(get("url_append"), Some(PhpValue::Str(String::new())));
    }

    #[test]
    fn an_unreadable_line_is_named() {
        let err = parse(
            "<?php\n$_configuration['a'] = 'x';\n\n$_configuration['b'] = getenv('B');\n",
            &[],
        )
        .unwrap_err();
        assert_eq!(err.line, 4);
        assert_eq!(err.reason, "not a string, number or boolean");
        assert!(err.to_string().contains("line 4"), "{err}");

        let err = parse("<?php\nrequire 'x.php';\n", &[]).unwrap_err();
        assert_eq!(
            (err.line, err.reason),
            (2, "not a $_configuration assignment")
        );
        let err = parse("<?php\n$_configuration['k'] = \"a $b\";\n", &[]).unwrap_err();
        assert_eq!(err.line, 2, "interpolation is not a literal");
        let err = parse("<?php\n$_configuration['k'] = ['x'];\n", &["k"]).unwrap_err();
        assert_eq!(
            err.reason, "not a string, number or boolean",
            "a needed key"
        );
        let err = parse("<?php\n$_configuration['k'] = 'x' . 'y';\n", &[]).unwrap_err();
        assert_eq!(err.line, 2);
    }
}
