//! From text to matching tokens: normalisation, synonym folding, filler removal, and token keys.
//!
//! A text is normalised, synonym variants are replaced by their group's canonical word (longest variant first),
//! filler words and particles are cut out (they split the text, so no bigram straddles them), and what remains
//! becomes tokens: single content characters, character bigrams, syllable bigrams (homophone typos), and ASCII
//! words. Tokens are `u64` keys, so a query allocates one small vector and no strings.

use std::collections::HashMap;

use super::{KeyHash, pinyin};
use crate::text::{is_cjk, normalize, normalize_chars};

type Map<K, V> = HashMap<K, V, KeyHash>;

/// The built-in synonym groups (`data/lexicon/synonyms.txt`): how citizens talk about government services,
/// whatever the knowledge base. They reach the browser in the published snapshot (see
/// [`super::with_built_in_synonyms`]), not in the wasm: only code that publishes or reads a knowledge-base
/// file links them.
const BUILT_IN: &str = include_str!("../../../data/lexicon/synonyms.txt");

/// The built-in traditional characters and the simplified ones they read as (`data/lexicon/traditional.txt`):
/// like [`BUILT_IN`], published in the snapshot (only the pairs of the knowledge base's characters) rather than
/// linked into the widget.
const BUILT_IN_TRADITIONAL: &str = include_str!("../../../data/lexicon/traditional.txt");

/// The built-in pairs (see [`BUILT_IN_TRADITIONAL`]) as a snapshot carries them, each traditional character
/// followed by its simplified one, for which `keep(traditional, simplified)` holds.
pub(super) fn built_in_traditional(keep: impl Fn(char, char) -> bool) -> String {
    let mut pairs = String::new();
    for line in BUILT_IN_TRADITIONAL.lines().filter(|l| !l.starts_with('#')) {
        let mut chars = line.chars().filter(|c| !c.is_whitespace());
        if let (Some(t), Some(s)) = (chars.next(), chars.next())
            && keep(t, s)
        {
            pairs.push(t);
            pairs.push(s);
        }
    }
    pairs
}

/// The built-in synonym groups with the knowledge base's own on top: a group of the knowledge base that shares
/// a word with built-in groups merges with them under its own canonical word, so every word still folds to one
/// canonical word.
pub(super) fn with_built_in(groups: &[Vec<String>]) -> Vec<Vec<String>> {
    let built_in = BUILT_IN
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>())
        .filter(|g| !g.is_empty())
        .collect();
    merged(built_in, groups)
}

/// `groups` on top of `base` (see [`with_built_in`]); groups that share a word become one. Merging groups
/// that share no word (a published snapshot's) changes nothing. (Its maps are of the matcher's one kind of
/// string map, `Map<String, u32>`, so that the browser's code holds one copy of it.)
pub(super) fn merged(mut merged: Vec<Vec<String>>, groups: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut group_of: Map<String, u32> = Map::default();
    for (i, group) in merged.iter().enumerate() {
        for word in group {
            group_of.insert(normalize(word), i as u32);
        }
    }
    for group in groups.iter().filter(|g| !g.is_empty()) {
        let mut words: Vec<String> = group.clone();
        for word in group {
            if let Some(i) = group_of.get(&normalize(word)).copied() {
                words.append(&mut merged[i as usize]);
            }
        }
        let mut seen: Map<String, u32> = Map::default();
        words.retain(|w| seen.insert(normalize(w), 0).is_none());
        let at = merged.len() as u32;
        for word in &words {
            group_of.insert(normalize(word), at);
        }
        merged.push(words);
    }
    merged.retain(|g| !g.is_empty());
    merged
}

/// The filler words file (`data/lexicon/fillers.txt`), comments and all.
const FILLER_FILE: &[u8] = include_bytes!("../../../data/lexicon/fillers.txt");

/// Filler words (see [`FILLER_FILE`]): politeness, question words, verbs of asking and chat habits that say
/// nothing about the subject. They are cut out of queries and entries alike. The file's comments are left out
/// at compile time: compiled in, they cost the widget 637 B gzip.
pub(super) const FILLER: &str = match std::str::from_utf8(&uncommented::<
    { uncommented_into(FILLER_FILE, &mut []) },
>(FILLER_FILE))
{
    Ok(words) => words,
    Err(_) => panic!("data/lexicon/fillers.txt is not UTF-8"),
};

/// Copies `text` without its comment lines (those starting with `#`) into `out` as far as it fits, each kept
/// line ending with a newline; returns the length of the whole of it (with an empty `out`: the length alone).
pub(super) const fn uncommented_into(text: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < text.len() {
        let comment = text[i] == b'#';
        while i <= text.len() {
            let c = if i < text.len() { text[i] } else { b'\n' };
            if !comment {
                if n < out.len() {
                    out[n] = c;
                }
                n += 1;
            }
            i += 1;
            if c == b'\n' {
                break;
            }
        }
    }
    n
}

/// `text` without its comment lines (`N` is its length, [`uncommented_into`]).
const fn uncommented<const N: usize>(text: &[u8]) -> [u8; N] {
    let mut out = [b' '; N];
    uncommented_into(text, &mut out);
    out
}

/// Particles: dropped wherever they stand and split the text like punctuation (伐 is the Shanghainese 吗).
const PARTICLES: &str = "的了吗呢啊吧呀么嘛哦呗啦哈嗯喔噢伐";

/// Characters too common to count on their own (bigrams with them still count).
const STOP_CHARS: &str =
    "我你他她它们是在有和与及或要想请问个这那就都也还能会该得把被给让从对向到去来上下不没吗啥";

/// Digits that make a run of ASCII letters and digits the asker's own number rather than a subject (see
/// [`Lexicon::for_each_piece_in`]): hotlines (12345, 962222) and years have fewer; phone numbers (11, 8
/// without the area code), ID-card numbers (18, 17 and an X) and receipt numbers more. Such a run is cut
/// out like a filler word.
const LONG_NUMBER: usize = 7;

const UNIGRAM: u64 = 1 << 60;
const BIGRAM: u64 = 2 << 60;
const WORD: u64 = 4 << 60;
const TERM: u64 = 5 << 60;
const TAG: u64 = 0xF << 60;

/// The kind of a token, which sets how much it can weigh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Channel {
    /// One content character.
    Unigram,
    /// Two adjacent characters.
    Bigram,
    /// An ASCII word or number.
    Word,
    /// A term of the knowledge base (a keyword or a synonym group's word) found whole.
    Term,
}

/// The channel of a token key.
pub(super) fn channel(key: u64) -> Channel {
    match key & TAG {
        UNIGRAM => Channel::Unigram,
        BIGRAM => Channel::Bigram,
        TERM => Channel::Term,
        _ => Channel::Word,
    }
}

/// The unigram key of a character.
pub(super) fn unigram(c: char) -> u64 {
    UNIGRAM | c as u64
}

/// The two characters of a bigram key.
pub(super) fn bigram_chars(key: u64) -> (char, char) {
    let a = char::from_u32(((key >> 21) & 0x1F_FFFF) as u32).unwrap_or(' ');
    let b = char::from_u32((key & 0x1F_FFFF) as u32).unwrap_or(' ');
    (a, b)
}

/// A synonym variant and its group's canonical word.
type Variant = (Vec<char>, Vec<char>);

/// A character that is never a token on its own (`STOP`) or that cuts the text like punctuation (`PARTICLE`).
const STOP: u8 = 1;
const PARTICLE: u8 = 2;
/// A traditional character that a question's text reads as a simplified one (see [`Lexicon::folded`]).
const FOLD: u8 = 4;

/// Longest knowledge-base term looked for, in characters.
const MAX_TERM: usize = 31;

/// What the lexicon knows about a character: one lookup per character of every text.
#[derive(Clone, Copy, Default)]
struct CharInfo {
    /// `STOP` and `PARTICLE` bits.
    class: u8,
    /// 1 + the index of the words starting with it in `Lexicon::starting`, or 0.
    words: u16,
    /// The lengths (as bits) of the knowledge base's terms starting with it.
    term_lengths: u32,
}

/// First of the characters [`is_cjk`] accepts (extension A), and how many there are up to U+9FFF.
const CJK_FIRST: u32 = 0x3400;
const CJK_COUNT: usize = 0x9FFF - 0x3400 + 1;

/// Synonyms, fillers and the homophone table, prepared for fast lookups by first character.
pub(super) struct Lexicon {
    /// By character for the CJK blocks (a direct table: no hashing in the hot loop), by map for the rest.
    cjk: Vec<CharInfo>,
    other: Map<char, CharInfo>,
    /// Synonym variants and filler words, by first character.
    starting: Vec<Starting>,
    syllables: pinyin::Syllables,
    /// See [`Lexicon::spaces_cut`].
    spaces_cut: bool,
    /// Keys of the knowledge base's terms (the values are unused: a `Map<u64, u32>` shares the vocabulary's
    /// map code in the browser, where a set of `u64` would bring its own).
    terms: Map<u64, u32>,
    /// Character pairs the knowledge base uses (as `a << 21 | b`), for spelling correction.
    known_pairs: Map<u64, u32>,
    /// For two syllables, the commonest known pair that sounds like them and how common it is.
    /// As `[first, second, count, 0]`: the value type of the piece caches' maps (`[u32; 4]`), so that the
    /// browser's code holds one copy of that map's code.
    by_sound: Map<u64, [u32; 4]>,
    /// Traditional characters (each marked [`FOLD`]) and their simplified ones, as `traditional << 32 |
    /// simplified`, ascending: `u64`s, whose sort the widget already links (a sort of pairs cost it 4 KB).
    folds: Vec<u64>,
}

/// The synonym variants and filler words that start with one character.
#[derive(Default)]
struct Starting {
    /// Bit `c % 64` is set for the second character `c` of each word longer than one character: most places
    /// where a word's first character stands are not followed by any word's second, and one test rules them
    /// out without comparing the words.
    seconds: u64,
    /// Whether one of the words is the single character (it matches whatever follows).
    single: bool,
    /// Synonym variants with their canonical word, and filler words with an empty one, longest first: the
    /// longest word at a place wins, so the filler 在线等 is not read as the synonym 在线 (网上办理).
    synonyms: Vec<Variant>,
}

impl Starting {
    fn note(&mut self, word: &[char]) {
        match word.get(1) {
            Some(&second) => self.seconds |= 1 << (second as u32 % 64),
            None => self.single = true,
        }
    }
}

/// Reusable buffers, so that tokenizing allocates nothing once warm.
#[derive(Default)]
pub(super) struct Scratch {
    chars: Vec<char>,
}

impl Lexicon {
    /// Prepares the synonym groups (first word canonical) and the built-in tables.
    pub(super) fn new(groups: &[Vec<String>]) -> Lexicon {
        let mut lexicon = Lexicon {
            cjk: vec![CharInfo::default(); CJK_COUNT],
            other: Map::default(),
            starting: Vec::new(),
            spaces_cut: true,
            syllables: pinyin::Syllables::new(),
            terms: Map::default(),
            known_pairs: Map::default(),
            by_sound: Map::default(),
            folds: Vec::new(),
        };
        for group in groups {
            let Some(canon) = group.first() else { continue };
            let canon: Vec<char> = normalize(canon).chars().collect();
            for variant in group {
                let variant: Vec<char> = normalize(variant).chars().collect();
                let Some(&first) = variant.first() else {
                    continue;
                };
                lexicon.spaces_cut &= !variant.contains(&' ');
                let starting = lexicon.starting_mut(first);
                starting.note(&variant);
                starting.synonyms.push((variant, canon.clone()));
            }
        }
        for word in FILLER.split_whitespace() {
            let chars: Vec<char> = word.chars().collect();
            let starting = lexicon.starting_mut(chars[0]);
            starting.note(&chars);
            starting.synonyms.push((chars, Vec::new()));
        }
        for starting in &mut lexicon.starting {
            starting
                .synonyms
                .sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        }
        for c in STOP_CHARS.chars() {
            lexicon.info_mut(c).class |= STOP;
        }
        for c in PARTICLES.chars() {
            lexicon.info_mut(c).class |= PARTICLE;
        }
        // Synonym variants are folded away before indexing, so their pairs are learnt here.
        for word in groups.iter().flatten() {
            let chars: Vec<char> = normalize(word).chars().collect();
            for pair in chars.windows(2) {
                lexicon.learn_pair(pair[0], pair[1], 1);
            }
        }
        lexicon
    }

    /// Reads questions' traditional characters as simplified ones: `pairs` as a snapshot carries them (see
    /// [`built_in_traditional`]), of which those whose traditional character `keep` refuses are left out (a
    /// knowledge base that uses a character itself keeps it).
    pub(super) fn set_folds(&mut self, pairs: &str, keep: impl Fn(char) -> bool) {
        let mut chars = pairs.chars();
        while let (Some(t), Some(s)) = (chars.next(), chars.next()) {
            if !is_cjk(t) || !keep(t) {
                continue;
            }
            // Only the CJK blocks' characters have a class of their own in the direct table. The first pair
            // of a character counts.
            let at = (t as u32).wrapping_sub(CJK_FIRST) as usize;
            if let Some(info) = self.cjk.get_mut(at).filter(|i| i.class & FOLD == 0) {
                info.class |= FOLD;
                self.folds.push(u64::from(t) << 32 | u64::from(s));
            }
        }
        self.folds.sort_unstable();
    }

    /// A question as it is read, borrowed when nothing changes: its chat placeholders cut (see
    /// [`placeholder_len`]), its traditional characters read as simplified ones (居住證簽注 -> 居住证签注), and,
    /// when it is spaced out character by character, punctuation and digits too (我 想 问 ， 1 2 3 4 5 几 点),
    /// closed up: single spaces dropped and each longer run read as one, so that its cue words (想问, 几点) and
    /// numbers read whole. Only a text of at least four characters, every one between spaces, is closed up
    /// here; [`close_up`] closes up spaced-out Chinese within a text.
    #[inline(never)]
    pub(super) fn folded<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let space = |c: char| matches!(c, ' ' | '\u{3000}');
        let (mut shown, mut touching, mut changes, mut last) = (0, false, false, ' ');
        for c in text.chars() {
            if !space(c) {
                shown += 1;
                touching |= !space(last);
                let info = self.cjk.get((c as u32).wrapping_sub(CJK_FIRST) as usize);
                changes |=
                    info.is_some_and(|info| info.class & FOLD != 0) || matches!(c, '[' | '［');
            }
            last = c;
        }
        let spaced = shown >= 4 && !touching;
        if !spaced && !changes {
            return std::borrow::Cow::Borrowed(text);
        }
        let fold = |c: char| match self
            .folds
            .binary_search_by_key(&u32::from(c), |&p| (p >> 32) as u32)
        {
            Ok(i) => char::from_u32(self.folds[i] as u32).unwrap_or(c),
            Err(_) => c,
        };
        let mut out = String::with_capacity(text.len());
        let (mut spaces, mut skip) = (0, 0);
        for (i, c) in text.char_indices() {
            if i < skip {
                continue;
            }
            let placeholder = match c {
                '[' | '［' => placeholder_len(&text[i..]),
                _ => 0,
            };
            if placeholder > 0 {
                skip = i + placeholder;
                out.push(' ');
            } else if spaced && space(c) {
                spaces += 1;
            } else {
                if spaces > 1 {
                    out.push(' ');
                }
                spaces = 0;
                out.push(fold(c));
            }
        }
        std::borrow::Cow::Owned(out)
    }

    fn info(&self, c: char) -> CharInfo {
        match self.cjk.get((c as u32).wrapping_sub(CJK_FIRST) as usize) {
            Some(&info) => info,
            None => self.other.get(&c).copied().unwrap_or_default(),
        }
    }

    fn info_mut(&mut self, c: char) -> &mut CharInfo {
        match self
            .cjk
            .get_mut((c as u32).wrapping_sub(CJK_FIRST) as usize)
        {
            Some(info) => info,
            None => self.other.entry(c).or_default(),
        }
    }

    /// The words starting with `c`, added empty if there are none yet.
    fn starting_mut(&mut self, c: char) -> &mut Starting {
        let slot = match self.info_mut(c).words {
            0 => {
                self.starting.push(Starting::default());
                let n = self.starting.len() as u16;
                self.info_mut(c).words = n;
                n
            }
            slot => slot,
        };
        &mut self.starting[slot as usize - 1]
    }

    /// Records that the knowledge base uses the pair `a b` in `count` entries.
    pub(super) fn learn_pair(&mut self, a: char, b: char, count: u32) {
        if !is_cjk(a) || !is_cjk(b) {
            return;
        }
        let pair = (a as u64) << 21 | b as u64;
        let total = {
            let n = self.known_pairs.entry(pair).or_default();
            *n += count;
            *n
        };
        let sound = self.sound(a) << 22 | self.sound(b);
        let best = self.by_sound.entry(sound).or_default();
        if (best[0], best[1]) == (a as u32, b as u32) || total > best[2] {
            *best = [a as u32, b as u32, total, 0];
        }
    }

    /// Pinyin typos: a character that makes an unknown pair with both neighbours is replaced by the homophone
    /// that makes a known pair with one of them (签住 → 签注, 公基金 → 公积金, 发票验就 → 发票验旧).
    fn correct(&self, chars: &mut [char]) {
        let known = |a: char, b: char| {
            self.known_pairs
                .contains_key(&((a as u64) << 21 | b as u64))
        };
        let homophone = |a: char, b: char| {
            let &[first, second, ..] = self.by_sound.get(&(self.sound(a) << 22 | self.sound(b)))?;
            Some((char::from_u32(first)?, char::from_u32(second)?))
        };
        // Filler words, particles and characters too common to count (老师, 可以, 的, 吗, 是 ...) are never
        // typos of content: a homophone pair learnt from some knowledge-base word (老式 from 老式公房) must not
        // turn 老师 into the content 老式.
        // Nor does a typo pair with a filler's character (想问问替我妈 is not 问题).
        let mut filler_until = 0;
        for i in 0..chars.len() {
            let c = chars[i];
            let after_filler = i > 0 && i - 1 < filler_until;
            filler_until = filler_until.max(i + self.filler_at(&chars[i..]));
            if !is_cjk(c)
                || self.syllables.get(c).is_none()
                || self.class_of(c) != 0
                || i < filler_until
            {
                continue;
            }
            let prev = (i.checked_sub(1).map(|j| chars[j])).filter(|&p| is_cjk(p) && !after_filler);
            let next = chars.get(i + 1).copied().filter(|&n| is_cjk(n));
            if prev.is_some_and(|p| known(p, c)) || next.is_some_and(|n| known(c, n)) {
                continue;
            }
            let fixed = prev
                .and_then(|p| homophone(p, c).filter(|&(a, _)| a == p).map(|(_, b)| b))
                .or_else(|| {
                    next.and_then(|n| homophone(c, n).filter(|&(_, b)| b == n).map(|(a, _)| a))
                });
            if let Some(fixed) = fixed {
                chars[i] = fixed;
            }
        }
    }

    /// The token key of `word` found whole as a term (see [`Lexicon::add_terms`]).
    pub(super) fn term_key(&self, word: &str) -> u64 {
        let chars: Vec<char> = normalize(word).chars().collect();
        TERM | (chars_key(&chars) & !TAG)
    }

    /// The length of the filler word that `rest` starts with, or 0.
    fn filler_at(&self, rest: &[char]) -> usize {
        let Some(&c) = rest.first() else { return 0 };
        let Some(starting) = (self.info(c).words as usize)
            .checked_sub(1)
            .and_then(|i| self.starting.get(i))
        else {
            return 0;
        };
        starting
            .synonyms
            .iter()
            .find(|(w, canon)| canon.is_empty() && starts_with(rest, w))
            .map_or(0, |(w, _)| w.len())
    }

    /// Adds the knowledge base's own words (keywords, canonical synonyms), folded like any text. Whole
    /// occurrences of a term become tokens of their own, so a query that names an entry's subject exactly
    /// outweighs one that only shares its characters.
    pub(super) fn add_terms<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        let mut scratch = Scratch::default();
        let mut found = Vec::new();
        // Knowledge bases repeat keywords across entries; each is looked at once.
        // (A map of the value type of `Texts`' map, whose code the browser holds already.)
        let mut done: HashMap<&str, [u32; 2], KeyHash> = HashMap::default();
        for word in words {
            if done.insert(word, [0; 2]).is_some() {
                continue;
            }
            found.clear();
            self.for_each_piece(word, false, &mut scratch, |piece| {
                if (2..=MAX_TERM).contains(&piece.len()) && piece.iter().all(|&c| is_cjk(c)) {
                    found.push((piece[0], piece.len(), chars_key(piece)));
                }
            });
            for &(first, len, key) in &found {
                self.terms.insert(key, 0);
                self.info_mut(first).term_lengths |= 1 << len;
            }
        }
    }

    /// The text's pieces after synonym folding, with fillers, particles and punctuation as the cuts. A
    /// synonym's canonical word is a piece of its own, so no bigram straddles it.
    pub(super) fn pieces(&self, text: &str) -> Vec<Vec<char>> {
        let mut pieces = Vec::new();
        self.for_each_piece(text, false, &mut Scratch::default(), |p| {
            pieces.push(p.to_vec())
        });
        pieces
    }

    /// Calls `f` with each piece of the text (see [`Lexicon::pieces`]); `correct` (a question) closes up
    /// letter-spaced characters, reads a content character typed twice once, drops forms of address
    /// ([`drop_vocative`]) and fixes homophone typos first.
    pub(super) fn for_each_piece(
        &self,
        text: &str,
        correct: bool,
        scratch: &mut Scratch,
        f: impl FnMut(&[char]),
    ) -> usize {
        let Scratch { chars } = scratch;
        chars.clear();
        normalize_chars(text, chars);
        if correct {
            close_up(chars);
            // A content character typed twice by mistake (居住住证) reads once, unless the knowledge base has
            // the pair itself (宝宝); particles, common characters and fillers stay (下去去哪里, 谢谢).
            chars.dedup_by(|b, a| {
                let (a, b) = (*a, *b);
                a == b
                    && is_cjk(a)
                    && self.class_of(a) == 0
                    && self.filler_at(&[a, a]) == 0
                    && !self
                        .known_pairs
                        .contains_key(&((a as u64) << 21 | a as u64))
            });
            drop_vocative(chars);
            self.correct(chars);
        }
        self.for_each_piece_in(chars, f)
    }

    /// Whether no synonym variant holds a space (filler words never do), so that no piece straddles one and
    /// the runs of a normalised text between spaces can be cut into pieces apart.
    pub(super) fn spaces_cut(&self) -> bool {
        self.spaces_cut
    }

    /// Calls `f` with each piece of normalised characters (see [`Lexicon::pieces`]); returns how many of the
    /// characters are not cut out (fillers, particles, spaces, the asker's numbers).
    pub(super) fn for_each_piece_in(&self, chars: &[char], mut f: impl FnMut(&[char])) -> usize {
        let mut dropped = 0;
        // The piece being gathered is `chars[start..i]`: pieces are runs of the text, so nothing is copied.
        let mut start = 0;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let info = self.info(c);
            // A long number (a phone, ID-card or receipt number, masked or not: 310xxxxxxxxxxx1234) is the
            // asker's own, never what is asked about, and no word (12345) is read inside it; nor is a web
            // address, which runs to the next Chinese character. Both are cut out, and so is a lone letter or
            // digit, which says nothing: the label of a question pasted from a list or a form (Q：…, 1. …,
            // (2)…; 问：… is cut as standing alone, see [`ALONE`]).
            let mut own = 0;
            if c.is_ascii_alphanumeric() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
                let rest = &chars[i..];
                let word = rest
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                if rest[..word].starts_with(&['h', 't', 't', 'p']) {
                    own = rest.iter().take_while(|&&c| !is_cjk(c)).count();
                } else if word == 1
                    || rest[..word].iter().filter(|c| c.is_ascii_digit()).count() >= LONG_NUMBER
                {
                    own = word;
                }
            }
            let cut = if own > 0 {
                (own, &[][..])
            } else if let Some(cut) = self.word_at(info, &chars[i..]) {
                cut
            } else if c == ' ' || info.class & PARTICLE != 0 {
                (1, &[][..])
            } else {
                if start < i && is_cjk(chars[i - 1]) != is_cjk(c) {
                    f(&chars[start..i]);
                    start = i;
                }
                i += 1;
                continue;
            };
            if start < i {
                f(&chars[start..i]);
            }
            if cut.1.is_empty() {
                dropped += cut.0;
            } else {
                f(cut.1);
            }
            i += cut.0;
            start = i;
        }
        if start < chars.len() {
            f(&chars[start..]);
        }
        chars.len() - dropped
    }

    fn class_of(&self, c: char) -> u8 {
        self.info(c).class
    }

    /// Whether a character is too common to count on its own.
    pub(super) fn is_stop(&self, c: char) -> bool {
        self.class_of(c) & STOP != 0
    }

    /// The longest synonym variant (with its canonical word) or filler word (with an empty one) that `rest`
    /// starts with, and its length.
    fn word_at<'a>(&'a self, info: CharInfo, rest: &[char]) -> Option<(usize, &'a [char])> {
        let starting = self.starting.get((info.words as usize).checked_sub(1)?)?;
        let second = rest.get(1).map_or(0, |&c| 1 << (c as u32 % 64));
        if !starting.single && starting.seconds & second == 0 {
            return None;
        }
        let (variant, canon) = starting
            .synonyms
            .iter()
            .find(|(v, _)| starts_with(rest, v))?;
        Some((variant.len(), canon))
    }

    /// The token keys of a text, in no order and possibly repeated, into `out`; `correct` fixes homophone
    /// typos first (queries). Returns how many of its characters say what it is about (see
    /// [`Lexicon::for_each_piece_in`]).
    pub(super) fn tokens_into(
        &self,
        text: &str,
        correct: bool,
        scratch: &mut Scratch,
        out: &mut Vec<u64>,
    ) -> usize {
        out.clear();
        self.for_each_piece(text, correct, scratch, |piece| {
            self.piece_tokens(piece, out)
        })
    }

    /// The token keys of one piece (see [`Lexicon::pieces`]), appended to `out`.
    pub(super) fn piece_tokens(&self, piece: &[char], out: &mut Vec<u64>) {
        if !piece.first().is_some_and(|&c| is_cjk(c)) {
            out.push(WORD | (chars_key(piece) & !TAG));
            return;
        }
        for &c in piece.iter().filter(|&&c| self.class_of(c) & STOP == 0) {
            out.push(unigram(c));
        }
        for i in 0..piece.len() {
            let lengths = self.info(piece[i]).term_lengths;
            if lengths == 0 {
                continue;
            }
            let mut key = KEY_SEED;
            for (len, &c) in piece[i..]
                .iter()
                .enumerate()
                .take(MAX_TERM)
                .map(|(j, c)| (j + 1, c))
            {
                key = key_step(key, c);
                if lengths & 1 << len != 0 && self.terms.contains_key(&key) {
                    out.push(TERM | (key & !TAG));
                }
            }
        }
        for pair in piece.windows(2) {
            let (a, b) = (pair[0] as u64, pair[1] as u64);
            out.push(BIGRAM | a << 21 | b);
        }
    }

    /// A character's syllable id (with bit 21 set) or, outside the table, the character itself.
    fn sound(&self, c: char) -> u64 {
        self.syllables
            .get(c)
            .map_or(c as u64, |s| 1 << 21 | s as u64)
    }
}

/// Closes up letter-spaced Chinese in normalised characters (single spaces between words): 居 住 证 签 注, as
/// titles are spaced out in PDFs and forms and copied from there, reads 居住证签注. Only a run of at least three
/// single CJK characters between spaces is closed up, with the space to Chinese right before or after it (居 住
/// 证 签 注要带什么); spaced words (居住证 签注) stay apart.
pub(super) fn close_up(chars: &mut Vec<char>) {
    let n = chars.len();
    let cjk = |chars: &[char], i: usize| i < n && is_cjk(chars[i]);
    let single = |chars: &[char], i: usize| {
        cjk(chars, i) && (i == 0 || chars[i - 1] == ' ') && (i + 1 == n || chars[i + 1] == ' ')
    };
    let mut any = false;
    let mut i = 0;
    while i < n {
        let start = i;
        while single(chars, i) && i + 2 < n && single(chars, i + 2) {
            i += 2;
        }
        if i >= start + 4 {
            // The spaces from the one before the run (when Chinese precedes it) to the one after it (when
            // Chinese follows), marked with NUL and dropped below.
            let from = if start >= 2 && cjk(chars, start - 2) {
                start - 1
            } else {
                start + 1
            };
            let to = if cjk(chars, i + 2) { i + 1 } else { i - 1 };
            for j in (from..=to).step_by(2) {
                chars[j] = '\0';
            }
            any = true;
        }
        i += 1;
    }
    if any {
        let mut w = 0;
        for r in 0..n {
            if chars[r] != '\0' {
                chars[w] = chars[r];
                w += 1;
            }
        }
        chars.truncate(w);
    }
}

/// Blanks out how a question addresses someone, introduces the asker or acknowledges the last reply rather
/// than what it asks: the bot's name before a cut or 你/您 (小申，… / 小申 … / 小申你好 / 小申您能…, but not
/// 小申是谁 or 小申晚上在吗); the words of [`ALONE`] standing alone between cuts (亲，… / 好的，… / 收到。… /
/// 在吗？… / 客服，… / 问：…; not 亲属, 好差评, 包装好的 or 客服在吗); and a name after 我姓 or 我叫 at the start of a
/// clause (我姓王，… / 我叫张建国，…; not 我是王芳，…: a table of surnames cost 200 B of the widget's wasm). (hi,
/// ok and greetings such as 工作人员您好 are filler words.) Done before typos are fixed, so that no name reads as a
/// typo (领导 of 领到).
pub(super) fn drop_vocative(chars: &mut [char]) {
    for i in 0..chars.len() {
        let len = vocative_at(chars, i);
        chars[i..i + len].fill(' ');
    }
}

/// Words that only address someone or acknowledge a reply when they stand alone, as a clause of their own:
/// no filler words, since they also stand inside content words (亲属, 好差评, 包装好的, 人工客服). 问 alone is the
/// label of a question pasted from a form (问：…).
const ALONE: [&[char]; 18] = [
    &['亲'],
    &['问'],
    &['好'],
    &['好', '的'],
    &['好', '吧'],
    &['好', '滴'],
    &['好', '嘞'],
    &['收', '到'],
    &['明', '白'],
    &['明', '白', '了'],
    &['懂', '了'],
    &['在', '吗'],
    &['有', '人', '吗'],
    &['有', '人', '在', '吗'],
    &['领', '导'],
    &['工', '作', '人', '员'],
    &['客', '服'],
    &['师', '傅'],
];

/// The length of the form of address or acknowledgement (see [`drop_vocative`]) at `chars[i]`, or 0.
fn vocative_at(chars: &[char], i: usize) -> usize {
    let cjk_at = |j: usize| chars.get(j).is_some_and(|&c| is_cjk(c));
    let rest = &chars[i..];
    if rest.starts_with(&['小', '申']) && (!cjk_at(i + 2) || matches!(chars[i + 2], '你' | '您'))
    {
        return 2;
    }
    if i > 0 && cjk_at(i - 1) {
        return 0;
    }
    let mut len = 0;
    for word in ALONE {
        if rest.starts_with(word) && !cjk_at(i + word.len()) {
            len = word.len();
        }
    }
    // The asker's own name, a surname of one or two characters or a full name of two or three: 我姓王，… /
    // 我叫张建国，… (not 我姓名有误 or 我叫什么名字).
    if rest.first() == Some(&'我') && matches!(rest.get(1), Some('姓' | '叫')) {
        let name = rest[2..].iter().take_while(|&&c| is_cjk(c)).count();
        let shortest = 1 + (rest[1] == '叫') as usize;
        if (shortest..=shortest + 1).contains(&name) {
            len = 2 + name;
        }
    }
    len
}

/// A chat app pastes what is not text as a placeholder ([图片], [语音], [文件], [动画表情]) and its emoji as
/// codes ([捂脸], [强]): square brackets (ASCII or full-width) around one to four Chinese characters. None says
/// what is asked, and 图片 or 文件 would read as its subject: each is read as a space. (The English codes of an
/// English-language phone, [Facepalm], stay: the 119 bytes of wasm they would cost buy little here.)
///
/// The length in bytes of the placeholder at the start of `text`, or 0.
fn placeholder_len(text: &str) -> usize {
    let mut cjk = 0;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            ']' | '］' if cjk > 0 => return i + c.len_utf8(),
            c if is_cjk(c) && cjk < 4 => cjk += 1,
            _ => return 0,
        }
    }
    0
}

/// `rest.starts_with(word)` for a word that shares its first character, as a loop that gives up at the first
/// difference (usually the second character) rather than a call to `memcmp`.
fn starts_with(rest: &[char], word: &[char]) -> bool {
    word.len() <= rest.len() && word.iter().zip(rest).skip(1).all(|(a, b)| a == b)
}

const KEY_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// One step of FNV-1a over a character.
fn key_step(key: u64, c: char) -> u64 {
    (key ^ c as u64).wrapping_mul(0x0100_0000_01b3)
}

/// The key of a run of characters (a term or an ASCII word), without storing it.
pub(super) fn chars_key(chars: &[char]) -> u64 {
    chars.iter().fold(KEY_SEED, |k, &c| key_step(k, c))
}

/// The readable tokens of a text (characters, bigrams, ASCII words), for inspection and tests.
pub(super) fn readable(lexicon: &Lexicon, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in lexicon.pieces(text) {
        if !piece.first().is_some_and(|&c| is_cjk(c)) {
            out.push(piece.iter().collect());
            continue;
        }
        out.extend(
            piece
                .iter()
                .filter(|&&c| !lexicon.is_stop(c))
                .map(|c| c.to_string()),
        );
        out.extend(piece.windows(2).map(|p| p.iter().collect()));
    }
    out
}
