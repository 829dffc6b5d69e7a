//! A small `multipart/form-data` parser over a complete body, feeding fields into
//! the same PHP variable registration as urlencoded input.

use super::array::{register, PhpArray};
use super::urlencoded::utf8;
use super::{Limits, Origin, ParamError};

/// A file part (`Content-Disposition: form-data; name=…; filename=…`). PHP puts
/// these in `$_FILES`, never in `$_POST`; no action of this API reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The raw field name, brackets not interpreted.
    pub name: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

fn malformed(reason: &str) -> ParamError {
    ParamError::Multipart(reason.to_owned())
}

/// The boundary parameter of a multipart content type (quoted or bare).
pub(crate) fn boundary(content_type: &str) -> Result<String, ParamError> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower
        .find("boundary")
        .ok_or_else(|| malformed("missing boundary in content type"))?;
    let after = &content_type[at + "boundary".len()..];
    let eq = after
        .find('=')
        .ok_or_else(|| malformed("missing boundary in content type"))?;
    let value = after[eq + 1..].trim_start();
    let b = match value.strip_prefix('"') {
        Some(q) => {
            let end = q
                .find('"')
                .ok_or_else(|| malformed("unterminated quoted boundary"))?;
            &q[..end]
        }
        None => value.split([';', ',']).next().unwrap_or("").trim_end(),
    };
    if b.is_empty() {
        return Err(malformed("empty boundary"));
    }
    Ok(b.to_owned())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// One line without its terminator (`\n`, optionally preceded by `\r`), and the
/// offset after it; `None` when no line terminator follows.
fn line(body: &[u8], from: usize) -> Option<(&[u8], usize)> {
    let nl = body[from..].iter().position(|&b| b == b'\n')? + from;
    let end = if nl > from && body[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    Some((&body[from..end], nl + 1))
}

/// Parses `body` into `post` (fields) and `files` (file parts).
pub(crate) fn parse_into(
    post: &mut PhpArray,
    files: &mut Vec<UploadedFile>,
    content_type: &str,
    body: &[u8],
    limits: &Limits,
) -> Result<(), ParamError> {
    let delim = [b"--", boundary(content_type)?.as_bytes()].concat();
    let next_delim = [b"\n", delim.as_slice()].concat();

    // The first delimiter opens a line; anything before it is preamble.
    let mut pos = if body.starts_with(&delim) {
        0
    } else {
        find(body, &next_delim, 0).ok_or_else(|| malformed("boundary not found in body"))? + 1
    };
    let mut count = 0usize;
    loop {
        let after = pos + delim.len();
        if body[after..].starts_with(b"--") {
            return Ok(()); // closing delimiter
        }
        // Rest of the delimiter line (transport padding) is ignored; a body that
        // simply stops after a delimiter (no closing `--`) is accepted, as PHP does.
        let Some((_, headers_start)) = line(body, after) else {
            return Ok(());
        };
        if body[headers_start..].iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }

        let mut headers: Vec<Vec<u8>> = Vec::new();
        let mut at = headers_start;
        loop {
            let (l, next) =
                line(body, at).ok_or_else(|| malformed("part headers are not terminated"))?;
            at = next;
            if l.is_empty() {
                break;
            }
            match (l[0], headers.last_mut()) {
                (b' ' | b'\t', Some(prev)) => prev.extend_from_slice(l), // folded line
                _ => headers.push(l.to_vec()),
            }
        }
        let data_start = at;
        let end = find(body, &next_delim, data_start)
            .ok_or_else(|| malformed("part is not terminated by the boundary"))?;
        let mut data = &body[data_start..end];
        if let Some(d) = data.strip_suffix(b"\r") {
            data = d;
        }
        pos = end + 1;

        count += 1;
        if count > limits.max_fields {
            return Err(ParamError::TooManyFields {
                origin: Origin::Body,
                limit: limits.max_fields,
            });
        }
        add_part(post, files, &headers, data, limits)?;
    }
}

fn header<'h>(headers: &'h [Vec<u8>], name: &str) -> Option<&'h [u8]> {
    headers.iter().find_map(|h| {
        let colon = h.iter().position(|&b| b == b':')?;
        let key = std::str::from_utf8(&h[..colon]).ok()?.trim();
        key.eq_ignore_ascii_case(name).then(|| &h[colon + 1..])
    })
}

fn add_part(
    post: &mut PhpArray,
    files: &mut Vec<UploadedFile>,
    headers: &[Vec<u8>],
    data: &[u8],
    limits: &Limits,
) -> Result<(), ParamError> {
    let Some(cd) = header(headers, "content-disposition") else {
        return Ok(()); // PHP skips parts it cannot name
    };
    let (name, filename) = disposition(cd);
    let Some(name) = name else {
        return Ok(());
    };
    let name = utf8(name, Origin::Body, None)?;
    if let Some(filename) = filename {
        files.push(UploadedFile {
            name,
            filename: String::from_utf8_lossy(&filename).into_owned(),
            content_type: header(headers, "content-type")
                .map(|v| String::from_utf8_lossy(v).trim().to_owned()),
            data: data.to_vec(),
        });
        return Ok(());
    }
    let value = utf8(data.to_vec(), Origin::Body, Some(&name))?;
    register(post, &name, value, limits.max_depth).map_err(|_| ParamError::TooDeep {
        origin: Origin::Body,
        limit: limits.max_depth,
    })
}

type Bytes = Vec<u8>;

/// `name` and `filename` parameters of a Content-Disposition value. Quoted values
/// may escape `"` and `\` with a backslash (curl does).
fn disposition(value: &[u8]) -> (Option<Bytes>, Option<Bytes>) {
    let (mut name, mut filename) = (None, None);
    let mut i = 0;
    while i < value.len() {
        // key up to '=' or ';'
        let key_start = i;
        while i < value.len() && value[i] != b'=' && value[i] != b';' {
            i += 1;
        }
        let key = value[key_start..i].trim_ascii().to_ascii_lowercase();
        let mut val = None;
        if i < value.len() && value[i] == b'=' {
            i += 1;
            while i < value.len() && value[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut v = Vec::new();
            if i < value.len() && value[i] == b'"' {
                i += 1;
                while i < value.len() && value[i] != b'"' {
                    if value[i] == b'\\' && matches!(value.get(i + 1), Some(b'"' | b'\\')) {
                        i += 1;
                    }
                    v.push(value[i]);
                    i += 1;
                }
                // skip closing quote and anything up to the next ';'
                while i < value.len() && value[i] != b';' {
                    i += 1;
                }
            } else {
                let start = i;
                while i < value.len() && value[i] != b';' {
                    i += 1;
                }
                v.extend_from_slice(value[start..i].trim_ascii());
            }
            val = Some(v);
        }
        i += 1; // past ';'
        match key.as_slice() {
            b"name" => name = val,
            b"filename" => filename = val,
            _ => {}
        }
    }
    (name, filename)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_forms() {
        assert_eq!(
            boundary("multipart/form-data; boundary=abc").unwrap(),
            "abc"
        );
        assert_eq!(
            boundary("multipart/form-data; BOUNDARY=\"a;b c\"; x=y").unwrap(),
            "a;b c"
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=abc; charset=utf-8").unwrap(),
            "abc"
        );
        assert!(boundary("multipart/form-data").is_err());
        assert!(boundary("multipart/form-data; boundary=").is_err());
        assert!(boundary("multipart/form-data; boundary=\"abc").is_err());
    }

    #[test]
    fn disposition_params() {
        let (n, f) = disposition(br#" form-data; name="a[b]"; filename="x.txt""#);
        assert_eq!(n.unwrap(), b"a[b]");
        assert_eq!(f.unwrap(), b"x.txt");
        let (n, f) = disposition(br#"form-data; NAME=plain ; foo="bar;baz""#);
        assert_eq!(n.unwrap(), b"plain");
        assert!(f.is_none());
        let (n, _) = disposition(br#"form-data; name="say \"hi\"""#);
        assert_eq!(n.unwrap(), br#"say "hi""#);
    }
}
