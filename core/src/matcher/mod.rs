//! The FAQ matcher behind 小申: the same code answers in the widget (wasm), the server and the CLI.
//!
//! Chinese has no spaces, so texts become tokens without a dictionary ([`lexicon`]): content characters,
//! character bigrams, syllable bigrams (so 社宝 meets 社保), and ASCII words, after synonym groups are folded to
//! their canonical word and filler (请问、怎么、一下 ...) is cut out; keywords and canonical words found whole are
//! tokens too. Tokens weigh by inverse document frequency over entries, so rare, item-specific words count most.
//!
//! An entry scores by two coverages: how much of the query's weight the entry (its question, similar questions,
//! keywords and service item name together) explains, and how much of its best phrasing the query explains. A query word the knowledge base
//! has never seen counts against every entry, which keeps "公积金贷款利率" from being answered by an entry about
//! 公积金提取.
//!
//! The outcome is deliberately three-way: a confident answer, up to three "您是不是想问" suggestions, or
//! nothing. A confident wrong answer is worse than handing over to a person, so an answer needs both a high
//! score and a clear lead over the runner-up.

mod lexicon;
mod pinyin;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::kb::{KbEntry, KbSnapshot};
use lexicon::{Channel, Lexicon};

/// Score from which the best entry may be shown as the answer.
pub const ANSWER_THRESHOLD: f32 = 0.64;
/// Score from which an entry is offered as a suggestion.
pub const SUGGEST_THRESHOLD: f32 = 0.2;
/// How far the best entry must lead the runner-up to be answered outright, as a fraction of its score.
pub const ANSWER_MARGIN: f32 = 0.16;
/// Most suggestions offered.
pub const MAX_SUGGESTIONS: usize = 3;
/// Bonus factor for entries of the page's service item.
const ITEM_BOOST: f32 = 1.3;
/// Weight of a single character relative to a bigram of the same rarity.
const UNIGRAM_FACTOR: f32 = 0.8;
/// Weight of a syllable bigram (the homophone channel) relative to a character bigram.
const SOUND_FACTOR: f32 = 0.3;
/// Weight of a knowledge-base term found whole, relative to a bigram.
const TERM_FACTOR: f32 = 1.0;
/// How much an unseen bigram counts against every entry, relative to its rarer character's weight.
const UNSEEN_BIGRAM_FACTOR: f32 = 0.5;
/// How much an unseen ASCII word counts against every entry, relative to the rarest known token.
const UNSEEN_WORD_FACTOR: f32 = 0.8;
/// Exponent of the query's coverage in the score; the best phrasing's coverage gets the rest.
const QUERY_SHARE: f32 = 0.8;

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
    /// Share of the query's weight the entry explains.
    pub query_cover: f32,
    /// Share of the entry's best phrasing the query explains.
    pub entry_cover: f32,
}

/// One phrasing of an entry (its question, a similar question, or its keywords).
struct Phrasing {
    entry: u32,
    /// Sum of its tokens' weights.
    weight: f32,
}

/// An index over a knowledge-base snapshot.
pub struct Matcher {
    ids: Vec<String>,
    /// Each entry's service item, as an index into `item_names`.
    items: Vec<Option<u32>>,
    item_names: HashMap<String, u32>,
    /// Each entry's first phrasing; an entry's phrasings are contiguous. One more than there are entries.
    starts: Vec<u32>,
    lexicon: Lexicon,
    vocab: HashMap<u64, u32, KeyHash>,
    /// Weight of each known token: its idf times its channel's factor.
    weight: Vec<f32>,
    /// Phrasings containing each known token, ascending.
    postings: Vec<Vec<u32>>,
    phrasings: Vec<Phrasing>,
    /// The idf of a token no entry has.
    unseen_idf: f32,
}

impl Matcher {
    /// Builds the index. Cost is linear in the snapshot's text.
    pub fn new(snapshot: &KbSnapshot) -> Matcher {
        let mut lexicon = Lexicon::new(&snapshot.synonyms);
        let keywords = snapshot.entries.iter().flat_map(|e| &e.keywords);
        let canonical = snapshot.synonyms.iter().filter_map(|g| g.first());
        lexicon.add_terms(keywords.chain(canonical).map(String::as_str));
        let mut vocab: HashMap<u64, u32, KeyHash> = HashMap::default();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        let mut entry_df: Vec<u32> = Vec::new();
        let mut raw: Vec<(u32, Vec<u32>)> = Vec::new();
        let mut starts = Vec::with_capacity(snapshot.entries.len() + 1);
        for (e, entry) in snapshot.entries.iter().enumerate() {
            let first = raw.len();
            starts.push(first as u32);
            for text in phrasings_of(entry) {
                let ids: Vec<u32> = lexicon
                    .tokens(&text, false)
                    .into_iter()
                    .map(|key| {
                        let next = vocab.len() as u32;
                        let id = *vocab.entry(key).or_insert(next);
                        if id == next {
                            postings.push(Vec::new());
                            entry_df.push(0);
                        }
                        id
                    })
                    .collect();
                for &t in &ids {
                    let list = &mut postings[t as usize];
                    if list.last().is_none_or(|&p| (p as usize) < first) {
                        entry_df[t as usize] += 1;
                    }
                    list.push(raw.len() as u32);
                }
                raw.push((e as u32, ids));
            }
        }
        starts.push(raw.len() as u32);
        for (&key, &id) in &vocab {
            if lexicon::channel(key) == Channel::Bigram {
                let (a, b) = lexicon::bigram_chars(key);
                lexicon.learn_pair(a, b, entry_df[id as usize]);
            }
        }
        let n = snapshot.entries.len().max(1) as f32;
        let idf = |df: f32| ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
        let mut weight = vec![0.0; vocab.len()];
        for (&key, &id) in &vocab {
            let factor = channel_factor(lexicon::channel(key));
            weight[id as usize] = idf(entry_df[id as usize] as f32) * factor;
        }
        let mut item_names: HashMap<String, u32> = HashMap::new();
        let items = snapshot
            .entries
            .iter()
            .map(|e| {
                let next = item_names.len() as u32;
                Some(*item_names.entry(e.item.clone()?).or_insert(next))
            })
            .collect();
        let phrasings = raw
            .into_iter()
            .map(|(entry, ids)| Phrasing {
                entry,
                weight: ids.iter().map(|&t| weight[t as usize]).sum(),
            })
            .collect();
        Matcher {
            ids: snapshot.entries.iter().map(|e| e.id.clone()).collect(),
            items,
            item_names,
            starts,
            lexicon,
            vocab,
            weight,
            postings,
            phrasings,
            unseen_idf: idf(0.0),
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
        let ranked = self.top(query, item, MAX_SUGGESTIONS + 1);
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
        if best.score >= ANSWER_THRESHOLD && runner_up <= best.score * (1.0 - ANSWER_MARGIN) {
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
        let mut scored = self.scores(query, item);
        scored.sort_by(by_score);
        scored
    }

    /// The best `n` entries, best first: a partial sort, as most entries only share a common word.
    fn top(&self, query: &str, item: Option<&str>, n: usize) -> Vec<Scored> {
        let mut scored = self.scores(query, item);
        if scored.len() > n {
            scored.select_nth_unstable_by(n, by_score);
            scored.truncate(n);
        }
        scored.sort_by(by_score);
        scored
    }

    /// Every entry sharing a token with the query, scored, in no order.
    fn scores(&self, query: &str, item: Option<&str>) -> Vec<Scored> {
        let (known, query_weight) = self.query(query);
        if known.is_empty() || query_weight <= 0.0 {
            return Vec::new();
        }
        let mut by_phrasing = vec![0.0f32; self.phrasings.len()];
        let mut by_entry = vec![0.0f32; self.ids.len()];
        let mut touched: Vec<u32> = Vec::new();
        for &t in &known {
            let w = self.weight[t as usize];
            // An entry counts a token once however many of its phrasings have it; they are contiguous.
            let mut last_entry = u32::MAX;
            for &p in &self.postings[t as usize] {
                by_phrasing[p as usize] += w;
                let e = self.phrasings[p as usize].entry;
                if e != last_entry {
                    if by_entry[e as usize] == 0.0 {
                        touched.push(e);
                    }
                    by_entry[e as usize] += w;
                    last_entry = e;
                }
            }
        }
        let item = item.and_then(|name| self.item_names.get(name).copied());
        touched
            .into_iter()
            .map(|e| {
                let e = e as usize;
                let query_cover = (by_entry[e] / query_weight).min(1.0);
                let entry_cover = (self.starts[e]..self.starts[e + 1])
                    .map(|p| by_phrasing[p as usize] / self.phrasings[p as usize].weight.max(1e-6))
                    .fold(0.0f32, f32::max)
                    .min(1.0);
                let mut score = query_cover.powf(QUERY_SHARE) * entry_cover.powf(1.0 - QUERY_SHARE);
                if item.is_some() && self.items[e] == item {
                    score *= ITEM_BOOST;
                }
                Scored {
                    entry: e,
                    score,
                    query_cover,
                    entry_cover,
                }
            })
            .collect()
    }

    /// The best entries with their features, whether the first two share a service item, and the share of
    /// the query's weight the knowledge base knows: for tuning the confidence rule (`core/tests/eval.rs`).
    #[doc(hidden)]
    pub fn explain(&self, query: &str, item: Option<&str>) -> (Vec<Scored>, Option<bool>, f32) {
        let top = self.top(query, item, 5);
        let page = item.and_then(|name| self.item_names.get(name).copied());
        let same = match (top.first(), top.get(1)) {
            (Some(a), Some(b)) => {
                Some(self.items[a.entry].is_some() && self.items[a.entry] == self.items[b.entry])
            }
            _ => None,
        };
        let (known, total) = self.query(query);
        let known_w: f32 = known.iter().map(|&t| self.weight[t as usize]).sum();
        let _ = page;
        (top, same, if total > 0.0 { known_w / total } else { 0.0 })
    }

    /// The query's known token ids and the total weight of all its tokens, known or not.
    fn query(&self, query: &str) -> (Vec<u32>, f32) {
        let mut known = Vec::new();
        let mut total = 0.0;
        for key in self.lexicon.tokens(query, true) {
            match self.vocab.get(&key) {
                Some(&id) => {
                    known.push(id);
                    total += self.weight[id as usize];
                }
                None => total += self.unseen_weight(key),
            }
        }
        (known, total)
    }

    /// How much a token the knowledge base has never seen counts against every entry. A new bigram of two
    /// familiar, common characters is usually a seam between words (能把, 子住); one with a rare or unseen
    /// character is usually a new subject (护照, 利率).
    fn unseen_weight(&self, key: u64) -> f32 {
        match lexicon::channel(key) {
            Channel::Unigram => self.unseen_idf * UNIGRAM_FACTOR,
            Channel::Bigram => {
                let (a, b) = lexicon::bigram_chars(key);
                self.char_idf(a).min(self.char_idf(b)) * UNSEEN_BIGRAM_FACTOR
            }
            Channel::Sound => 0.0,
            Channel::Word => self.unseen_idf * UNSEEN_WORD_FACTOR,
            Channel::Term => 0.0,
        }
    }

    fn char_idf(&self, c: char) -> f32 {
        match self.vocab.get(&lexicon::unigram(c)) {
            Some(&id) => self.weight[id as usize] / UNIGRAM_FACTOR,
            None if lexicon::is_stop_char(c) => 0.0,
            None => self.unseen_idf,
        }
    }
}

/// Token keys are already well mixed; SipHash would cost more than the rest of a lookup.
type KeyHash = BuildHasherDefault<KeyHasher>;

/// A multiplicative hasher (as in rustc's FxHash) for `u64` token keys.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Higher score first; ties by entry order, so results are stable.
fn by_score(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry))
}

fn channel_factor(channel: Channel) -> f32 {
    match channel {
        Channel::Unigram => UNIGRAM_FACTOR,
        Channel::Bigram | Channel::Word => 1.0,
        Channel::Sound => SOUND_FACTOR,
        Channel::Term => TERM_FACTOR,
    }
}

/// The texts an entry is found by: its question, its similar questions, its keywords and its service item's
/// name (citizens name the service they are on: 租房提取公积金, 失业登记).
fn phrasings_of(entry: &KbEntry) -> impl Iterator<Item = String> + '_ {
    std::iter::once(entry.question.clone())
        .chain(entry.similar.iter().cloned())
        .chain((!entry.keywords.is_empty()).then(|| entry.keywords.join(" ")))
        .chain(entry.item.clone())
}

/// The matching tokens of a text after synonym folding: content characters, bigrams and ASCII words.
pub fn tokens_with(text: &str, synonyms: &[Vec<String>]) -> Vec<String> {
    lexicon::readable(&Lexicon::new(synonyms), text)
}
