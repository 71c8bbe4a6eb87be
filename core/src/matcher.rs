//! The FAQ matcher behind 小申: the same code answers in the widget (wasm), the server and the CLI.
//!
//! Chinese has no spaces, so texts become character bigrams (plus single characters and ASCII words),
//! weighted by inverse document frequency. Synonym groups are folded to their canonical word first, so
//! 公积金 and 住房公积金 meet. An entry is scored by its best-matching phrasing (standard question or one of
//! its similar questions), blending how much of the query it covers with how much of itself the query covers.
//!
//! The outcome is deliberately three-way: a confident answer, up to three "您是不是想问" suggestions, or
//! nothing. A confident wrong answer is worse than handing over to a person.

use std::collections::HashMap;

use crate::kb::KbSnapshot;
use crate::text::{is_cjk, normalize};

/// Score from which the best entry is shown as the answer.
pub const ANSWER_THRESHOLD: f32 = 0.52;
/// Score from which an entry is offered as a suggestion.
pub const SUGGEST_THRESHOLD: f32 = 0.28;
/// How far the best entry must lead the runner-up to be answered outright.
pub const ANSWER_MARGIN: f32 = 0.04;
/// Most suggestions offered.
pub const MAX_SUGGESTIONS: usize = 3;
/// Bonus factor for entries of the page's service item.
const ITEM_BOOST: f32 = 1.12;
/// Words that carry no meaning for matching ("怎么", "请问" ...): dropped from queries and entries alike.
const STOP_WORDS: [&str; 24] = [
    "请问",
    "怎么",
    "怎样",
    "如何",
    "什么",
    "一下",
    "可以",
    "能不能",
    "是不是",
    "我想",
    "我要",
    "你好",
    "您好",
    "谢谢",
    "需要",
    "哪里",
    "哪些",
    "多少",
    "为什么",
    "时候",
    "一个",
    "这个",
    "那个",
    "麻烦",
];
/// Single characters too common to count on their own.
const STOP_CHARS: &str = "的了吗呢啊吧呀么我你他她它们是在有和与及或要想请问个这那就都也还";

/// The matcher's verdict on one question.
#[derive(Clone, Debug, PartialEq)]
pub enum MatchOutcome {
    /// Confident: show this entry's answer. `also` are the next best, for "相关问题".
    Answer {
        /// The answered entry's id.
        id: String,
        /// Its score.
        score: f32,
        /// Other plausible entries, best first.
        also: Vec<String>,
    },
    /// Not confident: offer these (at most [`MAX_SUGGESTIONS`]) under "您是不是想问".
    Suggest(Vec<String>),
    /// Nothing plausible.
    NoMatch,
}

impl MatchOutcome {
    /// The answered entry, if confident.
    pub fn answer(&self) -> Option<&str> {
        match self {
            MatchOutcome::Answer { id, .. } => Some(id),
            _ => None,
        }
    }

    /// What would be offered as suggestions.
    pub fn suggestions(&self) -> &[String] {
        match self {
            MatchOutcome::Answer { also, .. } => also,
            MatchOutcome::Suggest(ids) => ids,
            MatchOutcome::NoMatch => &[],
        }
    }
}

/// One scored entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// Index into the snapshot's entries.
    pub entry: usize,
    /// Score in 0..=1 (item boost may lift it slightly above).
    pub score: f32,
}

/// One phrasing of an entry, as token ids with their weights.
struct Phrasing {
    entry: usize,
    weight: f32,
}

/// An index over a knowledge-base snapshot.
pub struct Matcher {
    ids: Vec<String>,
    items: Vec<Option<String>>,
    synonyms: Vec<(Vec<char>, String)>,
    vocab: HashMap<String, u32>,
    idf: Vec<f32>,
    unknown_idf: f32,
    phrasings: Vec<Phrasing>,
    postings: Vec<Vec<u32>>,
}

impl Matcher {
    /// Builds the index. Cost is linear in the snapshot's text.
    pub fn new(snapshot: &KbSnapshot) -> Matcher {
        let synonyms = synonym_table(&snapshot.synonyms);
        let mut vocab = HashMap::new();
        let mut raw = Vec::new();
        for (i, e) in snapshot.entries.iter().enumerate() {
            let keywords = e.keywords.join(" ");
            for text in std::iter::once(&e.question).chain(&e.similar) {
                let combined = format!("{text} {keywords}");
                raw.push((i, intern(&tokens(&combined, &synonyms), &mut vocab)));
            }
        }
        let mut df = vec![0u32; vocab.len()];
        for (_, toks) in &raw {
            for &t in toks {
                df[t as usize] += 1;
            }
        }
        let n = raw.len().max(1) as f32;
        let idf: Vec<f32> = df.iter().map(|&d| (1.0 + n / d as f32).ln()).collect();
        let unknown_idf = (1.0 + n).ln() * 0.6;
        let mut postings = vec![Vec::new(); vocab.len()];
        let phrasings = raw
            .into_iter()
            .enumerate()
            .map(|(p, (entry, toks))| {
                for &t in &toks {
                    postings[t as usize].push(p as u32);
                }
                let weight = toks.iter().map(|&t| idf[t as usize]).sum();
                Phrasing { entry, weight }
            })
            .collect();
        Matcher {
            ids: snapshot.entries.iter().map(|e| e.id.clone()).collect(),
            items: snapshot.entries.iter().map(|e| e.item.clone()).collect(),
            synonyms,
            vocab,
            idf,
            unknown_idf,
            phrasings,
            postings,
        }
    }

    /// Number of indexed entries.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of the entry at `index`.
    pub fn id(&self, index: usize) -> &str {
        &self.ids[index]
    }

    /// Decides what 小申 does with `query` on a page of service item `item`.
    pub fn decide(&self, query: &str, item: Option<&str>) -> MatchOutcome {
        let ranked = self.rank(query, item);
        let Some(best) = ranked.first() else {
            return MatchOutcome::NoMatch;
        };
        let runner_up = ranked.get(1).map_or(0.0, |s| s.score);
        let others = |skip: usize| -> Vec<String> {
            ranked
                .iter()
                .skip(skip)
                .filter(|s| s.score >= SUGGEST_THRESHOLD)
                .take(MAX_SUGGESTIONS)
                .map(|s| self.ids[s.entry].clone())
                .collect()
        };
        if best.score >= ANSWER_THRESHOLD && best.score - runner_up >= ANSWER_MARGIN {
            MatchOutcome::Answer {
                id: self.ids[best.entry].clone(),
                score: best.score,
                also: others(1),
            }
        } else if best.score >= SUGGEST_THRESHOLD {
            MatchOutcome::Suggest(others(0))
        } else {
            MatchOutcome::NoMatch
        }
    }

    /// All entries sharing anything with `query`, best first, one score per entry.
    pub fn rank(&self, query: &str, item: Option<&str>) -> Vec<Scored> {
        let (known, unknown_weight) = self.query_tokens(query);
        let query_weight: f32 =
            known.iter().map(|&t| self.idf[t as usize]).sum::<f32>() + unknown_weight;
        if known.is_empty() || query_weight <= 0.0 {
            return Vec::new();
        }
        let mut overlap: HashMap<u32, f32> = HashMap::new();
        for &t in &known {
            for &p in &self.postings[t as usize] {
                *overlap.entry(p).or_default() += self.idf[t as usize];
            }
        }
        let mut best: HashMap<usize, f32> = HashMap::new();
        for (p, shared) in overlap {
            let phrasing = &self.phrasings[p as usize];
            let score = blend(shared / query_weight, shared / phrasing.weight.max(1e-6));
            let boosted = if item.is_some() && self.items[phrasing.entry].as_deref() == item {
                score * ITEM_BOOST
            } else {
                score
            };
            let slot = best.entry(phrasing.entry).or_default();
            *slot = slot.max(boosted);
        }
        let mut ranked: Vec<Scored> = best
            .into_iter()
            .map(|(entry, score)| Scored { entry, score })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        ranked
    }

    /// The query's known token ids (deduplicated) and the weight of the tokens the index has never seen.
    fn query_tokens(&self, query: &str) -> (Vec<u32>, f32) {
        let mut known = Vec::new();
        let mut unknown = 0.0;
        for tok in tokens(query, &self.synonyms) {
            match self.vocab.get(&tok) {
                Some(&id) if !known.contains(&id) => known.push(id),
                Some(_) => {}
                None => unknown += self.unknown_idf * token_share(&tok),
            }
        }
        (known, unknown)
    }
}

/// Unseen single characters weigh less than unseen bigrams: they are often filler.
fn token_share(tok: &str) -> f32 {
    if tok.chars().count() == 1 { 0.3 } else { 1.0 }
}

/// Blends query coverage and phrasing coverage. Long rambling questions cover little of themselves, so
/// the phrasing's coverage weighs more.
fn blend(query_cover: f32, phrasing_cover: f32) -> f32 {
    (query_cover.min(1.0).powf(0.35) * phrasing_cover.min(1.0).powf(0.65)).min(1.0)
}

fn intern(toks: &[String], vocab: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut ids: Vec<u32> = Vec::with_capacity(toks.len());
    for t in toks {
        let next = vocab.len() as u32;
        let id = *vocab.entry(t.clone()).or_insert(next);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// Synonym variants as char sequences, longest first, each mapped to its group's canonical word.
fn synonym_table(groups: &[Vec<String>]) -> Vec<(Vec<char>, String)> {
    let mut table: Vec<(Vec<char>, String)> = groups
        .iter()
        .filter_map(|g| Some((g.first()?, g)))
        .flat_map(|(canon, g)| {
            let canon = normalize(canon);
            g.iter()
                .map(move |v| (normalize(v).chars().collect::<Vec<_>>(), canon.clone()))
        })
        .filter(|(v, _)| !v.is_empty())
        .collect();
    table.sort_by_key(|entry| std::cmp::Reverse(entry.0.len()));
    table
}

/// Replaces every synonym variant by its canonical word, longest variant first at each position.
fn apply_synonyms(text: &str, table: &[(Vec<char>, String)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        for (variant, canon) in table {
            if chars[i..].starts_with(variant) {
                out.push_str(canon);
                i += variant.len();
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The matching tokens of a text: CJK bigrams and meaningful single characters, and ASCII words.
pub fn tokens_with(text: &str, synonyms: &[Vec<String>]) -> Vec<String> {
    tokens(text, &synonym_table(synonyms))
}

fn tokens(text: &str, synonyms: &[(Vec<char>, String)]) -> Vec<String> {
    let mut text = apply_synonyms(&normalize(text), synonyms);
    for stop in STOP_WORDS {
        text = text.replace(stop, " ");
    }
    let mut out = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut run: Vec<char> = Vec::new();
        let mut ascii = String::new();
        for c in word.chars() {
            if is_cjk(c) {
                flush_ascii(&mut ascii, &mut out);
                run.push(c);
            } else {
                flush_cjk(&mut run, &mut out);
                ascii.push(c);
            }
        }
        flush_ascii(&mut ascii, &mut out);
        flush_cjk(&mut run, &mut out);
    }
    out
}

fn flush_ascii(ascii: &mut String, out: &mut Vec<String>) {
    if !ascii.is_empty() {
        out.push(std::mem::take(ascii));
    }
}

fn flush_cjk(run: &mut Vec<char>, out: &mut Vec<String>) {
    for c in run.iter().filter(|c| !STOP_CHARS.contains(**c)) {
        out.push(c.to_string());
    }
    for pair in run.windows(2) {
        out.push(pair.iter().collect());
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KbEntry;

    fn entry(id: &str, item: Option<&str>, question: &str, similar: &[&str]) -> KbEntry {
        KbEntry {
            id: id.into(),
            column: "常见问题".into(),
            item: item.map(Into::into),
            department: None,
            question: question.into(),
            similar: similar.iter().map(|s| s.to_string()).collect(),
            keywords: vec![],
            answer: format!("{id} 的答案"),
            effective: None,
            updated: None,
        }
    }

    fn snapshot() -> KbSnapshot {
        KbSnapshot {
            version: 1,
            entries: vec![
                entry(
                    "kb-1",
                    Some("居住证签注"),
                    "居住证签注需要什么材料",
                    &["居住证续签要带什么"],
                ),
                entry("kb-2", Some("居住证新办"), "居住证新办需要什么材料", &[]),
                entry(
                    "kb-3",
                    None,
                    "住房公积金怎么提取支付房租",
                    &["租房提取公积金"],
                ),
                entry("kb-4", None, "个人所得税纳税清单在哪里开具", &[]),
            ],
            synonyms: vec![
                vec!["住房公积金".into(), "公积金".into()],
                vec!["个人所得税".into(), "个税".into()],
            ],
        }
    }

    #[test]
    fn answers_a_plain_question() {
        let m = Matcher::new(&snapshot());
        assert_eq!(
            m.decide("居住证签注要哪些材料？", None).answer(),
            Some("kb-1")
        );
    }

    #[test]
    fn synonyms_meet() {
        let m = Matcher::new(&snapshot());
        assert_eq!(m.decide("个税清单怎么开", None).answer(), Some("kb-4"));
        assert_eq!(m.decide("公积金提取付房租", None).answer(), Some("kb-3"));
    }

    #[test]
    fn declines_what_it_does_not_know() {
        let m = Matcher::new(&snapshot());
        assert_eq!(m.decide("今天天气怎么样", None), MatchOutcome::NoMatch);
        assert_eq!(m.decide("", None), MatchOutcome::NoMatch);
        assert_eq!(m.decide("？？！！", None), MatchOutcome::NoMatch);
    }

    #[test]
    fn page_item_breaks_ties() {
        let m = Matcher::new(&snapshot());
        let on_renewal = m.rank("居住证要什么材料", Some("居住证签注"));
        assert_eq!(m.id(on_renewal[0].entry), "kb-1");
        let on_new = m.rank("居住证要什么材料", Some("居住证新办"));
        assert_eq!(m.id(on_new[0].entry), "kb-2");
    }

    #[test]
    fn empty_knowledge_base_matches_nothing() {
        let m = Matcher::new(&KbSnapshot::default());
        assert!(m.is_empty());
        assert_eq!(m.decide("居住证", None), MatchOutcome::NoMatch);
    }

    #[test]
    fn tokens_are_bigrams_and_content_characters() {
        let t = tokens_with("请问居住证", &[]);
        assert_eq!(t, ["居", "住", "证", "居住", "住证"]);
    }
}
