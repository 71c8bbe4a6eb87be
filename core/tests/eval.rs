//! The matcher against the labelled question set (`data/eval/labelled.jsonl`) and the demo knowledge base.
//!
//! Run with `cargo test -p bangban-core --test eval -- --nocapture` to see the figures. The assertions hold
//! the targets of issue 3 where the matcher meets them, so a regression fails the build.

use std::collections::BTreeMap;

use bangban_core::kb::{KbFile, KbSnapshot};
use bangban_core::matcher::Matcher;
use serde::Deserialize;

/// One labelled question.
#[derive(Deserialize)]
struct Labelled {
    q: String,
    expect: Option<String>,
    item: Option<String>,
    kind: String,
}

/// Counts over a set of labelled questions.
#[derive(Default, Clone, Copy)]
struct Tally {
    answerable: usize,
    right: usize,
    first: usize,
    top3: usize,
    unanswerable: usize,
    declined: usize,
    wrong: usize,
}

impl Tally {
    fn all(&self) -> usize {
        self.answerable + self.unanswerable
    }

    fn add(&mut self, case: &Labelled, answer: Option<&str>, top3: &[&str]) {
        match &case.expect {
            Some(expect) => {
                self.answerable += 1;
                self.right += usize::from(answer == Some(expect.as_str()));
                self.first += usize::from(top3.first() == Some(&expect.as_str()));
                self.top3 += usize::from(top3.contains(&expect.as_str()));
                self.wrong += usize::from(answer.is_some_and(|a| a != expect));
            }
            None => {
                self.unanswerable += 1;
                self.declined += usize::from(answer.is_none());
                self.wrong += usize::from(answer.is_some());
            }
        }
    }

    fn right_rate(&self) -> f64 {
        ratio(self.right, self.answerable)
    }

    fn top3_rate(&self) -> f64 {
        ratio(self.top3, self.answerable)
    }

    fn wrong_rate(&self) -> f64 {
        ratio(self.wrong, self.all())
    }

    fn declined_rate(&self) -> f64 {
        ratio(self.declined, self.unanswerable)
    }

    fn line(&self, label: &str) -> String {
        format!(
            "{label:<14} n={:<4} right {:>3}/{:<3} {:>5.1}%  first {:>5.1}%  top3 {:>3}/{:<3} {:>5.1}%  wrong {:>3}/{:<3} {:>4.1}%  declined {:>3}/{:<3} {:>5.1}%",
            self.all(),
            self.right,
            self.answerable,
            100.0 * self.right_rate(),
            100.0 * ratio(self.first, self.answerable),
            self.top3,
            self.answerable,
            100.0 * self.top3_rate(),
            self.wrong,
            self.all(),
            100.0 * self.wrong_rate(),
            self.declined,
            self.unanswerable,
            100.0 * self.declined_rate(),
        )
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

fn load() -> (Matcher, Vec<Labelled>) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../data");
    let kb = std::fs::read_to_string(format!("{root}/demo-kb.json")).expect("demo-kb.json");
    let file: KbFile = serde_json::from_str(&kb).expect("parse demo-kb.json");
    let matcher = Matcher::new(&KbSnapshot {
        version: 0,
        entries: file.entries,
        synonyms: file.synonyms,
    });
    let labelled =
        std::fs::read_to_string(format!("{root}/eval/labelled.jsonl")).expect("labelled");
    let cases = labelled
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("parse labelled line"))
        .collect();
    (matcher, cases)
}

/// Runs every case; returns the tally of all, of the even and odd lines (a 2-fold check), and of each kind.
fn evaluate(matcher: &Matcher, cases: &[Labelled]) -> (Tally, [Tally; 2], BTreeMap<String, Tally>) {
    let mut all = Tally::default();
    let mut halves = [Tally::default(); 2];
    let mut kinds: BTreeMap<String, Tally> = BTreeMap::new();
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    for (i, case) in cases.iter().enumerate() {
        let outcome = matcher.decide(&case.q, case.item.as_deref());
        let answer = outcome.answer();
        let top3: Vec<&str> = answer
            .into_iter()
            .chain(outcome.suggestions().iter().map(String::as_str))
            .take(3)
            .collect();
        all.add(case, answer, &top3);
        halves[i % 2].add(case, answer, &top3);
        kinds
            .entry(case.kind.clone())
            .or_default()
            .add(case, answer, &top3);
        let ok = answer == case.expect.as_deref();
        if verbose && !ok {
            eprintln!(
                "MISS {:<11} expect {:<9} got {:<9} top3 {:?} | {} [{}]",
                case.kind,
                case.expect.as_deref().unwrap_or("-"),
                answer.unwrap_or("-"),
                top3,
                case.q,
                case.item.as_deref().unwrap_or("")
            );
        }
    }
    (all, halves, kinds)
}

#[test]
fn labelled_set_meets_the_targets() {
    let (matcher, cases) = load();
    let (all, halves, kinds) = evaluate(&matcher, &cases);
    eprintln!("{}", all.line("all"));
    eprintln!("{}", halves[0].line("even lines"));
    eprintln!("{}", halves[1].line("odd lines"));
    for (kind, tally) in &kinds {
        eprintln!("{}", tally.line(kind));
    }
    assert_eq!(
        cases.len(),
        526,
        "the labelled set changed: update this test"
    );

    // Targets of issue 3 that the matcher meets, on the whole set.
    assert!(all.top3_rate() >= 0.97, "top 3: {}", all.line("all"));
    assert!(
        all.wrong_rate() <= 0.03,
        "wrong answers: {}",
        all.line("all")
    );
    assert!(all.declined_rate() >= 0.85, "declined: {}", all.line("all"));
    // NOT met: the issue asks for 90% answered right. The matcher ranks the expected entry first for 87.6%
    // of answerable questions, but answers confidently only 47.6% (199/418): sibling entries of one service
    // item share most of their words, so the runner-up is often close and a confident answer would too often
    // be wrong. This holds the level reached (minus a small margin) so that it can only go up.
    assert!(
        all.right_rate() >= 0.45,
        "answered right: {}",
        all.line("all")
    );

    // The 2-fold check: each half alone, with a little slack for the smaller samples.
    for (name, half) in ["even lines", "odd lines"].iter().zip(&halves) {
        assert!(half.top3_rate() >= 0.95, "{}", half.line(name));
        assert!(half.wrong_rate() <= 0.05, "{}", half.line(name));
        assert!(half.declined_rate() >= 0.85, "{}", half.line(name));
        assert!(half.right_rate() >= 0.43, "{}", half.line(name));
    }
}
