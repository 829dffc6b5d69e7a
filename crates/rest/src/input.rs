//! Typed reads of action parameters. Where the original dies on a value of the wrong shape
//! (a PHP `TypeError`, HTTP 500), these answer `NoData` instead.

use chrono::NaiveDateTime;

use crate::errors::{ActionResult, RestError};
use crate::params::{Field, Param, PhpArray};

const WRONG: RestError = RestError::Key("NoData");

/// A scalar: `None` when absent; an array is refused.
pub fn scalar(f: Field<'_>) -> ActionResult<Option<&str>> {
    match f.param() {
        None => Ok(None),
        Some(Param::Str(s)) => Ok(Some(s)),
        Some(Param::Array(_)) => Err(WRONG),
    }
}

/// A scalar, `""` when absent.
pub fn text(f: Field<'_>) -> ActionResult<&str> {
    Ok(scalar(f)?.unwrap_or(""))
}

/// A non-empty scalar (PHP `!empty()`), else `NoData`.
pub fn required(f: Field<'_>) -> ActionResult<&str> {
    match scalar(f)? {
        Some(s) if crate::params::truthy(s) => Ok(s),
        _ => Err(WRONG),
    }
}

/// PHP `(int)` of a scalar; absent is 0.
pub fn int(f: Field<'_>) -> ActionResult<i64> {
    Ok(scalar(f)?.map_or(0, crate::params::intval))
}

/// An array parameter; absent is `None`, a scalar is refused.
pub fn array(f: Field<'_>) -> ActionResult<Option<&PhpArray>> {
    match f.param() {
        None => Ok(None),
        Some(Param::Array(a)) => Ok(Some(a)),
        Some(Param::Str(_)) => Err(WRONG),
    }
}

/// The scalar members of an array parameter (`list_users[]=…`); absent is empty.
pub fn list(f: Field<'_>) -> ActionResult<Vec<&str>> {
    match array(f)? {
        None => Ok(Vec::new()),
        Some(a) => a
            .values()
            .map(|v| v.as_str().ok_or(WRONG))
            .collect::<ActionResult<Vec<_>>>(),
    }
}

/// The access URL a listing is about (`id_campus`): the given id when positive, else URL 1.
pub fn campus(f: Field<'_>) -> ActionResult<i64> {
    Ok(match int(f)? {
        n if n > 0 => n,
        _ => chamilo_core::urls::DEFAULT_URL_ID,
    })
}

/// `YYYY-MM-DD HH:MM[:SS]` as the session actions take it.
pub fn strict_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// The first present parameter among names the original and its documentation disagree on
/// (e.g. `modelSessionId` in the code, `model_session_id` in the documented curl call).
pub fn first_of<'a>(fields: impl IntoIterator<Item = Field<'a>>) -> Field<'a> {
    fields
        .into_iter()
        .find(|f| f.is_set())
        .unwrap_or(Field(None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::gather;

    #[test]
    fn shapes() {
        let p = gather(
            "POST",
            "",
            Some("application/x-www-form-urlencoded"),
            b"a=1&b[]=x&c=&l[]=2&l[]=3&n[0][x]=1",
            &Default::default(),
        )
        .unwrap();
        assert_eq!(scalar(p.post("a")).unwrap(), Some("1"));
        assert_eq!(scalar(p.post("b")), Err(WRONG));
        assert_eq!(required(p.post("c")), Err(WRONG));
        assert_eq!(required(p.post("zz")), Err(WRONG));
        assert_eq!(int(p.post("a")).unwrap(), 1);
        assert_eq!(list(p.post("l")).unwrap(), ["2", "3"]);
        assert_eq!(list(p.post("a")), Err(WRONG));
        assert_eq!(list(p.post("n")), Err(WRONG));
        assert!(list(p.post("zz")).unwrap().is_empty());
        assert!(strict_datetime("2020-09-10 00:00:00").is_some());
        assert!(strict_datetime("2020-09-10 00:00").is_some());
        assert!(strict_datetime("2020-09-10").is_none());
        assert!(strict_datetime("2020-02-30 00:00").is_none());
    }
}
