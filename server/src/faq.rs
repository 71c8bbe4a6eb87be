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
    let text = std::fs::read_to_string(kb).with_context(|| format!("reading {}", kb.display()))?;
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
