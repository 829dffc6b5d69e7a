//! Course code generation: upper-case, restricted characters, a variation when taken.

pub const MAX_CODE_LEN: usize = 40;

/// Derives a code from a wanted code or a title: ASCII-folded, upper-cased, only `A-Z0-9_`
/// kept, at most 40 characters.
pub fn code_from_title(text: &str) -> String {
    let mut code = String::new();
    for c in text.chars() {
        if c.is_ascii() {
            push_code_char(&mut code, c);
        } else {
            fold_accent(c)
                .chars()
                .for_each(|f| push_code_char(&mut code, f));
        }
    }
    code.truncate(MAX_CODE_LEN);
    code
}

fn push_code_char(code: &mut String, c: char) {
    let up = c.to_ascii_uppercase();
    if up.is_ascii_alphanumeric() || up == '_' {
        code.push(up);
    }
}

/// The candidates tried in order until one is free: CODE, CODE1, CODE2, …
/// (keeping the whole within the maximum length).
pub fn unique_code_candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_string()).chain((1u32..).map(move |n| {
        let suffix = n.to_string();
        let keep = MAX_CODE_LEN.saturating_sub(suffix.len()).min(base.len());
        format!("{}{}", &base[..keep], suffix)
    }))
}

/// ASCII letters for the accented Latin letters titles commonly carry; others are dropped.
fn fold_accent(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'æ' | 'Æ' => "AE",
        'ç' | 'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' | 'Ñ' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'œ' | 'Œ' => "OE",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' | 'Ý' => "Y",
        'ß' => "SS",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_titles() {
        assert_eq!(code_from_title("Physics 101"), "PHYSICS101");
        assert_eq!(code_from_title("Économie & société"), "ECONOMIESOCIETE");
        assert_eq!(code_from_title("a_b-c"), "A_BC");
        assert_eq!(code_from_title(&"x".repeat(60)).len(), MAX_CODE_LEN);
        assert_eq!(code_from_title("日本"), "");
    }

    #[test]
    fn variations_when_taken() {
        let c: Vec<String> = unique_code_candidates("PHYS").take(3).collect();
        assert_eq!(c, ["PHYS", "PHYS1", "PHYS2"]);
        let long = "X".repeat(40);
        let second = unique_code_candidates(&long).nth(1).unwrap();
        assert_eq!(second.len(), 40);
        assert!(second.ends_with('1'));
    }
}
