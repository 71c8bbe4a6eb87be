//! Text rules shared by the browser and the server: normalisation for matching, message validation.

use std::str::Utf8Error;

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

/// Calls `f` with each run of `text` that [`normalize`] keeps whole: the parts between the characters it
/// turns into spaces, so that `normalize(text)` is the runs, each normalised, joined by single spaces.
/// Finding them reads the bytes without decoding: a character's first byte, and for a few, the next.
///
/// `text` need not be UTF-8: the characters between the runs are checked here, and the runs are `f`'s to
/// check (when every run is UTF-8 and this returns `Ok`, `text` is UTF-8; for a text that is, the runs are
/// exactly those of `normalize`). The first error, `f`'s or this one's, ends the walk.
pub(crate) fn for_each_run<'a, E: From<Utf8Error>>(
    text: &'a [u8],
    mut f: impl FnMut(&'a [u8]) -> Result<(), E>,
) -> Result<(), E> {
    let next = |i: usize| text.get(i).copied().unwrap_or(0);
    let mut start = 0;
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        // Most characters are CJK of U+5000..U+9FFF, each kept: skip them in a tight loop.
        if LEAD[b as usize] == CJK {
            i += 3;
            while text.get(i).is_some_and(|&b| LEAD[b as usize] == CJK) {
                i += 3;
            }
            continue;
        }
        let (kept, width) = match LEAD[b as usize] {
            CJK => (true, 3),
            KEPT => (true, 1),
            CUT => (false, 1),
            // U+3000..U+3FFF: CJK from U+3400 (E3 90 80).
            E3 => (next(i + 1) >= 0x90, 3),
            // U+4000..U+4FFF: CJK but for U+4DC0..U+4DFF (E4 B7 xx).
            E4 => (next(i + 1) != 0xB7, 3),
            // U+F000..U+FFFF: the full-width digits and letters are kept (EF BC 90..99, A1..BA; EF BD 81..9A).
            EF => {
                let last = next(i + 2);
                let kept = match next(i + 1) {
                    0xBC => matches!(last, 0x90..=0x99 | 0xA1..=0xBA),
                    0xBD => matches!(last, 0x81..=0x9A),
                    _ => false,
                };
                (kept, 3)
            }
            // Any other character is cut: two, three or four bytes long, or no character at all.
            width => (false, width as usize),
        };
        if !kept {
            if start < i {
                f(&text[start..i])?;
            }
            // A cut character is no run's: it is checked here. Punctuation (E3 and EF: 、。，？：（）)
            // needs only its two continuation bytes checked.
            let continued = |at: usize| next(at) & 0xC0 == 0x80;
            let punctuation = matches!(b, 0xE3 | 0xEF) && continued(i + 1) && continued(i + 2);
            if b >= 0x80 && !punctuation {
                std::str::from_utf8(&text[i..(i + width).min(text.len())])?;
            }
            start = i + width;
        }
        i += width;
    }
    if start < text.len() {
        f(&text[start..])?;
    }
    Ok(())
}

/// What [`for_each_run`] learns from a character's first byte: its width when it is cut whatever follows
/// (2, 3 or 4), an ASCII character kept or cut, a character of U+5000..U+9FFF (CJK), or a first byte whose
/// character needs the next bytes (E3, E4, EF).
const LEAD: [u8; 256] = {
    let mut lead = [0; 256];
    let mut b = 0;
    while b < 256 {
        lead[b] = match b as u8 {
            c if c.is_ascii_alphanumeric() => KEPT,
            0..=0x7F => CUT,
            // Not a first byte (never at a character's start in UTF-8): cut, and found not UTF-8.
            0x80..=0xBF => CUT,
            0xC0..=0xDF => 2,
            0xE3 => E3,
            0xE4 => E4,
            0xE5..=0xE9 => CJK,
            0xEF => EF,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
        };
        b += 1;
    }
    lead
};
const CJK: u8 = 10;
const KEPT: u8 = 11;
const CUT: u8 = 12;
const E3: u8 = 13;
const E4: u8 = 14;
const EF: u8 = 15;

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
    fn runs_are_what_normalize_keeps_whole() {
        let mut texts: Vec<String> = [
            "  居住证，怎么ＢＡＮ？？ ",
            "ＡＢＣ１２３",
            "！！！",
            "é𠀀办理ß 㐀䶿䷀䷿一鿿\u{3000}x〇ぁ",
            "",
            "a",
            "办理浦东新区人才公寓补贴申领（第2批），要带什么？",
        ]
        .map(String::from)
        .to_vec();
        // Every character around the edges of the ranges that the byte test takes apart.
        let edges = [
            0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x80,
            0xE9, 0x7FF, 0x800, 0x2014, 0x2FFF, 0xD7FF, 0xE000, 0x3000, 0x3001, 0x33FF, 0x3400,
            0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x4FFF, 0x5000, 0x9FFF, 0xA000, 0xFF0F, 0xFF10, 0xFF19,
            0xFF1A, 0xFF20, 0xFF21, 0xFF3A, 0xFF3B, 0xFF40, 0xFF41, 0xFF5A, 0xFF5B, 0xFF5E, 0xFF5F,
            0xFFFD, 0x1F600, 0x20000,
        ];
        for a in edges {
            for b in edges {
                let pair = [a, b].map(|c| char::from_u32(c).unwrap());
                texts.push(format!("{}办{}{}x", pair[0], pair[1], pair[0]));
            }
        }
        for text in &texts {
            let mut runs = Vec::new();
            let walk = for_each_run(text.as_bytes(), |run| {
                runs.push(normalize(std::str::from_utf8(run)?));
                Ok::<_, Utf8Error>(())
            });
            assert!(walk.is_ok(), "{text}");
            assert!(
                runs.iter().all(|r| !r.is_empty() && !r.contains(' ')),
                "{text}"
            );
            assert_eq!(runs.join(" "), normalize(text), "{text}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_found_in_a_run_or_between() {
        // Two texts, and each with bytes changed, put in or cut off, many times over.
        let samples: [&[u8]; 2] = [
            "办理居住证，要带什么？ＡＢ１２ab".as_bytes(),
            "é𠀀办理ß 㐀䶿䷀䷿一鿿\u{3000}x〇ぁ、—".as_bytes(),
        ];
        let mut seed = 7u32;
        let mut random = |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as usize % n.max(1)
        };
        let odd = [
            0x80, 0xBF, 0xC0, 0xC1, 0xE0, 0xE5, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x20, b'a',
        ];
        let mut texts: Vec<Vec<u8>> = samples.iter().map(|s| s.to_vec()).collect();
        for _ in 0..5_000 {
            let mut text = samples[random(2)].to_vec();
            for _ in 0..1 + random(2) {
                match random(3) {
                    0 if !text.is_empty() => {
                        let at = random(text.len());
                        text[at] = odd[random(odd.len())];
                    }
                    1 => text.truncate(random(text.len())),
                    _ => text.insert(random(text.len() + 1), odd[random(odd.len())]),
                }
            }
            texts.push(text);
        }
        let valid = texts
            .iter()
            .filter(|t| std::str::from_utf8(t).is_ok())
            .count();
        assert!(valid > 100 && valid < 4_000, "{valid}");
        for text in &texts {
            let walk = for_each_run(text, |run| {
                std::str::from_utf8(run)?;
                Ok::<_, Utf8Error>(())
            });
            assert_eq!(walk.is_ok(), std::str::from_utf8(text).is_ok(), "{text:?}");
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
