//! `bangban faq search`: the matcher on the command line, for evaluations and maintainers. The knowledge base is
//! JSON or CSV in the interchange format (see [`crate::kb_io::parse_for_search`]).

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use bangban_core::kb::KbSnapshot;
use bangban_core::matcher::{Matcher, with_built_in_lexicon};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    q: &'a str,
    answer: Option<&'a str>,
    suggestions: &'a [String],
}

/// Answers every line of `input` with one JSON line on `output`.
pub fn search(
    kb: &Path,
    item: Option<&str>,
    input: impl BufRead,
    mut output: impl Write,
) -> anyhow::Result<()> {
    let (text, note) = crate::kb_io::read_text(kb)?;
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let csv = kb
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    let (file, problems) = crate::kb_io::parse_for_search(&text, csv)
        .with_context(|| format!("parsing {}", kb.display()))?;
    if !problems.is_empty() {
        eprintln!(
            "warning: {} problem(s) in {} that `bangban kb import` would refuse; searching anyway:",
            problems.len(),
            kb.display()
        );
        for p in problems.iter().take(20) {
            eprintln!("  {p}");
        }
    }
    // As the server publishes it: with the built-in synonym groups.
    let matcher = Matcher::new(&with_built_in_lexicon(KbSnapshot {
        version: 0,
        entries: file.entries,
        synonyms: file.synonyms,
        traditional: String::new(),
    }));
    // Line by line as bytes: a line that is not UTF-8 (a file saved as GBK, a stray byte) is read with U+FFFD
    // in place of its bad bytes and reported on stderr, and every line still gets its output line, so the
    // outputs stay in step with the questions. A byte-order mark in front of the first line is dropped.
    for (number, line) in input.split(b'\n').enumerate() {
        let line = line?;
        let mut bytes = line.strip_suffix(b"\r").unwrap_or(&line);
        if number == 0 {
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        let text = String::from_utf8_lossy(bytes);
        if let std::borrow::Cow::Owned(_) = text {
            eprintln!(
                "warning: line {} is not UTF-8; its bad bytes are read as U+FFFD",
                number + 1
            );
        }
        let q = &*text;
        let outcome = matcher.decide(q, item);
        let row = Line {
            q,
            answer: outcome.answer(),
            suggestions: outcome.suggestions(),
        };
        serde_json::to_writer(&mut output, &row)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(())
}
