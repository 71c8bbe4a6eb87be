//! Text rules shared by the browser and the server: normalisation for matching, message validation.

use crate::protocol::{ErrorBody, MAX_CLIENT_ID_LEN, MAX_MESSAGE_CHARS};

/// Folds full-width forms to ASCII, lowercases ASCII and turns punctuation and spaces into single spaces.
///
/// CJK characters, ASCII letters and digits survive; everything else separates words.
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.chars() {
        let c = fold_width(c).to_ascii_lowercase();
        if is_cjk(c) || c.is_ascii_alphanumeric() {
            out.push(c);
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// [`normalize`] into a vector of characters, without the intermediate string.
pub(crate) fn normalize_chars(input: &str, out: &mut Vec<char>) {
    out.reserve(input.len() / 3 + 1);
    let mut last_space = true;
    for c in input.chars() {
        if is_cjk(c) {
            out.push(c);
            last_space = false;
            continue;
        }
        let c = fold_width(c).to_ascii_lowercase();
        if is_cjk(c) || c.is_ascii_alphanumeric() {
            out.push(c);
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    if out.last() == Some(&' ') {
        out.pop();
    }
}

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their ASCII forms.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// CJK unified ideographs (the basic block and extension A), the characters citizens type.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Checks a chat message before it is sent or stored; the error is safe to show to the user.
pub fn validate_message(text: &str) -> Result<(), ErrorBody> {
    if text.trim().is_empty() {
        return Err(error("empty_message", "消息不能为空"));
    }
    let chars = text.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(error(
            "message_too_long",
            &format!("消息过长：最多 {MAX_MESSAGE_CHARS} 字，当前 {chars} 字"),
        ));
    }
    Ok(())
}

/// Checks a client-chosen message id: non-empty, short, printable ASCII.
pub fn validate_client_id(id: &str) -> Result<(), ErrorBody> {
    let ok =
        !id.is_empty() && id.len() <= MAX_CLIENT_ID_LEN && id.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(error("bad_client_id", "消息编号无效"))
    }
}

fn error(code: &str, message: &str) -> ErrorBody {
    ErrorBody {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_width_case_and_punctuation() {
        assert_eq!(normalize("  居住证，怎么ＢＡＮ？？ "), "居住证 怎么ban");
        assert_eq!(normalize("ＡＢＣ１２３"), "abc123");
        assert_eq!(normalize("！！！"), "");
    }

    #[test]
    fn normalize_chars_agrees_with_normalize() {
        for text in [
            "  居住证，怎么ＢＡＮ？？ ",
            "ＡＢＣ１２３",
            "！！！",
            "é𠀀办理ß 㐀䶿一鿿\u{3000}x",
            "",
        ] {
            let mut chars = Vec::new();
            normalize_chars(text, &mut chars);
            assert_eq!(chars.iter().collect::<String>(), normalize(text), "{text}");
        }
    }

    #[test]
    fn message_limits_count_characters_not_bytes() {
        assert!(validate_message(&"办".repeat(MAX_MESSAGE_CHARS)).is_ok());
        let err = validate_message(&"办".repeat(MAX_MESSAGE_CHARS + 1)).unwrap_err();
        assert_eq!(err.code, "message_too_long");
        assert_eq!(validate_message("  \n ").unwrap_err().code, "empty_message");
    }

    #[test]
    fn client_ids_are_short_printable_ascii() {
        assert!(validate_client_id("m-1a2b").is_ok());
        assert!(validate_client_id("").is_err());
        assert!(validate_client_id("有中文").is_err());
        assert!(validate_client_id(&"x".repeat(MAX_CLIENT_ID_LEN + 1)).is_err());
    }
}
