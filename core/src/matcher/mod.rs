//! The FAQ matcher behind 小申: the same code answers in the widget (wasm), the server and the CLI.
//!
//! Chinese has no spaces, so texts become tokens without a dictionary ([`lexicon`]): content characters,
//! character bigrams and ASCII words, after synonym groups are folded to their canonical word and filler
//! (请问、怎么、一下 ...) is cut out; keywords and canonical words found whole are tokens too. A query character
//! that makes unknown pairs with both neighbours is replaced by a homophone that makes a known pair (pinyin
//! typos: 社宝 → 社保). Tokens weigh by inverse document frequency over entries, so rare, item-specific words
//! count most.
//!
//! An entry scores by two coverages: how much of the query's weight the entry (its question, similar questions,
//! keywords and service item name together) explains, and how much of its best phrasing the query explains. A
//! query word the knowledge base has never seen counts against every entry, which keeps "公积金贷款利率" from
//! being answered by an entry about 公积金提取.
//!
//! The outcome is deliberately three-way: a confident answer, up to three "您是不是想问" suggestions, or
//! nothing. A confident wrong answer is worse than handing over to a person, so an answer needs a high score
//! and either evidence of its own (query words the best entry has and the runner-up lacks), a clear lead, or
//! one phrasing that says the whole question when no phrasing of the runner-up does.
//!
//! The index is built for speed in the browser: integer token ids, postings per token as one flat array of
//! entry numbers, each phrasing's token ids in one flat array (summed against the query's token marks), and a
//! query only scores exactly the entries whose coverage bound can still reach the best few.

mod lexicon;
mod pinyin;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::str::Utf8Error;
use std::sync::Mutex;

use crate::kb::{IndexEntry, KbSnapshot};
use crate::text::{for_each_run, normalize_chars};
use lexicon::{Channel, Lexicon, Scratch, built_in_traditional as traditional_pairs};

/// Score from which the best entry may be answered when it has evidence of its own over the runner-up: its own
/// score, without the page's item boost (see [`Matcher::confident`]).
pub const ANSWER_THRESHOLD: f32 = 0.85;
/// Share of the query's weight the best entry must explain to be answered on its own evidence.
pub const ANSWER_COVER: f32 = 0.7;
/// Share of the query's weight the best entry must explain and the runner-up not, net of the converse.
pub const ANSWER_LEAD: f32 = 0.06;
/// Texts an entry must be found by (its question, similar questions, keywords, item name) for that: about four
/// questions written for it. Which query words an entry has and the runner-up lacks says something when each
/// has several phrasings of the same question; with one or two, it says which words their writers happened to
/// use (on the formal knowledge base of `data/eval/foreign-kb.json`, 3-6 texts an entry, this rule's answers
/// were 18 right and 11 wrong).
const ANSWER_PHRASINGS: usize = 7;
/// Score from which the best entry is answered when the runner-up is far behind.
pub const CLEAR_THRESHOLD: f32 = 0.7;
/// How far behind: the runner-up scores at most this fraction of the best.
pub const CLEAR_RATIO: f32 = 0.6;
/// Score from which the best entry is answered when one of its phrasings alone explains the question and
/// none of the runner-up's does.
pub const PHRASED_THRESHOLD: f32 = 0.8;
/// Share of the query's weight that one phrasing must explain for that.
pub const PHRASED_COVER: f32 = 0.9;
/// Score from which an entry is offered as a suggestion.
pub const SUGGEST_THRESHOLD: f32 = 0.2;
/// Most suggestions offered.
pub const MAX_SUGGESTIONS: usize = 3;
/// The canonical words of the built-in intent groups (`data/lexicon/synonyms.txt`): what a question asks.
const INTENTS: &str = "材料 多久 收费 电话 网上办理 条件 流程 区别 是什么 在哪里 补办 首次 遗失 变更 注销 预约 邮寄 领取 代办 办理进度 忘记密码 登录 税率";
/// Questions of at most this many characters that ask nothing get how to apply first (see
/// [`Matcher::prefer_how_to`]). A question's characters here and in [`LONG_QUERY`] are those that say what it
/// is about: fillers, particles, punctuation and asides (小申，… 在线等，急, a phone number) do not count.
const SHORT_QUERY: usize = 8;
/// How near the best score a how-to entry must be to come first for a question that asks nothing (0.95 until
/// session 15; at 0.9 养老金换卡 gets 能否在网上办理 rather than 调整后从什么时候开始生效: over the twelve
/// evaluation sets first +8 -3, wrong -3, right +1 -1).
const HOW_TO_NEAR: f32 = 0.9;
/// Score from which a general how-to entry is answered to a short question that asks nothing (see
/// [`Matcher::how_to_confident`]).
const HOW_TO_THRESHOLD: f32 = 0.9;
/// Share of the query's weight that entry must explain for that.
const HOW_TO_COVER: f32 = 0.9;
/// Share of the weight of that entry's item name that the question must say.
const HOW_TO_NAMED: f32 = 0.5;
/// No other how-to entry, nor an entry of another service item, may score this fraction of it.
const HOW_TO_RIVAL: f32 = 0.9;
/// Intents a how-to entry may name besides 流程 / 网上办理 and still be the general guide to its item
/// (怎么办，在哪里办，要多久: one guide answers all three); any other intent (变更, 注销, 首次 ...) makes it
/// an entry about that case, unless the item's name has it too (单位基本信息变更).
const GUIDE_INTENTS: [&str; 4] = ["流程", "网上办理", "在哪里", "多久"];
/// Score from which the best entry is answered when its own question asks what the question asks (see
/// [`Matcher::intent_confident`]).
const INTENT_THRESHOLD: f32 = 0.7;
/// Share of the query's weight it must explain for that.
const INTENT_COVER: f32 = 0.6;
/// No entry scoring this fraction of it may ask any of those intents in its own question.
const INTENT_RIVAL: f32 = 0.8;
/// How near the best score an entry whose own question asks the question's intents must be to come first
/// (see [`Matcher::prefer_asked`]).
const ASKED_NEAR: f32 = 0.8;
/// Bonus factor for entries of the page's service item.
const ITEM_BOOST: f32 = 1.3;
/// A word of a service item's, as an answer about the item needs one (see [`Matcher::names_service`]): at
/// more than one in this many of the item's entries have it ...
const ITEM_WORD_SHARE: usize = 3;
/// ... and at most this many entries per entry of the item (a word spread over many items, such as 社保 or
/// 上海, names none of them).
const ITEM_WORD_SPREAD: usize = 8;
/// Weight of a single character relative to a bigram of the same rarity.
const UNIGRAM_FACTOR: f32 = 0.8;
/// Weight of a knowledge-base term found whole, relative to a bigram.
const TERM_FACTOR: f32 = 1.0;
/// How much an unseen bigram counts against every entry, relative to its rarer character's weight.
const UNSEEN_BIGRAM_FACTOR: f32 = 0.5;
/// How much an unseen ASCII word counts against every entry, relative to the rarest known token.
const UNSEEN_WORD_FACTOR: f32 = 0.8;
/// Exponent of the query's coverage in the score; the best phrasing's coverage gets the rest.
const QUERY_SHARE: f32 = 0.8;
// `Matcher::top` bounds scores with the fifth power of this split.
const _: () = assert!(QUERY_SHARE == 0.8);
/// Scores below this never matter to a decision (they are neither suggested nor answered, and a runner-up
/// this far behind leaves the rule's outcome unchanged on the labelled sets), so entries that cannot reach
/// it are not scored.
const SCORE_FLOOR: f32 = SUGGEST_THRESHOLD;

/// A query whose postings add up to this many times the entries covers nearly all of them: see
/// [`Matcher::with_buffers`].
const DENSE_WALK: usize = 4;

/// Questions longer than this many characters may also be answered on their asking clause alone.
const LONG_QUERY: usize = 24;
/// Where a clause ends (`"，,。.！!？?；;、\n".contains(c)`, which for a character past ASCII builds a
/// string searcher per call).
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '.' | '！' | '!' | '？' | '?' | '；' | ';' | '、' | '\n'
    )
}

/// Words after which the question itself follows.
const ASK_MARKERS: [&str; 6] = ["请问", "想问", "我想知道", "问一下", "问下", "想了解"];
/// Words that make a clause a question.
const QUESTION_CUES: [&str; 18] = [
    "吗",
    "嘛",
    "伐",
    "么",
    "怎么",
    "如何",
    "什么",
    "哪",
    "多少",
    "多久",
    "几",
    "能不能",
    "可不可以",
    "是否",
    "?",
    "？",
    "要不要",
    "有没有",
];

/// The clauses of a question, each with whether it ends in a question mark. A clause ends at punctuation
/// ([`ends_clause`], and a full-width colon: 求助：…; not a full stop inside a web address or a number), at a
/// space after a word of two characters or more (on phones, long questions are often typed with spaces for
/// commas; 居 住 证 签 注 is spaced out, not cut).
fn clauses(query: &str) -> Vec<(&str, bool)> {
    let mut clauses = Vec::new();
    let mut start = 0;
    let mut word = 0;
    for (i, c) in query.char_indices() {
        let space = matches!(c, ' ' | '\u{3000}' | '\t');
        let ends = match c {
            '.' => !query[i + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()),
            '：' => true,
            _ => ends_clause(c),
        };
        if ends || space && query[word..i].chars().nth(1).is_some() {
            clauses.push((&query[start..i], matches!(c, '？' | '?')));
            start = i + c.len_utf8();
        }
        if space || ends {
            word = i + c.len_utf8();
        }
    }
    clauses.push((&query[start..], false));
    // A question mark makes the clause before it ask, unless it ends the text: whether the last one is typed
    // or not (…，不用去社区 / …，不用去社区？？？) must not change the verdict.
    if let Some(last) = clauses.iter_mut().rev().find(|c| !c.0.trim().is_empty()) {
        last.1 = false;
    }
    clauses
}

/// The clauses of a long question that ask something (with a question cue), joined; `None` when no clause
/// asks or every clause does (then the whole question is the question).
fn asking_clause(query: &str) -> Option<String> {
    let mut asking = String::new();
    let mut all = true;
    for (whole, asks) in clauses(query) {
        let clause = ASK_MARKERS
            .iter()
            .filter_map(|m| find_word(whole, m).map(|i| &whole[i + m.len()..]))
            .min_by_key(|rest| rest.len())
            .unwrap_or(whole);
        // What comes before 请问/想问 is the story, even in a question typed without commas.
        all &= clause.len() == whole.len();
        if clause.trim().is_empty() {
            continue;
        }
        if asks
            || QUESTION_CUES
                .iter()
                .any(|cue| find_word(clause, cue).is_some())
        {
            asking.push_str(clause);
            asking.push('，');
        } else {
            all = false;
        }
    }
    (!asking.is_empty() && !all).then_some(asking)
}

/// Where `word` (not empty) first stands in `text`: `text.find(word)` for this module's short words, which
/// `str::find` looks for with a searcher it builds for each call (in wasm, a long question's clauses cost
/// more to search for the 22 cue and marker words than to rank). A match of `word`'s bytes starts at a
/// character of `text`, since UTF-8 never starts a character with a byte that continues one.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let first = *word.first()?;
    (0..(text.len() + 1).saturating_sub(word.len()))
        .find(|&i| text[i] == first && text[i..i + word.len()] == *word)
}

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

/// An index over a knowledge-base snapshot.
pub struct Matcher {
    ids: Vec<String>,
    /// Each entry's service item, as an index into `item_names`.
    items: Vec<Option<u32>>,
    /// The entries whose question asks how to apply (流程, 网上办理, [`asks_how`]), a bit each: among entries that score
    /// exactly alike (a bare service name matches all of the item's entries equally), they come first.
    how_to: Vec<u64>,
    /// Of those, the general guides to their item (see [`GUIDE_INTENTS`]), a bit each.
    guides: Vec<u64>,
    /// The intent terms the knowledge base has (see [`INTENTS`]), ascending.
    intents: Vec<u32>,
    /// The intents each entry's own question names, as bits of [`Matcher::intents`]' positions.
    asked: Vec<u32>,
    item_names: HashMap<String, u32, KeyHash>,
    /// The service items' names, by index.
    item_list: Vec<String>,
    /// How many entries each service item has, by index.
    item_size: Vec<u32>,
    lexicon: Lexicon,
    vocab: HashMap<u64, u32, KeyHash>,
    /// Weight of each known token: its idf times its channel's factor.
    weight: Vec<f32>,
    /// The tokens that are one character, a bit each: an answer needs more than those (see
    /// [`Matcher::confident`]).
    single: Vec<u64>,
    /// Entries having token `t`, ascending: `postings[post_start[t]..post_start[t + 1]]`.
    post_start: Vec<u32>,
    postings: Vec<u32>,
    /// The entries having each common token, as bits (see [`Dense`]).
    dense: Dense,
    /// Phrasings of entry `e`: `phrase_start[e]..phrase_start[e + 1]`.
    phrase_start: Vec<u32>,
    /// Token ids of phrasing `p`, each once, in the order first met: `phrase_tokens[token_start[p]..token_start[p + 1]]`.
    token_start: Vec<u32>,
    phrase_tokens: PhraseTokens,
    /// Sum of each phrasing's token weights.
    phrase_weight: Vec<f32>,
    /// Each entry's lightest phrasing weight: the query can explain at most `cover / this` of any phrasing.
    lightest: Vec<f32>,
    /// The idf of a token no entry has.
    unseen_idf: f32,
    /// Per-query work space, kept zeroed between queries so that a query allocates nothing of the index's size.
    buffers: Mutex<Buffers>,
    /// A query's characters and token keys, kept between queries like `buffers`.
    text_buffers: Mutex<(Scratch, Vec<u64>)>,
}

/// Work space of one query, all zeros between queries.
#[derive(Default)]
struct Buffers {
    /// Covered query weight by entry.
    by_entry: Vec<f32>,
    /// The query's weight of each token id (zero for tokens not in the query).
    mark: Vec<f32>,
    /// Entries with any covered weight.
    touched: Vec<u32>,
    /// The query's lightest tokens, left out of `by_entry` (see [`Matcher::with_buffers`]), and their weight.
    light: Vec<(u32, f32)>,
    light_total: f32,
    /// The touched entries of the best covered weight (see [`Matcher::top`]).
    best: Vec<u32>,
}

impl Buffers {
    fn new(entries: usize, tokens: usize) -> Buffers {
        Buffers {
            by_entry: vec![0.0; entries],
            mark: vec![0.0; tokens],
            touched: Vec::new(),
            light: Vec::new(),
            light_total: 0.0,
            best: Vec::new(),
        }
    }
}

/// A query as the index sees it: its known tokens (id and weight, ascending by id) and the weight of all
/// its tokens, known or not.
struct Query {
    known: Vec<(u32, f32)>,
    total: f32,
    /// How many characters of the question say what it is about (see [`Lexicon::tokens_into`]).
    length: usize,
}

impl Matcher {
    /// Builds the index. Cost is linear in the snapshot's text.
    pub fn new(snapshot: &KbSnapshot) -> Matcher {
        let entries: Vec<IndexEntry<'_>> = snapshot.entries.iter().map(IndexEntry::from).collect();
        match Matcher::index(&entries, &snapshot.synonyms, &snapshot.traditional) {
            Ok(matcher) => matcher,
            Err(_) => unreachable!("the texts of a snapshot's entries are strings"),
        }
    }

    /// Builds the index over `entries` (what [`Matcher::new`] indexes of a snapshot's entries, or an
    /// [`IndexFile`](crate::kb::IndexFile)'s, read from JSON without the rest), the snapshot's synonym
    /// groups and its traditional characters' pairs ([`KbSnapshot::traditional`]; a pair whose traditional
    /// character the knowledge base has itself is left out); fails on a question that is not UTF-8 (see
    /// [`RawText`](crate::kb::RawText)).
    pub fn index(
        entries: &[IndexEntry<'_>],
        synonyms: &[Vec<String>],
        traditional: &str,
    ) -> Result<Matcher, Utf8Error> {
        // The snapshot carries the built-in groups too (see [`with_built_in_synonyms`]); merging a published
        // list changes nothing, but a knowledge base's own groups may share words.
        let groups = lexicon::merged(Vec::new(), synonyms);
        let mut lexicon = Lexicon::new(&groups);
        let keywords = entries.iter().flat_map(|e| e.keywords.iter().map(|k| &**k));
        let canonical = groups.iter().filter_map(|g| g.first()).map(String::as_str);
        lexicon.add_terms(keywords.chain(canonical));
        let mut vocab: HashMap<u64, u32, KeyHash> = HashMap::default();
        let (phrase_start, token_start, phrase_tokens, df) =
            phrasings(entries, &lexicon, &mut vocab)?;
        let mut intents: Vec<u32> = INTENTS
            .split_whitespace()
            .filter_map(|w| vocab.get(&lexicon.term_key(w)).copied())
            .collect();
        intents.sort_unstable();
        let Intents {
            asked,
            how_to,
            guides,
        } = Intents::new(
            &lexicon,
            &vocab,
            &intents,
            entries,
            [&phrase_start, &token_start],
            &phrase_tokens,
        );
        let (post_start, postings) = invert(&phrase_start, &token_start, &phrase_tokens, df);
        let df = |id: u32| post_start[id as usize + 1] - post_start[id as usize];
        let n = entries.len().max(1) as f32;
        let idf = |df: f32| ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
        let mut weight = vec![0.0; vocab.len()];
        let mut single = vec![0u64; vocab.len().div_ceil(64)];
        for (&key, &id) in &vocab {
            let channel = lexicon::channel(key);
            weight[id as usize] = idf(df(id) as f32) * channel_factor(channel);
            match channel {
                Channel::Unigram => single[id as usize / 64] |= 1 << (id % 64),
                Channel::Bigram => {
                    let (a, b) = lexicon::bigram_chars(key);
                    lexicon.learn_pair(a, b, df(id));
                }
                Channel::Word | Channel::Term => {}
            }
        }
        lexicon.set_folds(traditional, |t| !vocab.contains_key(&lexicon::unigram(t)));
        // Each entry's phrasings lightest first: a query explains the light ones best, so an exact score
        // finds its best phrasing early and stops at the first phrasing too heavy to beat it.
        let (token_start, phrase_tokens, phrase_weight) =
            lightest_first(&phrase_start, token_start, phrase_tokens, &weight);
        let lightest = phrase_start
            .windows(2)
            .map(|w| {
                let each = phrase_weight[w[0] as usize..w[1] as usize].iter();
                each.copied().fold(f32::INFINITY, f32::min)
            })
            .collect();
        let buffers = Mutex::new(Buffers::new(entries.len(), vocab.len()));
        let mut item_names: HashMap<String, u32, KeyHash> = HashMap::default();
        let items: Vec<Option<u32>> = entries
            .iter()
            .map(|e| {
                let name = e.item.as_deref()?;
                // Looked up before it is copied: an item's entries share its name.
                if let Some(&id) = item_names.get(name) {
                    return Some(id);
                }
                let id = item_names.len() as u32;
                item_names.insert(name.to_owned(), id);
                Some(id)
            })
            .collect();
        let item_list = names_by_index(&item_names);
        let mut item_size = vec![0u32; item_list.len()];
        for &id in items.iter().flatten() {
            item_size[id as usize] += 1;
        }
        Ok(Matcher {
            ids: entries.iter().map(|e| e.id.to_string()).collect(),
            items,
            how_to,
            guides,
            intents,
            asked,
            item_names,
            item_list,
            item_size,
            lexicon,
            vocab,
            weight,
            single,
            dense: Dense::new(&post_start, &postings, entries.len()),
            post_start,
            postings,
            phrase_start,
            token_start,
            phrase_tokens,
            phrase_weight,
            lightest,
            unseen_idf: idf(0.0),
            buffers,
            text_buffers: Mutex::default(),
        })
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

    /// Decides what 小申 does with `query` on a page of service item `item`: the best entry is answered when
    /// one of four rules holds (a bare service name and its guide, `how_to_confident`; the score and its
    /// lead, `confident`; what the entry's own question asks, `intent_confident`; a long question's asking
    /// clause, `asking_confident`), with the runners-up as related questions; otherwise the best few are
    /// suggested, or nothing matches.
    pub fn decide(&self, query: &str, item: Option<&str>) -> MatchOutcome {
        // Read in simplified characters throughout: the asking clause's cue words too.
        let folded = self.lexicon.folded(query);
        let query = &*folded;
        let q = self.query(query);
        let mut ranked = self.top(&q, item, MAX_SUGGESTIONS + 1);
        let short = q.length <= SHORT_QUERY;
        if short {
            self.prefer_how_to(&q, &mut ranked);
        }
        let wanted = intent_bits(&self.intents, q.known.iter().map(|&(t, _)| t));
        self.prefer_asked(wanted, &mut ranked);
        let Some(best) = ranked.first() else {
            return MatchOutcome::NoMatch;
        };
        let others = |skip: usize| -> Vec<String> {
            ranked
                .iter()
                .skip(skip)
                .filter(|s| s.score >= SUGGEST_THRESHOLD)
                .take(MAX_SUGGESTIONS)
                .map(|s| self.ids[s.entry].clone())
                .collect()
        };
        if ((short && self.how_to_confident(&q, &ranked))
            || self.confident(&q, &ranked)
            || self.intent_confident(&q, wanted, &ranked, self.page(item))
            || self.asking_confident(query, &q, item, best.entry))
            && self.names_service(&q, best.entry, self.page(item))
        {
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

    /// Whether the question says what service entry `e` is about, as an answer needs: on the page of the entry's
    /// item, or with a word of the item's (see [`ITEM_WORD_SHARE`]). An entry of no item (the portal's) needs
    /// none. Without this, a question whose words one phrasing of another item's entry happens to hold gets that
    /// entry: 居住证积分怎么算 got 买房、落户要的个人所得税纳税清单去哪里开 (said also as 居住证积分要个税证明，
    /// 去哪开), 营业执照年报忘了报会罚款吗 the entry on the deadline of 税务信息确认.
    fn names_service(&self, q: &Query, e: usize, page: Option<u32>) -> bool {
        let Some(id) = self.items[e] else {
            return true;
        };
        if page == Some(id) {
            return true;
        }
        let size = self.item_size[id as usize] as usize;
        let single = |t: u32| self.single[t as usize / 64] >> (t % 64) & 1 != 0;
        q.known.iter().any(|&(t, _)| {
            let postings = self.postings_of(t);
            !single(t)
                && postings.len() <= ITEM_WORD_SPREAD * size
                && postings
                    .iter()
                    .filter(|&&x| self.items[x as usize] == Some(id))
                    .count()
                    * ITEM_WORD_SHARE
                    > size
        })
    }

    /// A question that names its subject and asks nothing about it (营业执照办理, 租房提取公积金) wants to
    /// know how to apply: an entry that says so, scoring nearly as well as the best, comes first.
    fn prefer_how_to(&self, q: &Query, ranked: &mut [Scored]) {
        let how_to = |s: &Scored| self.is_how_to(s.entry);
        let Some(best) = ranked.first() else { return };
        if how_to(best) || self.asks(q) {
            return;
        }
        let near = best.score * HOW_TO_NEAR;
        if let Some(i) = ranked.iter().position(|s| how_to(s) && s.score >= near) {
            ranked[..=i].rotate_right(1);
        }
    }

    /// When the best entry's own question does not ask every intent the question names (`wanted`, bits of
    /// [`Matcher::intents`]' positions) and one scoring at least [`ASKED_NEAR`] of it does (居住证签注要多久:
    /// 多久能生效 rather than 什么时候可以签注), that one comes first.
    fn prefer_asked(&self, wanted: u32, ranked: &mut [Scored]) {
        let Some(best) = ranked.first() else { return };
        let asks_all = |e: usize| self.asked[e] & wanted == wanted;
        if wanted == 0 || asks_all(best.entry) {
            return;
        }
        let near = best.score * ASKED_NEAR;
        if let Some(i) = ranked
            .iter()
            .position(|s| s.score >= near && asks_all(s.entry))
        {
            ranked[..=i].rotate_right(1);
        }
    }

    /// Whether the best of `ranked` may be answered because it is about what the question asks: the question
    /// names intents (多久, 材料, 在哪里 ...), the best entry's own question names them all, no entry scoring
    /// nearly as well asks any of them in its own question, and the score and the share of the question
    /// explained are fair. Siblings of one item share most words, and their similar questions mention other
    /// intents in passing (需要带什么材料，多久能拿到), so the score alone cannot tell them apart; what each
    /// entry's own question asks can. On the page of the best entry's item, entries of other items that ask
    /// the same are rivals only with more of the question's words than the best entry has ([`Matcher::lead`]
    /// below 0): on the 居住证签注 page, 要带什么材料 is about 居住证签注 however well other items' 材料
    /// entries match it, while 个税记录在哪开 on the 完税证明 page is still about the 个税 entry's item.
    fn intent_confident(
        &self,
        q: &Query,
        wanted: u32,
        ranked: &[Scored],
        page: Option<u32>,
    ) -> bool {
        let Some(best) = ranked.first() else {
            return false;
        };
        let asked = self.asked[best.entry];
        if wanted == 0
            || wanted & !asked != 0
            || best.score < INTENT_THRESHOLD
            || best.query_cover < INTENT_COVER
        {
            return false;
        }
        let rival = best.score * INTENT_RIVAL;
        let here = self.on_page(best.entry, page);
        !ranked[1..].iter().any(|s| {
            s.score >= rival
                && self.asked[s.entry] & wanted != 0
                && (!here
                    || self.on_page(s.entry, page)
                    || self.lead(q, best.entry, Some(s.entry)) < 0.0)
        })
    }

    /// Whether the question names an intent (材料, 多久, 变更 ...: see [`INTENTS`]).
    fn asks(&self, q: &Query) -> bool {
        q.known
            .iter()
            .any(|(t, _)| self.intents.binary_search(t).is_ok())
    }

    /// Whether the best of `ranked` (for a short question, after [`Matcher::prefer_how_to`]) is the general
    /// guide to its item and may be answered: the question asks nothing (居住证签注, 职工参保登记), says at
    /// least half of the item's name, the guide explains nearly all of it, and no other guide nor any entry
    /// of another item scores nearly as well (a question that names no single item, such as 居住证, or an
    /// item with two guides, is left to the suggestions). Whoever types just a service's name wants to know
    /// how to get it done; the siblings stay in the suggestions under the answer.
    fn how_to_confident(&self, q: &Query, ranked: &[Scored]) -> bool {
        let Some(best) = ranked.first() else {
            return false;
        };
        if !self.is_guide(best.entry)
            || self.asks(q)
            || best.score < HOW_TO_THRESHOLD
            || best.query_cover < HOW_TO_COVER
        {
            return false;
        }
        // The question names the item, not only a word its name shares with other items' (居住证).
        if let Some(id) = self.items[best.entry] {
            let name = self.query(&self.item_list[id as usize]);
            let said: f32 = (name.known.iter())
                .filter(|(t, _)| q.known.binary_search_by_key(t, |&(id, _)| id).is_ok())
                .map(|&(_, w)| w)
                .sum();
            if said < HOW_TO_NAMED * name.total {
                return false;
            }
        }
        let rival = best.score * HOW_TO_RIVAL;
        !ranked[1..].iter().any(|s| {
            s.score >= rival
                && (self.is_how_to(s.entry) || self.items[s.entry] != self.items[best.entry])
        })
    }

    /// Whether the best of `ranked` may be answered outright. Three ways, fitted on the tuning half of the
    /// labelled questions (`core/tests/eval.rs`): a fair score far ahead of the runner-up; a high score with one
    /// phrasing that explains nearly all the query by itself, which no phrasing of the runner-up does (the
    /// score counts all phrasings together, so it can gather a question's words from unrelated phrasings); or
    /// a high score of its own (without the page's item boost), most of the query explained and query words of
    /// its own that the runner-up lacks (siblings of one service item share most words, so the words that tell
    /// them apart decide), for an entry written in several phrasings. Never when the best entry shares nothing
    /// with the query but single characters.
    fn confident(&self, q: &Query, ranked: &[Scored]) -> bool {
        let Some(best) = ranked.first() else {
            return false;
        };
        // Single characters alone never make an answer (好的谢谢 shares only 好 with 好差评).
        let single = |t: u32| self.single[t as usize / 64] >> (t % 64) & 1 != 0;
        if !q
            .known
            .iter()
            .any(|&(t, _)| !single(t) && self.has(t, best.entry))
        {
            return false;
        }
        let second = ranked.get(1);
        let runner_up = second.map_or(0.0, |s| s.score);
        if best.score >= CLEAR_THRESHOLD && runner_up <= best.score * CLEAR_RATIO {
            return true;
        }
        // One phrasing says the whole question, and no phrasing of the runner-up does (a vague question
        // such as 居住证 is said whole by every sibling).
        if best.score >= PHRASED_THRESHOLD
            && self.phrasing_cover(q, best.entry) >= PHRASED_COVER
            && second.is_none_or(|s| self.phrasing_cover(q, s.entry) < PHRASED_COVER)
        {
            return true;
        }
        // The entry's own score, without the page's boost: this rule answers most near misses asked on the page
        // of a related service (酒类批发 on the 零售 page, 食品安全管理员证 on 食品经营许可), whose item's
        // entries the boost lifts over the threshold. Only for an entry written in several phrasings (see
        // [`ANSWER_PHRASINGS`]).
        let texts = self.phrase_start[best.entry + 1] - self.phrase_start[best.entry];
        texts as usize >= ANSWER_PHRASINGS
            && blend(best.query_cover, best.entry_cover) >= ANSWER_THRESHOLD
            && best.query_cover >= ANSWER_COVER
            && self.lead(q, best.entry, second.map(|s| s.entry)) >= ANSWER_LEAD
    }

    /// For a long question (a story around the question), whether the clause that asks, matched on its own,
    /// confidently ranks the same entry first as the whole question (see [`asking_clause`]). Short questions
    /// never take this path. `full` is the whole question's [`Query`].
    fn asking_confident(&self, query: &str, full: &Query, item: Option<&str>, best: usize) -> bool {
        if full.length <= LONG_QUERY {
            return false;
        }
        let Some(clause) = asking_clause(query) else {
            return false;
        };
        let mut q = self.query(&clause);
        // The asking clause often leaves the subject to the story (我要准备些什么材料): the question's words
        // of the best entry's service item name are kept.
        if let Some(id) = self.items[best] {
            let named = self.query(&self.item_list[id as usize]);
            for &(t, w) in &full.known {
                let in_name = named.known.binary_search_by_key(&t, |&(id, _)| id).is_ok();
                if in_name && q.known.binary_search_by_key(&t, |&(id, _)| id).is_err() {
                    q.known.push((t, w));
                    q.total += w;
                }
            }
            q.known.sort_unstable_by_key(|&(id, _)| id);
        }
        if q.known.is_empty() {
            return false;
        }
        // The rule answers no entry scoring under its lowest threshold: when the best entry scores less on the
        // clause (with a margin for rounding: the ranking adds the same weights in another order), no ranking
        // of the clause can answer it.
        let lowest = CLEAR_THRESHOLD.min(PHRASED_THRESHOLD).min(ANSWER_THRESHOLD);
        if self.score_alone(&q, best, self.page(item)) < lowest * (1.0 - 1e-4) {
            return false;
        }
        let ranked = self.top(&q, item, MAX_SUGGESTIONS + 1);
        ranked.first().is_some_and(|s| s.entry == best) && self.confident(&q, &ranked)
    }

    /// The score of entry `e` alone, as [`Matcher::top`] would score it (up to rounding), without the
    /// index-sized buffers: for one entry, looking its tokens up in the query costs less than filling them.
    fn score_alone(&self, q: &Query, e: usize, page: Option<u32>) -> f32 {
        let cover: f32 = q
            .known
            .iter()
            .filter(|&&(t, _)| self.has(t, e))
            .map(|&(_, w)| w)
            .sum();
        let mut entry_cover = 0.0f32;
        self.shared_by_phrasing(q, e, |p, shared| {
            let this = shared / self.phrase_weight[p].max(1e-6);
            if this > entry_cover {
                entry_cover = this;
            }
        });
        let query_cover = (cover / q.total).min(1.0);
        let score = blend(query_cover, entry_cover.min(1.0));
        if self.on_page(e, page) {
            score * ITEM_BOOST
        } else {
            score
        }
    }

    /// The query weight `a` has and `b` lacks minus the converse, as a share of the query's weight.
    fn lead(&self, q: &Query, a: usize, b: Option<usize>) -> f32 {
        let lead: f32 = q
            .known
            .iter()
            .map(|&(t, w)| {
                let in_b = b.is_some_and(|b| self.has(t, b));
                match (self.has(t, a), in_b) {
                    (true, false) => w,
                    (false, true) => -w,
                    _ => 0.0,
                }
            })
            .sum();
        lead / q.total
    }

    /// Whether entry `e` has token `t` in any phrasing.
    fn has(&self, t: u32, e: usize) -> bool {
        match self.dense.has(t, e) {
            Some(has) => has,
            None => self.postings_of(t).binary_search(&(e as u32)).is_ok(),
        }
    }

    fn postings_of(&self, t: u32) -> &[u32] {
        let t = t as usize;
        &self.postings[self.post_start[t] as usize..self.post_start[t + 1] as usize]
    }

    /// All entries sharing anything with `query`, best first, one score per entry.
    pub fn rank(&self, query: &str, item: Option<&str>) -> Vec<Scored> {
        let q = self.query(query);
        let page = self.page(item);
        let mut scored = self.with_buffers(&q, 0.0, |b| {
            let scored: Vec<Scored> = b
                .touched
                .iter()
                .map(|&e| self.score(b, &q, e as usize, page))
                .collect();
            scored
        });
        scored.sort_by(|a, b| self.by_score(a, b));
        scored
    }

    /// The best `n` entries, best first. Only entries whose bound (from their covered query weight) can reach
    /// the running `n`-th best score and [`SCORE_FLOOR`] are scored exactly, so a common word shared by
    /// thousands of entries costs one addition and one comparison each.
    fn top(&self, q: &Query, item: Option<&str>, n: usize) -> Vec<Scored> {
        let page = self.page(item);
        // score = query_cover^QUERY_SHARE * entry_cover^(1 - QUERY_SHARE) * boost, where
        // query_cover = cover / total and entry_cover <= cover / lightest. The least cover that can reach
        // `floor`, with and without the page's boost, is recomputed only when the floor rises.
        let [floor_page, floor_other] = floor_need();
        self.with_buffers(q, floor_page * q.total, |b| {
            // The entries of the best coverage first, so that the floor rises early.
            let mut best = std::mem::take(&mut b.best);
            let best_cover = best_covered(&b.touched, &b.by_entry, &mut best);
            let mut top: Vec<Scored> = Vec::with_capacity(n + 1);
            let mut floor = SCORE_FLOOR;
            let need_other = floor_other * q.total;
            // Without a page, no entry has the boost: one test.
            let need_page = if page.is_some() {
                floor_page * q.total
            } else {
                need_other
            };
            let (mut need_page, mut need_other) = (need_page, need_other);
            // The bound query_cover^(4/5) * entry_bound^(1/5) * boost >= floor, raised to the fifth power:
            // query_cover^4 * entry_bound >= (floor / boost)^5, which needs no `powf` (costly in wasm). The
            // margin keeps rounding from dropping an entry the exact score would keep.
            let fifth = |x: f32| x * x * x * x * x;
            let (mut cut_page, mut cut_other) = (fifth(floor / ITEM_BOOST), fifth(floor));
            for best_first in [true, false] {
                let entries = if best_first { &best } else { &b.touched };
                for &e in entries {
                    let (e, partial) = (e as usize, b.by_entry[e as usize]);
                    if !best_first && partial >= best_cover {
                        continue;
                    }
                    let cover = partial + b.light_total;
                    // `need_page` is the lower of the two.
                    if cover < need_page {
                        continue;
                    }
                    let on_page = self.on_page(e, page);
                    if !on_page && cover < need_other {
                        continue;
                    }
                    let query_cover = at_most_1(cover / q.total);
                    let entry_bound = at_most_1(cover / self.lightest[e]);
                    let square = query_cover * query_cover;
                    let cut = if on_page { cut_page } else { cut_other };
                    if square * square * entry_bound * (1.0 + 1e-4) >= cut {
                        // Once `top` is full, an entry must beat its last: below `beat` (the fifth power of
                        // its score without the boost, with a margin far above rounding) it cannot.
                        let beat = match top.get(n - 1) {
                            Some(last) => {
                                let boost = if on_page { ITEM_BOOST } else { 1.0 };
                                fifth(last.score / boost) / (1.0 + 1e-3)
                            }
                            None => 0.0,
                        };
                        if let Some(s) = self.score_beating(b, q, e, page, beat) {
                            self.keep_best(&mut top, s, n);
                            if top.len() == n && top[n - 1].score > floor {
                                floor = top[n - 1].score;
                                // No `powf` either (see [`rising_need`]).
                                need_other = rising_need(floor) * q.total;
                                need_page = if page.is_some() {
                                    rising_need(floor / ITEM_BOOST) * q.total
                                } else {
                                    need_other
                                };
                                (cut_page, cut_other) = (fifth(floor / ITEM_BOOST), fifth(floor));
                            }
                        }
                    }
                }
            }
            b.best = best;
            top
        })
    }

    /// Runs `f` with the buffers filled for `q` (covered weight by entry, touched entries, token marks), then
    /// zeroes them again. A concurrent query (on the server) gets buffers of its own.
    ///
    /// The query's lightest tokens, together weighing less than `light`, are not added up by entry: they are
    /// the commonest (the longest postings), and alone they cannot lift an entry to a score that matters. An
    /// entry's exact score looks them up (see [`Matcher::cover`]).
    fn with_buffers<R>(&self, q: &Query, light: f32, f: impl FnOnce(&mut Buffers) -> R) -> R {
        let mut own;
        let mut guard = self.buffers.try_lock();
        let b: &mut Buffers = match guard.as_deref_mut() {
            Ok(b) => b,
            Err(_) => {
                own = Buffers::new(self.ids.len(), self.weight.len());
                &mut own
            }
        };
        b.light.extend_from_slice(&q.known);
        b.light.sort_unstable_by(|x, y| x.1.total_cmp(&y.1));
        let mut light_total = 0.0;
        let keep = b.light.iter().take_while(|&&(_, w)| {
            light_total += w;
            light_total < light
        });
        let keep = keep.count();
        b.light.truncate(keep);
        b.light_total = b.light.iter().map(|&(_, w)| w).sum();
        // A long question's tokens together reach most entries. Then every entry counts as touched, which
        // spares the walk a test and a push per posting; an entry left at zero is no candidate anyway, since
        // the light tokens alone weigh less than `light`. (Not for `rank`, which lists exactly the touched.)
        let walk: usize = q
            .known
            .iter()
            .map(|&(t, _)| self.postings_of(t).len())
            .sum();
        let dense = light > 0.0 && walk >= DENSE_WALK * self.ids.len();
        if dense {
            self.walk_dense(q, b);
        } else {
            for &(t, w) in &q.known {
                b.mark[t as usize] = w;
                if b.light.iter().any(|&(l, _)| l == t) {
                    continue;
                }
                for &e in self.postings_of(t) {
                    let cell = &mut b.by_entry[e as usize];
                    if *cell == 0.0 {
                        b.touched.push(e);
                    }
                    *cell += w;
                }
            }
        }
        let result = f(b);
        if dense {
            b.by_entry.fill(0.0);
        } else {
            for &e in &b.touched {
                b.by_entry[e as usize] = 0.0;
            }
        }
        b.touched.clear();
        b.light.clear();
        for &(t, _) in &q.known {
            b.mark[t as usize] = 0.0;
        }
        result
    }

    /// [`Matcher::with_buffers`]'s walk when it counts every entry as touched.
    fn walk_dense(&self, q: &Query, b: &mut Buffers) {
        for &(t, w) in &q.known {
            b.mark[t as usize] = w;
            if !b.light.iter().any(|&(l, _)| l == t) {
                add_dense(&mut b.by_entry, self.postings_of(t), w);
            }
        }
        b.touched.extend(0..self.ids.len() as u32);
    }

    /// The query weight entry `e` covers.
    fn cover(&self, b: &Buffers, e: usize) -> f32 {
        let light: f32 = b
            .light
            .iter()
            .filter(|&&(t, _)| self.has(t, e))
            .map(|&(_, w)| w)
            .sum();
        b.by_entry[e] + light
    }

    /// The exact score of entry `e`.
    fn score(&self, b: &Buffers, q: &Query, e: usize, page: Option<u32>) -> Scored {
        match self.score_beating(b, q, e, page, 0.0) {
            Some(s) => s,
            None => unreachable!("every score beats 0"),
        }
    }

    /// The exact score of entry `e`, or `None` when `query_cover^4 * entry_cover` (the fifth power of its
    /// score without the boost) is below `beat`: then its phrasings are summed only until none left can
    /// reach it, and no `powf` is spent.
    fn score_beating(
        &self,
        b: &Buffers,
        q: &Query,
        e: usize,
        page: Option<u32>,
        beat: f32,
    ) -> Option<Scored> {
        let cover = self.cover(b, e);
        let query_cover = at_most_1(cover / q.total);
        let square = query_cover * query_cover;
        let fourth = square * square;
        // The least entry cover that can beat `beat` (0 when anything does).
        let least = if beat > 0.0 { beat / fourth } else { 0.0 };
        let mut entry_cover = 0.0f32;
        for p in self.phrase_start[e] as usize..self.phrase_start[e + 1] as usize {
            let weight = self.phrase_weight[p];
            let weight = if weight > 1e-6 { weight } else { 1e-6 };
            // A phrasing shares at most the entry's covered weight (up to rounding: the sums add in other
            // orders, hence the margin); the phrasings are lightest first, so once one cannot do better,
            // none of the rest can, and the result is the exact best whatever the order. Nor can the rest
            // reach `least` then, when the best so far is below it: the entry is out.
            let reach = cover / weight * (1.0 + 1e-4);
            if reach < entry_cover {
                break;
            }
            if reach < least {
                return None;
            }
            let ids = self.token_start[p] as usize..self.token_start[p + 1] as usize;
            let shared = self.phrase_tokens.sum(ids, &b.mark);
            let this = shared / weight;
            if this > entry_cover {
                entry_cover = this;
            }
        }
        let entry_cover = if entry_cover < 1.0 { entry_cover } else { 1.0 };
        if fourth * entry_cover < beat {
            return None;
        }
        let mut score = blend(query_cover, entry_cover);
        if self.on_page(e, page) {
            score *= ITEM_BOOST;
        }
        Some(Scored {
            entry: e,
            score,
            query_cover,
            entry_cover,
        })
    }

    /// Higher score first; among equal scores, entries that say how to apply, then entry order, so results
    /// are stable.
    fn by_score(&self, a: &Scored, b: &Scored) -> std::cmp::Ordering {
        (b.score.total_cmp(&a.score))
            .then(self.is_how_to(b.entry).cmp(&self.is_how_to(a.entry)))
            .then(a.entry.cmp(&b.entry))
    }

    /// Whether entry `e`'s question says how to apply (see `Matcher::how_to`).
    fn is_how_to(&self, e: usize) -> bool {
        self.how_to[e / 64] >> (e % 64) & 1 != 0
    }

    /// Whether entry `e` is the general guide to its item (see `Matcher::guides`).
    fn is_guide(&self, e: usize) -> bool {
        self.guides[e / 64] >> (e % 64) & 1 != 0
    }

    /// Inserts `s` into `top` (best first, at most `n`) if it belongs there.
    fn keep_best(&self, top: &mut Vec<Scored>, s: Scored, n: usize) {
        keep_best_by(top, s, n, |a, b| self.by_score(a, b));
    }

    fn page(&self, item: Option<&str>) -> Option<u32> {
        item.and_then(|name| self.item_names.get(name).copied())
    }

    fn on_page(&self, e: usize, page: Option<u32>) -> bool {
        page.is_some() && self.items[e] == page
    }

    /// The query's known tokens and the total weight of all its tokens, known or not.
    fn query(&self, text: &str) -> Query {
        let text = &*self.lexicon.folded(text);
        let mut own;
        let mut guard = self.text_buffers.try_lock();
        let (scratch, keys) = match guard.as_deref_mut() {
            Ok((scratch, keys)) => (scratch, keys),
            Err(_) => {
                own = (Scratch::default(), Vec::new());
                (&mut own.0, &mut own.1)
            }
        };
        let length = self.lexicon.tokens_into(text, true, scratch, keys);
        keys.sort_unstable();
        keys.dedup();
        let mut known = Vec::with_capacity(keys.len());
        let mut total = 0.0;
        for &key in keys.iter() {
            match self.vocab.get(&key) {
                Some(&id) => {
                    let w = self.weight[id as usize];
                    known.push((id, w));
                    total += w;
                }
                None => total += self.unseen_weight(key),
            }
        }
        known.sort_unstable_by_key(|&(id, _)| id);
        if total <= 0.0 {
            known.clear();
        }
        Query {
            known,
            total,
            length,
        }
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
            Channel::Word => self.unseen_idf * UNSEEN_WORD_FACTOR,
            Channel::Term => 0.0,
        }
    }

    fn char_idf(&self, c: char) -> f32 {
        match self.vocab.get(&lexicon::unigram(c)) {
            Some(&id) => self.weight[id as usize] / UNIGRAM_FACTOR,
            None if self.lexicon.is_stop(c) => 0.0,
            None => self.unseen_idf,
        }
    }

    /// The best entries with their scores and the best one's lead over the runner-up (see
    /// [`Matcher::decide`]): for tuning the confidence rule on the labelled questions (`core/tests/eval.rs`).
    #[doc(hidden)]
    pub fn explain(&self, query: &str, item: Option<&str>) -> (Vec<Scored>, f32) {
        let q = self.query(query);
        let top = self.top(&q, item, MAX_SUGGESTIONS + 1);
        let lead = top
            .first()
            .map_or(0.0, |a| self.lead(&q, a.entry, top.get(1).map(|b| b.entry)));
        (top, lead)
    }
}

impl Matcher {
    /// The largest share of the query's weight that one phrasing of entry `e` explains by itself (the
    /// entry's score counts its phrasings together).
    fn phrasing_cover(&self, q: &Query, e: usize) -> f32 {
        let mut best = 0.0f32;
        self.shared_by_phrasing(q, e, |_, shared| {
            if shared > best {
                best = shared;
            }
        });
        best / q.total
    }

    /// Calls `f` with each phrasing of entry `e` and the query weight it shares, summed in the phrasing's
    /// order: through the buffers' token marks, set for the query's tokens and cleared after (a lookup per
    /// phrasing token, where searching the query cost about as much as ranking at 200 entries), or, when a
    /// concurrent query holds the buffers, by searching the query. Both add the same weights in the same
    /// order (the marks add zeros between them, which change no sum).
    fn shared_by_phrasing(&self, q: &Query, e: usize, mut f: impl FnMut(usize, f32)) {
        let range = self.phrase_start[e] as usize..self.phrase_start[e + 1] as usize;
        let tokens = |p: usize| self.token_start[p] as usize..self.token_start[p + 1] as usize;
        if let Ok(mut b) = self.buffers.try_lock() {
            let mark = &mut b.mark;
            for &(t, w) in &q.known {
                mark[t as usize] = w;
            }
            for p in range {
                f(p, self.phrase_tokens.sum(tokens(p), mark));
            }
            for &(t, _) in &q.known {
                mark[t as usize] = 0.0;
            }
            return;
        }
        for p in range {
            let shared: f32 = tokens(p)
                .filter_map(|i| {
                    let t = self.phrase_tokens.get(i);
                    let at = q.known.binary_search_by_key(&t, |&(id, _)| id).ok()?;
                    Some(q.known[at].1)
                })
                .sum();
            f(p, shared);
        }
    }

    /// [`Matcher::phrasing_cover`] of `query` for the entry at `index`, for the tuning dump.
    #[doc(hidden)]
    pub fn explain_phrasing_cover(&self, query: &str, index: usize) -> f32 {
        let q = self.query(query);
        self.phrasing_cover(&q, index)
    }

    /// Everything the confidence rule could look at for `query`, as JSON: the best entries, and each query
    /// token with its weight, document frequency, and which of the best entries have it in their phrasings
    /// (`in`, a bit per entry) and in their answers (`ans`, from `answers`, indexed like the snapshot's
    /// entries). For fitting the rule on the tuning half (`core/tests/eval.rs`).
    #[doc(hidden)]
    pub fn diagnose(&self, query: &str, item: Option<&str>, answers: &[&str]) -> serde_json::Value {
        let query = &*self.lexicon.folded(query);
        let q = self.query(query);
        let top = self.top(&q, item, MAX_SUGGESTIONS + 1);
        let mut keys = Vec::new();
        self.lexicon
            .tokens_into(query, true, &mut Scratch::default(), &mut keys);
        keys.sort_unstable();
        keys.dedup();
        let answer_keys: Vec<std::collections::HashSet<u64>> = top
            .iter()
            .map(|s| {
                let mut out = Vec::new();
                if let Some(a) = answers.get(s.entry) {
                    self.lexicon
                        .tokens_into(a, false, &mut Scratch::default(), &mut out);
                }
                out.into_iter().collect()
            })
            .collect();
        let tokens: Vec<serde_json::Value> = keys
            .iter()
            .map(|&key| {
                let id = self.vocab.get(&key).copied();
                let (w, df) = match id {
                    Some(id) => (self.weight[id as usize], self.postings_of(id).len()),
                    None => (self.unseen_weight(key), 0),
                };
                let mut inside = 0u32;
                let mut ans = 0u32;
                for (i, s) in top.iter().enumerate() {
                    if id.is_some_and(|id| self.has(id, s.entry)) {
                        inside |= 1 << i;
                    }
                    if answer_keys[i].contains(&key) {
                        ans |= 1 << i;
                    }
                }
                let name = match lexicon::channel(key) {
                    Channel::Unigram => {
                        char::from_u32((key & 0x1F_FFFF) as u32).map_or(String::new(), String::from)
                    }
                    Channel::Bigram => {
                        let (a, b) = lexicon::bigram_chars(key);
                        [a, b].iter().collect()
                    }
                    Channel::Term => "#term".into(),
                    Channel::Word => "#word".into(),
                };
                serde_json::json!({"t": name, "id": id, "w": w, "df": df, "in": inside, "ans": ans})
            })
            .collect();
        let top: Vec<serde_json::Value> = top
            .iter()
            .map(|s| {
                let mut union: Vec<u32> = Vec::new();
                let (from, to) = (self.phrase_start[s.entry], self.phrase_start[s.entry + 1]);
                for p in from as usize..to as usize {
                    let (a, b) = (self.token_start[p] as usize, self.token_start[p + 1] as usize);
                    union.extend((a..b).map(|i| self.phrase_tokens.get(i)));
                }
                union.sort_unstable();
                union.dedup();
                let union: Vec<(u32, f32)> =
                    union.iter().map(|&t| (t, self.weight[t as usize])).collect();
                serde_json::json!({"id": self.ids[s.entry], "item": self.items[s.entry], "s": s.score,
                    "qc": s.query_cover, "ec": s.entry_cover, "toks": union})
            })
            .collect();
        serde_json::json!({"total": q.total, "top": top, "tokens": tokens, "n": self.ids.len()})
    }
}

/// The names of `index`, by their index.
fn names_by_index(index: &HashMap<String, u32, KeyHash>) -> Vec<String> {
    let mut names = vec![String::new(); index.len()];
    for (name, &i) in index {
        names[i as usize] = name.clone();
    }
    names
}

/// An entry's score from its two coverages: `query_cover^QUERY_SHARE * entry_cover^(1 - QUERY_SHARE)`,
/// with one `powf` (costly in wasm) instead of two.
fn blend(query_cover: f32, entry_cover: f32) -> f32 {
    let square = query_cover * query_cover;
    (square * square * entry_cover).powf(1.0 - QUERY_SHARE)
}

/// `x.min(1.0)` without a call (`f32::min` is a function in wasm); 1 for NaN too, like `f32::min`.
fn at_most_1(x: f32) -> f32 {
    if x < 1.0 { x } else { 1.0 }
}

/// The share of the query's weight an entry must cover to reach [`SCORE_FLOOR`], with and without the
/// page's boost: `(floor / boost)^(1 / QUERY_SHARE)`, computed once (`powf` is costly in wasm).
fn floor_need() -> [f32; 2] {
    static NEED: std::sync::OnceLock<[f32; 2]> = std::sync::OnceLock::new();
    *NEED.get_or_init(|| {
        [ITEM_BOOST, 1.0].map(|boost| (SCORE_FLOOR / boost).powf(1.0 / QUERY_SHARE))
    })
}

/// `x^(1 / QUERY_SHARE)` (`x^1.25` = `x * x^(1/4)`, two square roots instead of a `powf`) less a margin far
/// above their rounding, so that the cover it asks for is never more than the exact power's: for the floor
/// once the best few are full, where [`Matcher::top`]'s exact scores settle what the bound lets through.
fn rising_need(x: f32) -> f32 {
    x * x.sqrt().sqrt() * (1.0 - 1e-4)
}

/// Adds `w` to the covered weight of each entry of `postings`.
/// The highest covered weight of the `touched` entries, and in `best` (cleared first) the entries that have it.
/// A function of its own: inlined in [`Matcher::top`], its running maximum lived in memory natively, a store
/// and a load on every entry's path (natively, query p50 at 2,000 entries 11-12 -> 9 µs; V8 was not affected).
#[inline(never)]
fn best_covered(touched: &[u32], by_entry: &[f32], best: &mut Vec<u32>) -> f32 {
    best.clear();
    let mut best_cover = 0.0f32;
    for &e in touched {
        let cover = by_entry[e as usize];
        if cover > best_cover {
            best_cover = cover;
            best.clear();
        }
        if cover == best_cover {
            best.push(e);
        }
    }
    best_cover
}

fn add_dense(by_entry: &mut [f32], postings: &[u32], w: f32) {
    for &e in postings {
        by_entry[e as usize] += w;
    }
}

/// Inserts `s` into `top` (best first by `by_score`, at most `n`) if it belongs there.
fn keep_best_by(
    top: &mut Vec<Scored>,
    s: Scored,
    n: usize,
    by_score: impl Fn(&Scored, &Scored) -> std::cmp::Ordering,
) {
    if top.len() < n || by_score(&s, &top[top.len() - 1]).is_lt() {
        let at = top.partition_point(|t| by_score(t, &s).is_lt());
        top.insert(at, s);
        top.truncate(n);
    }
}

/// Where each entry's phrasings start, where each phrasing's tokens start, and the tokens.
type Phrasings = (Vec<u32>, Vec<u32>, PhraseTokens, Vec<u32>);

/// The phrasings' token ids, new tokens added to `vocab`: where each entry's phrasings start, where each
/// phrasing's tokens start, the tokens (each phrasing's distinct ids in the order first met), and for each
/// token how many entries have it.
fn phrasings(
    entries: &[IndexEntry<'_>],
    lexicon: &Lexicon,
    vocab: &mut HashMap<u64, u32, KeyHash>,
) -> Result<Phrasings, Utf8Error> {
    let count = entries.iter().map(phrasing_count).sum();
    let mut phrase_start = Vec::with_capacity(entries.len() + 1);
    let mut texts = Texts::new(count);
    for entry in entries {
        phrase_start.push(texts.spans.phrasings());
        texts.add(entry, lexicon, vocab)?;
    }
    phrase_start.push(texts.spans.phrasings());
    let Texts { spans, pieces, .. } = texts;
    let (token_start, phrase_tokens, df) = spans.tokens(&pieces.ids, vocab.len(), &phrase_start);
    Ok((phrase_start, token_start, phrase_tokens, df))
}

/// The phrasings' tokens while [`phrasings`] builds them.
struct Texts<'a> {
    spans: Spans,
    pieces: PieceCache,
    /// The keywords and item names seen so far: knowledge bases repeat them across entries (an item's
    /// entries share its name), and a repeated text then costs one hash of its bytes.
    known: HashMap<&'a str, [u32; 2], KeyHash>,
    scratch: Scratch,
    chars: Vec<char>,
}

impl<'a> Texts<'a> {
    fn new(phrasings: usize) -> Texts<'a> {
        Texts {
            spans: Spans::with_capacity(phrasings),
            pieces: PieceCache::default(),
            known: HashMap::default(),
            scratch: Scratch::default(),
            chars: Vec::new(),
        }
    }

    /// Adds the phrasings of `entry` (see [`phrasing_count`]); fails on a question that is not UTF-8. Not
    /// inlined: see [`Spans::write`].
    #[inline(never)]
    fn add(
        &mut self,
        entry: &'a IndexEntry<'a>,
        lexicon: &Lexicon,
        vocab: &mut HashMap<u64, u32, KeyHash>,
    ) -> Result<(), Utf8Error> {
        let Texts {
            spans,
            pieces,
            chars,
            scratch,
            ..
        } = self;
        let answer = entry.answer.as_ref().filter(|_| entry.answer_indexed());
        for text in std::iter::once(&entry.question)
            .chain(&entry.similar)
            .chain(answer)
        {
            if lexicon.spaces_cut() {
                for_each_run(text, |run| {
                    spans
                        .spans
                        .push(pieces.run_span(lexicon, vocab, chars, run)?);
                    Ok(())
                })?;
            } else {
                let text = std::str::from_utf8(text)?;
                lexicon.for_each_piece(text, false, scratch, |piece| {
                    spans.spans.push(pieces.piece_span(lexicon, vocab, piece))
                });
            }
            spans.close();
        }
        // The keywords (together) and the item name, texts that repeat across entries.
        for texts in [&entry.keywords[..], entry.item.as_slice()] {
            if texts.is_empty() {
                continue;
            }
            for text in texts {
                let span = *self
                    .known
                    .entry(text)
                    .or_insert_with(|| pieces.text_span(lexicon, vocab, scratch, text));
                spans.spans.push(span);
            }
            spans.close();
        }
        Ok(())
    }
}

/// The phrasings' token ids while building, each phrasing as spans of [`PieceCache`]'s ids (which hold each
/// distinct run, piece and repeated text once). The flat token array, the index's largest, is written from
/// them once all are known, so that it is allocated once: grown by doubling, it held up to half again its
/// size unused, and twice that while the last doubling copied it (in wasm, memory once grown stays). It is
/// allocated for all the spans' ids, of which a phrasing's repeated ids are then left out: about 5% more
/// than it keeps (4.5% at the bench's 20,000 entries, 5% on the demo knowledge base), for one pass over
/// the spans instead of a pass to count and one to write.
struct Spans {
    /// Spans of phrasing `p`: `spans[start[p]..start[p + 1]]`, each `[from, to)` in the cache's ids.
    start: Vec<u32>,
    spans: Vec<[u32; 2]>,
}

impl Spans {
    fn with_capacity(phrasings: usize) -> Spans {
        let mut start = Vec::with_capacity(phrasings + 1);
        start.push(0);
        Spans {
            start,
            spans: Vec::new(),
        }
    }

    /// How many phrasings were closed.
    fn phrasings(&self) -> u32 {
        self.start.len() as u32 - 1
    }

    /// Ends the phrasing whose spans were pushed since the last call.
    fn close(&mut self) {
        self.start.push(self.spans.len() as u32);
    }

    /// The phrasings' tokens: where each phrasing's tokens start (and the end of the last), the tokens,
    /// each phrasing's distinct ids in the order first met, and for each token id how many entries have it
    /// (entry `e`'s phrasings are `phrase_start[e]..phrase_start[e + 1]`), counted as they are written so
    /// that [`invert`] need not read the tokens twice.
    fn tokens(
        &self,
        ids: &[u32],
        vocab: usize,
        phrase_start: &[u32],
    ) -> (Vec<u32>, PhraseTokens, Vec<u32>) {
        let most: usize = self.spans.iter().map(|&[a, b]| (b - a) as usize).sum();
        let mut tokens = PhraseTokens::zeros(most, vocab);
        let mut token_start = Vec::with_capacity(self.start.len());
        token_start.push(0u32);
        let mut seen = vec![0u32; vocab];
        let mut df = vec![0u32; vocab];
        let mut at = 0;
        for e in phrase_start.windows(2) {
            // Phrasings are numbered from 1 in `seen`: a token last seen before this entry's first phrasing is
            // new to the entry.
            let first = e[0] + 1;
            for phrasing in e[0]..e[1] {
                let w = &self.start[phrasing as usize..phrasing as usize + 2];
                let spans = &self.spans[w[0] as usize..w[1] as usize];
                let (seen, df) = (&mut seen, &mut df);
                let high = tokens.high.get_mut(at..).unwrap_or_default();
                at += Spans::write(
                    spans,
                    ids,
                    [first, phrasing + 1],
                    seen,
                    df,
                    [&mut tokens.low[at..], high],
                );
                token_start.push(at as u32);
            }
        }
        // The allocator gives the unused end back in place, for the arrays allocated next.
        for plane in [&mut tokens.low, &mut tokens.high] {
            plane.truncate(at);
            plane.shrink_to_fit();
        }
        (token_start, tokens, df)
    }

    /// Writes to `out` the distinct ids of one phrasing's `spans`, numbered `phrasing` (from 1) in `seen`,
    /// which holds each token id's last phrasing, and returns how many; `out` has room for all the spans'
    /// ids. Adds 1 to `df` for each id not seen since `first`, the entry's first phrasing. Branch-free:
    /// every id is written, and kept (the next one written after it) only if it is new.
    ///
    /// Not inlined: V8 moves a wasm function to its optimizing tier only between calls, so a loop over the
    /// whole index inside a function called once runs in the baseline tier throughout (inlined, the loops
    /// took about twice as long in Node as the per-span function before).
    #[inline(never)]
    fn write(
        spans: &[[u32; 2]],
        ids: &[u32],
        [first, phrasing]: [u32; 2],
        seen: &mut [u32],
        df: &mut [u32],
        [low, high]: [&mut [u16]; 2],
    ) -> usize {
        let mut n = 0;
        let wide = !high.is_empty();
        for &[a, b] in spans {
            for &id in &ids[a as usize..b as usize] {
                let last = &mut seen[id as usize];
                low[n] = id as u16;
                if wide {
                    high[n] = (id >> 16) as u16;
                }
                n += usize::from(*last != phrasing);
                df[id as usize] += u32::from(*last < first);
                *last = phrasing;
            }
        }
        n
    }
}

/// Token ids by piece, while building: knowledge bases repeat pieces (item names, 材料, 办理时限 ...), and a
/// repeated piece costs one hash of its characters instead of its tokens' lookups. Runs of text between
/// punctuation repeat too (an entry's similar questions often open alike: 办理居住证，...), and a repeated run
/// costs one hash of its bytes, before they are even decoded, instead of finding its pieces.
#[derive(Default)]
struct PieceCache {
    /// Piece key to (start, length) in `chars` and (start, length) in `ids`.
    index: HashMap<u64, [u32; 4], KeyHash>,
    /// The same for runs of a text as written, with their start and length in `bytes`.
    runs: HashMap<u64, [u32; 4], KeyHash>,
    /// A run's ids while its pieces are looked up.
    run: Vec<u32>,
    chars: Vec<char>,
    bytes: Vec<u8>,
    ids: Vec<u32>,
    keys: Vec<u64>,
}

/// The span of ids that `map` holds for `text` under `key` (`[chars from, chars len, ids from, ids len]`),
/// when the characters it was stored for in `chars` are `text` (keys are hashes, so two texts may share one).
fn cached(
    map: &HashMap<u64, [u32; 4], KeyHash>,
    chars: &[char],
    key: u64,
    text: &[char],
) -> Option<[u32; 2]> {
    let &[c, cl, i, il] = map.get(&key)?;
    (chars[c as usize..(c + cl) as usize] == *text).then_some([i, i + il])
}

impl PieceCache {
    /// Where the token ids of `piece` are in `ids`, new tokens added to `vocab`.
    fn piece_span(
        &mut self,
        lexicon: &Lexicon,
        vocab: &mut HashMap<u64, u32, KeyHash>,
        piece: &[char],
    ) -> [u32; 2] {
        let key = lexicon::chars_key(piece);
        if let Some(span) = cached(&self.index, &self.chars, key, piece) {
            return span;
        }
        self.keys.clear();
        lexicon.piece_tokens(piece, &mut self.keys);
        let (c, i) = (self.chars.len() as u32, self.ids.len() as u32);
        for &k in &self.keys {
            let next = vocab.len() as u32;
            self.ids.push(*vocab.entry(k).or_insert(next));
        }
        self.chars.extend_from_slice(piece);
        let entry = [c, piece.len() as u32, i, self.ids.len() as u32 - i];
        self.index.entry(key).or_insert(entry);
        [i, self.ids.len() as u32]
    }

    /// Where the token ids of `run`, a run of a text as written (see [`for_each_run`]; runs can be cut into
    /// pieces apart when [`Lexicon::spaces_cut`]), are in `ids`, new tokens added to `vocab`: the ids of the
    /// pieces of its normalised characters (put in `chars`), in order. Fails if `run` is not UTF-8, which
    /// is checked when it is first met (a run met again is the same bytes). Not inlined: see
    /// [`Spans::write`].
    #[inline(never)]
    fn run_span(
        &mut self,
        lexicon: &Lexicon,
        vocab: &mut HashMap<u64, u32, KeyHash>,
        chars: &mut Vec<char>,
        bytes: &[u8],
    ) -> Result<[u32; 2], Utf8Error> {
        let key = bytes_key(bytes);
        if let Some(&[b, bl, i, il]) = self.runs.get(&key)
            && self.bytes[b as usize..(b + bl) as usize] == *bytes
        {
            return Ok([i, i + il]);
        }
        chars.clear();
        normalize_chars(std::str::from_utf8(bytes)?, chars);
        let mut ids = std::mem::take(&mut self.run);
        ids.clear();
        lexicon.for_each_piece_in(chars, |piece| {
            let [a, b] = self.piece_span(lexicon, vocab, piece);
            ids.extend_from_slice(&self.ids[a as usize..b as usize])
        });
        let [i, end] = self.keep(&ids);
        self.run = ids;
        let b = self.bytes.len() as u32;
        self.bytes.extend_from_slice(bytes);
        self.runs
            .entry(key)
            .or_insert([b, bytes.len() as u32, i, end - i]);
        Ok([i, end])
    }

    /// Where the token ids of a whole text (a keyword or an item name) are in `ids`, new tokens added to
    /// `vocab`: its pieces' ids in order, stored again as one span (the caller keeps it by text).
    fn text_span(
        &mut self,
        lexicon: &Lexicon,
        vocab: &mut HashMap<u64, u32, KeyHash>,
        scratch: &mut Scratch,
        text: &str,
    ) -> [u32; 2] {
        let mut ids = std::mem::take(&mut self.run);
        ids.clear();
        lexicon.for_each_piece(text, false, scratch, |piece| {
            let [a, b] = self.piece_span(lexicon, vocab, piece);
            ids.extend_from_slice(&self.ids[a as usize..b as usize])
        });
        let span = self.keep(&ids);
        self.run = ids;
        span
    }

    /// Appends `ids` to `ids` and returns where they are.
    fn keep(&mut self, ids: &[u32]) -> [u32; 2] {
        let from = self.ids.len() as u32;
        self.ids.extend_from_slice(ids);
        [from, self.ids.len() as u32]
    }
}

/// Appends to `out` the sum of the token weights of each phrasing whose tokens start at `starts` (one entry's,
/// and the end of its last), each added in its tokens' order (as `Iterator::sum` does, from -0.0), so that
/// every sum is the same to the bit. (Summing four phrasings side by side, so that four chains of dependent
/// additions keep the processor busy, was within the noise in V8 and cost the widget about 200 bytes.) Not
/// inlined: see [`Spans::write`].
#[inline(never)]
fn weight_sums(starts: &[u32], tokens: &PhraseTokens, weight: &[f32], out: &mut Vec<f32>) {
    for w in starts.windows(2) {
        out.push(tokens.sum(w[0] as usize..w[1] as usize, weight));
    }
}

/// Each phrasing's weight (the sum of its tokens' `weight`), and the phrasings of each entry reordered by
/// ascending weight (ties in their order). The tokens move within their entry's span, through a buffer of
/// one entry's size: no second copy of the index's largest array. An entry is weighed and reordered in one
/// go, while its tokens are in the cache.
fn lightest_first(
    phrase_start: &[u32],
    mut token_start: Vec<u32>,
    mut phrase_tokens: PhraseTokens,
    weight: &[f32],
) -> (Vec<u32>, PhraseTokens, Vec<f32>) {
    let mut entry = EntryBuffers::default();
    let mut phrase_weight = Vec::with_capacity(token_start.len().saturating_sub(1));
    for w in phrase_start.windows(2) {
        let (first, end) = (w[0] as usize, w[1] as usize);
        let starts = &token_start[first..=end];
        weight_sums(starts, &phrase_tokens, weight, &mut phrase_weight);
        entry.lightest_first(
            first..end,
            &mut token_start,
            &mut phrase_tokens,
            &mut phrase_weight,
        );
    }
    (token_start, phrase_tokens, phrase_weight)
}

/// One entry's phrasings while [`lightest_first`] reorders them.
#[derive(Default)]
struct EntryBuffers {
    order: Vec<usize>,
    tokens: Vec<u16>,
    starts: Vec<u32>,
    weights: Vec<f32>,
}

impl EntryBuffers {
    /// Reorders the phrasings `phrasings` (one entry's) by ascending weight, if they are not in that order.
    /// Not inlined: see [`Spans::write`].
    #[inline(never)]
    fn lightest_first(
        &mut self,
        phrasings: std::ops::Range<usize>,
        token_start: &mut [u32],
        phrase_tokens: &mut PhraseTokens,
        phrase_weight: &mut [f32],
    ) {
        let (first, end) = (phrasings.start, phrasings.end);
        let each = &phrase_weight[first..end];
        if each.windows(2).all(|p| p[0] <= p[1]) {
            return;
        }
        let EntryBuffers {
            order,
            tokens,
            starts,
            weights,
        } = self;
        order.clear();
        order.extend(first..end);
        order.sort_by(|&a, &b| phrase_weight[a].total_cmp(&phrase_weight[b]));
        let (from, to) = (token_start[first] as usize, token_start[end] as usize);
        starts.clear();
        starts.extend_from_slice(&token_start[first..=end]);
        weights.clear();
        weights.extend_from_slice(each);
        // Each plane of the tokens (the high one is empty unless the vocabulary needs it).
        for plane in [&mut phrase_tokens.low, &mut phrase_tokens.high] {
            let Some(plane) = plane.get_mut(from..to) else {
                continue;
            };
            tokens.clear();
            tokens.extend_from_slice(plane);
            let mut at = 0;
            for &p in order.iter() {
                let (a, b) = (
                    starts[p - first] - starts[0],
                    starts[p + 1 - first] - starts[0],
                );
                plane[at..at + (b - a) as usize].copy_from_slice(&tokens[a as usize..b as usize]);
                at += (b - a) as usize;
            }
        }
        let mut at = from as u32;
        for (slot, &p) in (first..end).zip(order.iter()) {
            at += starts[p + 1 - first] - starts[p - first];
            token_start[slot + 1] = at;
            phrase_weight[slot] = weights[p - first];
        }
    }
}

/// Entry postings from the phrasings' tokens and each token's entry count `df` (from [`Spans::tokens`]): for
/// each token, the entries having it, ascending, as offsets into one flat array, written an entry at a time
/// (see [`Spans::write`] for why the loops over one entry's tokens are functions of their own).
fn invert(
    phrase_start: &[u32],
    token_start: &[u32],
    tokens: &PhraseTokens,
    df: Vec<u32>,
) -> (Vec<u32>, Vec<u32>) {
    let entry_tokens = |e: usize| {
        let from = token_start[phrase_start[e] as usize] as usize;
        from..token_start[phrase_start[e + 1] as usize] as usize
    };
    let entries = phrase_start.len().saturating_sub(1);
    let vocab = df.len();
    let mut start = df;
    start.insert(0, 0);
    for i in 0..vocab {
        start[i + 1] += start[i];
    }
    let mut last = vec![u32::MAX; vocab];
    let mut fill = start.clone();
    let mut postings = vec![0u32; start[vocab] as usize];
    for e in 0..entries {
        post_entry(
            tokens,
            entry_tokens(e),
            e as u32,
            &mut last,
            &mut fill,
            &mut postings,
        );
    }
    (start, postings)
}

/// Writes entry `e` into the postings of each distinct token of its `tokens`, at `fill`, which it advances.
#[inline(never)]
fn post_entry(
    tokens: &PhraseTokens,
    range: std::ops::Range<usize>,
    e: u32,
    last: &mut [u32],
    fill: &mut [u32],
    postings: &mut [u32],
) {
    tokens.each(range, |t| {
        if last[t as usize] != e {
            last[t as usize] = e;
            postings[fill[t as usize] as usize] = e;
            fill[t as usize] += 1;
        }
    });
}

/// The phrasings' token ids (see [`Matcher::phrase_tokens`]), the index's largest array: each id's low 16 bits,
/// and its high 16 bits only when the vocabulary has more than 65,536 tokens (`high` is empty otherwise). A
/// knowledge base of 20,000 entries with 8 similar questions each has about 12 million phrasing tokens, and
/// often fewer than 65,536 distinct ones (the benchmark's has 6,172): 2 bytes a token instead of 4, a quarter
/// less wasm memory (82 MB instead of 107 MB after the benchmark's build), which is never given back.
struct PhraseTokens {
    low: Vec<u16>,
    high: Vec<u16>,
}

impl PhraseTokens {
    /// Room for `len` tokens of a vocabulary of `vocab` tokens, all 0.
    fn zeros(len: usize, vocab: usize) -> PhraseTokens {
        let wide = vocab > 1 << 16;
        PhraseTokens {
            low: vec![0; len],
            high: if wide { vec![0; len] } else { Vec::new() },
        }
    }

    /// Token `i`.
    fn get(&self, i: usize) -> u32 {
        let low = u32::from(self.low[i]);
        self.high.get(i).map_or(low, |&h| u32::from(h) << 16 | low)
    }

    /// Calls `f` with each token of `range`, in order: one loop for each width.
    fn each(&self, range: std::ops::Range<usize>, mut f: impl FnMut(u32)) {
        let low = &self.low[range.clone()];
        if self.high.is_empty() {
            low.iter().for_each(|&l| f(u32::from(l)));
        } else {
            for (&l, &h) in low.iter().zip(&self.high[range]) {
                f(u32::from(h) << 16 | u32::from(l));
            }
        }
    }

    /// The sum of `table`'s values of the tokens of `range`, added in their order from -0.0 (as
    /// `Iterator::sum` adds), so that the same tokens always give the same sum to the bit. Not inlined: one
    /// copy of both loops for the build's and the queries' sums.
    #[inline(never)]
    fn sum(&self, range: std::ops::Range<usize>, table: &[f32]) -> f32 {
        let mut sum = -0.0;
        self.each(range, |t| sum += table[t as usize]);
        sum
    }
}

/// The entries having each common token, one bit per entry: whether an entry has a token is asked for the
/// query's lightest (commonest) tokens of every entry scored exactly, and for a common token a bit test is
/// cheaper than a binary search in its long postings. The bits come on top of the postings (still needed for
/// adding up) and take at most as many bytes as the postings they mirror.
struct Dense {
    /// For each token, where its bits start in `bits` (in words), or `u32::MAX` for a token with postings
    /// too short to be worth it.
    start: Vec<u32>,
    bits: Vec<u64>,
}

impl Dense {
    /// Tokens that at least one entry in this many has get bits.
    const COMMON: usize = 32;

    fn new(post_start: &[u32], postings: &[u32], entries: usize) -> Dense {
        let words = entries.div_ceil(64);
        let common = |w: &[u32]| (w[1] - w[0]) as usize * Dense::COMMON >= entries;
        let mut bits =
            Vec::with_capacity(post_start.windows(2).filter(|w| common(w)).count() * words);
        let start = (post_start.windows(2))
            .map(|w| {
                if !common(w) {
                    return u32::MAX;
                }
                let from = bits.len();
                bits.resize(from + words, 0u64);
                set_bits(&postings[w[0] as usize..w[1] as usize], &mut bits[from..]);
                from as u32
            })
            .collect();
        Dense { start, bits }
    }

    /// Whether entry `e` has token `t`, if `t` has bits.
    fn has(&self, t: u32, e: usize) -> Option<bool> {
        let from = *self.start.get(t as usize).filter(|&&f| f != u32::MAX)? as usize;
        Some(self.bits[from + e / 64] >> (e % 64) & 1 != 0)
    }
}

/// Sets the bit of each entry of `list` in `bits`.
#[inline(never)]
fn set_bits(list: &[u32], bits: &mut [u64]) {
    for &e in list {
        bits[e as usize / 64] |= 1 << (e % 64);
    }
}

/// A hash of `bytes`, for [`PieceCache`]'s keys (a key's text is compared too: keys may collide).
fn bytes_key(bytes: &[u8]) -> u64 {
    let mut hasher = KeyHasher(bytes.len() as u64);
    hasher.write(bytes);
    hasher.finish()
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
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.write_u64(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(last));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Which of the knowledge base's intent terms (`intents`, ascending ids: bit `i` for `intents[i]`) are among
/// `tokens`.
fn intent_bits(intents: &[u32], tokens: impl Iterator<Item = u32>) -> u32 {
    let mut bits = 0;
    for t in tokens {
        if let Ok(i) = intents.binary_search(&t) {
            bits |= 1 << i;
        }
    }
    bits
}

/// What each entry's own question asks, found once at build time from the phrasings in their first order (the
/// question is an entry's first phrasing, its item's name its last when it has one).
struct Intents {
    /// The intents the question names, as bits of positions in the sorted intent ids.
    asked: Vec<u32>,
    /// The entries whose question says how to apply (流程, 网上办理, or only 如何 … and no intent: see
    /// [`asks_how`]), a bit each.
    how_to: Vec<u64>,
    /// Of those, the general guides to their item: the question names no intent but [`GUIDE_INTENTS`], or
    /// only intents its item's name has too.
    guides: Vec<u64>,
}

impl Intents {
    fn new(
        lexicon: &Lexicon,
        vocab: &HashMap<u64, u32, KeyHash>,
        intents: &[u32],
        entries: &[IndexEntry<'_>],
        [phrase_start, token_start]: [&[u32]; 2],
        tokens: &PhraseTokens,
    ) -> Intents {
        let bit = |w: &str| {
            let id = vocab.get(&lexicon.term_key(w));
            id.and_then(|id| intents.binary_search(id).ok())
                .map_or(0, |i| 1u32 << i)
        };
        let how = bit("流程") | bit("网上办理");
        let guide = GUIDE_INTENTS.iter().fold(0, |bits, w| bits | bit(w));
        // Most tokens are no intent: one bit test each before the search.
        let mut marked = vec![0u64; intents.last().map_or(0, |&t| t as usize / 64 + 1)];
        for &t in intents {
            marked[t as usize / 64] |= 1 << (t % 64);
        }
        let named = |p: u32| {
            let ids = token_start[p as usize] as usize..token_start[p as usize + 1] as usize;
            let marked = ids.map(|i| tokens.get(i)).filter(|&t| {
                marked
                    .get(t as usize / 64)
                    .is_some_and(|m| m >> (t % 64) & 1 != 0)
            });
            intent_bits(intents, marked)
        };
        let count = entries.len();
        let mut found = Intents {
            asked: Vec::with_capacity(count),
            how_to: vec![0u64; count.div_ceil(64)],
            guides: vec![0u64; count.div_ceil(64)],
        };
        for (e, w) in phrase_start.windows(2).enumerate() {
            let asked = named(w[0]);
            found.asked.push(asked);
            if asked & how == 0 && (asked != 0 || !asks_how(&entries[e].question)) {
                continue;
            }
            found.how_to[e / 64] |= 1 << (e % 64);
            let name = if entries[e].item.is_some() {
                named(w[1] - 1)
            } else {
                0
            };
            if asked & !guide & !name == 0 {
                found.guides[e / 64] |= 1 << (e % 64);
            }
        }
        found
    }
}

/// Whether an entry's own question asks how to get something done in words that name no intent: it starts with
/// 如何 or 怎么 (如何在电子税务局申请发票票种核定: 如何 … 申请 is no 流程 word) and is no yes-or-no question nor
/// a look-up (是否, 能否, 吗, 查: the UTF-8 of 查, 否 and 吗 below). Such an entry is a how-to entry too (see
/// [`Matcher::is_how_to`]), and a guide to its item when it names no other intent. A formal knowledge base asks
/// that way (如何通过一网通办申请设立企业); on one, 29 more right answers over the four sets asked of it (2 more
/// wrong), first places +11 -1 (session 15).
fn asks_how(question: &[u8]) -> bool {
    ["如何", "怎么"]
        .iter()
        .any(|w| question.starts_with(w.as_bytes()))
        && !(question.windows(3)).any(|c| {
            matches!(
                c,
                [0xe6, 0x9f, 0xa5] | [0xe5, 0x90, 0xa6] | [0xe5, 0x90, 0x97]
            )
        })
}

fn channel_factor(channel: Channel) -> f32 {
    match channel {
        Channel::Unigram => UNIGRAM_FACTOR,
        Channel::Bigram | Channel::Word => 1.0,
        Channel::Term => TERM_FACTOR,
    }
}

/// How many phrasings an entry is found by, one text each: its question, its similar questions, its
/// keywords (together) and its service item's name (citizens name the service they are on: 租房提取公积金,
/// 失业登记). The keywords and item names repeat across entries.
fn phrasing_count(entry: &IndexEntry<'_>) -> usize {
    1 + entry.similar.len()
        + usize::from(entry.answer.is_some() && entry.answer_indexed())
        + usize::from(!entry.keywords.is_empty())
        + usize::from(entry.item.is_some())
}

/// The matching tokens of a text after folding by the built-in synonym groups and `synonyms`: content characters, bigrams and ASCII words.
/// Each call builds the lexicon (about a millisecond): for many texts, a [`Tokenizer`].
pub fn tokens_with(text: &str, synonyms: &[Vec<String>]) -> Vec<String> {
    Tokenizer::new(synonyms, "").tokens(text)
}

/// Reads texts into their matching tokens as the matcher reads a question (the built-in and the knowledge
/// base's synonym groups, fillers, and a snapshot's traditional characters as simplified ones), with one
/// lexicon for many texts: what the maintainers' grouping of unanswered questions compares.
pub struct Tokenizer {
    lexicon: Lexicon,
}

impl Tokenizer {
    /// A tokenizer for a snapshot's `synonyms` and `traditional` pairs ([`KbSnapshot::traditional`]).
    pub fn new(synonyms: &[Vec<String>], traditional: &str) -> Tokenizer {
        let mut lexicon = Lexicon::new(&lexicon::with_built_in(synonyms));
        lexicon.set_folds(traditional, |_| true);
        Tokenizer { lexicon }
    }

    /// The tokens of `text` (see [`tokens_with`]).
    pub fn tokens(&self, text: &str) -> Vec<String> {
        lexicon::readable(&self.lexicon, &self.lexicon.folded(text))
    }
}

/// A knowledge base's synonym groups with the built-in ones (`data/lexicon/synonyms.txt`) under them: what a
/// snapshot carries, so that the matcher folds the same words in the browser, the server and the CLI without
/// the lexicon in the wasm. A group of the knowledge base that shares a word with built-in groups merges with
/// them under the knowledge base's canonical word.
pub fn with_built_in_synonyms(groups: &[Vec<String>]) -> Vec<Vec<String>> {
    lexicon::with_built_in(groups)
}

/// `snapshot` as it is published: with [`with_built_in_synonyms`] applied, and with the built-in pairs of
/// traditional and simplified characters (`data/lexicon/traditional.txt`) whose simplified character its texts
/// use and whose traditional one they do not (a few hundred of the 2,850 for a knowledge base of a few hundred
/// entries), so that a question typed in traditional characters finds what the same question in simplified ones
/// does.
pub fn with_built_in_lexicon(mut snapshot: KbSnapshot) -> KbSnapshot {
    snapshot.synonyms = with_built_in_synonyms(&snapshot.synonyms);
    // A bit per code point (136 KiB): at the bench's 20,000 entries this takes 26 ms with the synonyms'
    // merging, where a hash set of the characters took 158.
    let mut used = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
    let texts = snapshot.entries.iter().flat_map(|e| {
        let fixed = [&e.question, &e.answer].into_iter().chain(e.item.as_ref());
        fixed.chain(&e.similar).chain(&e.keywords)
    });
    for text in texts.chain(snapshot.synonyms.iter().flatten()) {
        for c in text.chars() {
            used[c as usize / 64] |= 1 << (c as usize % 64);
        }
    }
    let has = |c: char| used[c as usize / 64] >> (c as usize % 64) & 1 != 0;
    snapshot.traditional = traditional_pairs(|t, s| has(s) && !has(t));
    snapshot
}

/// All the built-in pairs of traditional and simplified characters, as [`KbSnapshot::traditional`] carries
/// them: for a matcher given a bare knowledge-base file (the benchmark's wasm), which leaves out the pairs
/// whose traditional character the knowledge base has.
pub fn built_in_traditional() -> String {
    lexicon::built_in_traditional(|_, _| true)
}
