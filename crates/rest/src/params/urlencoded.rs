//! Query strings and `application/x-www-form-urlencoded` bodies, split and decoded
//! the way PHP fills `$_GET` / `$_POST` (and `parse_str`).

use super::array::{register, PhpArray};
use super::{Limits, Origin, ParamError};

/// PHP `urldecode`: `+` is a space, `%XX` a byte; a `%` not followed by two hex
/// digits is kept literally.
pub(crate) fn url_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex);
                let lo = input.get(i + 2).copied().and_then(hex);
                match (hi, lo) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses `name=value&…` into `target`. Empty segments are skipped; only `&`
/// separates (PHP's default `arg_separator.input`).
pub(crate) fn parse_into(
    target: &mut PhpArray,
    input: &[u8],
    origin: Origin,
    limits: &Limits,
) -> Result<(), ParamError> {
    let mut count = 0usize;
    for segment in input.split(|&b| b == b'&').filter(|s| !s.is_empty()) {
        count += 1;
        if count > limits.max_fields {
            return Err(ParamError::TooManyFields {
                origin,
                limit: limits.max_fields,
            });
        }
        let (raw_name, raw_value) = match segment.iter().position(|&b| b == b'=') {
            Some(eq) => (&segment[..eq], &segment[eq + 1..]),
            None => (segment, &b""[..]),
        };
        let mut name = url_decode(raw_name);
        // PHP treats the decoded name as a C string.
        if let Some(nul) = name.iter().position(|&b| b == 0) {
            name.truncate(nul);
        }
        let name = utf8(name, origin, None)?;
        let value = utf8(url_decode(raw_value), origin, Some(&name))?;
        register(target, &name, value, limits.max_depth).map_err(|_| ParamError::TooDeep {
            origin,
            limit: limits.max_depth,
        })?;
    }
    Ok(())
}

/// Strict UTF-8; `name` is the variable the bytes are the value of (None: a name).
pub(crate) fn utf8(
    bytes: Vec<u8>,
    origin: Origin,
    name: Option<&str>,
) -> Result<String, ParamError> {
    String::from_utf8(bytes).map_err(|e| ParamError::InvalidUtf8 {
        origin,
        name: match name {
            Some(n) => n.to_owned(),
            None => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode() {
        assert_eq!(url_decode(b"a+b%20c%2Fd"), b"a b c/d");
        assert_eq!(url_decode(b"100%"), b"100%");
        assert_eq!(url_decode(b"%zz%4"), b"%zz%4");
        assert_eq!(url_decode(b"%e2%82%AC"), "€".as_bytes());
        assert_eq!(url_decode(b"%2B+"), b"+ ");
    }
}
