//! `bangban faq search`: the matcher on the command line, for evaluations and maintainers.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use bangban_core::kb::{KbFile, KbSnapshot};
use bangban_core::matcher::Matcher;
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
    let text = std::fs::read_to_string(kb).with_context(|| format!("reading {}", kb.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file: KbFile =
        serde_json::from_str(text).with_context(|| format!("parsing {}", kb.display()))?;
    let matcher = Matcher::new(&KbSnapshot {
        version: 0,
        entries: file.entries,
        synonyms: file.synonyms,
    });
    for line in input.lines() {
        let line = line?;
        let q = line.trim_end_matches('\r');
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
