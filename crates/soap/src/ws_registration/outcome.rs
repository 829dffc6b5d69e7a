//! What registration.soap.php makes of a core answer. The original answers a refusal as data
//! (`0`, an empty struct, a text), never as a fault; only a database failure is the call's fault.

use chamilo_core::{CoreError, CoreResult};

use crate::call::Call;
use crate::errors::{Family, Fault};

/// The core's answer with a database failure taken out as the call's fault; a refusal is
/// logged and handed back for the handler to word.
pub fn refusal<T>(call: &Call<'_>, res: CoreResult<T>) -> Result<CoreResult<T>, Fault> {
    match res {
        Err(e @ CoreError::Storage(_)) => Err(call.fail_as(Family::Plain, e)),
        Err(e) => {
            crate::errors::log(call.op, &e);
            Ok(Err(e))
        }
        ok => Ok(ok),
    }
}

/// Whether the core did it (`1`) or refused (`0`).
pub fn done<T>(call: &Call<'_>, res: CoreResult<T>) -> Result<bool, Fault> {
    Ok(refusal(call, res)?.is_ok())
}

/// `"1"` done, `"0"` refused: the answer of most operations, as a string (Q7).
pub fn one_or_zero<T>(call: &Call<'_>, res: CoreResult<T>) -> Result<crate::codec::Typed, Fault> {
    let text = if done(call, res)? { "1" } else { "0" };
    Ok(crate::codec::Typed::Str(text.into()))
}

/// `"1"` done, `""` refused: PHP's `true` and `false` as strings, the answer of operations whose
/// original answered a boolean.
pub fn one_or_empty<T>(call: &Call<'_>, res: CoreResult<T>) -> Result<crate::codec::Typed, Fault> {
    let text = if done(call, res)? { "1" } else { "" };
    Ok(crate::codec::Typed::Str(text.into()))
}
