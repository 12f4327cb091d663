//! Answering one query: two stages over the index, then a bounded top-k.
//!
//! Stage one finds exact, prefix and substring matches. Every such entry contains the whole
//! query, so only entries in the posting lists of the query's rarest trigrams (or of its single
//! bigram) are verified. Stage two runs only when stage one leaves room under `limit` (everything
//! it finds ranks lower): it matches each query word against the vocabulary, by prefix or by the
//! typo-tolerant trie walk, starts from the query word with the fewest occurrences, and checks
//! the other words against each candidate's own short word list. For a query of several words,
//! when there is still room, entries having only some of the words come last, most words first.

use super::index::{
    gram_key, CatalogIndex, FLAG_END_OF_LIFE, FLAG_JIT, FLAG_SCIM, IN_DISPLAY, IN_NAME,
};
use super::normalize::normalize;
use super::words::{WordRun, MAX_FUZZY_WORD};
use super::{CatalogFilter, CatalogHit, MatchKind, MatchedField};

const EXACT: u32 = 1000;
const FIELD_PREFIX: u32 = 800;
const WORD_PREFIX: u32 = 700;
const SUBSTRING: u32 = 500;
const WORDS: u32 = 400;
const FUZZY: u32 = 300;
/// Fuzzy scores stay above 200 (typos count up to 10), above every partial match.
const PER_TYPO: u32 = 10;
/// Partial matches (some of several words): 20 per word found, 8 less per typo on it, at most
/// 160 in all, so they stay below every fuzzy match. A word found with two typos is thus worth
/// less than one found exactly.
const SOME_WORDS_BASE: u32 = 20;
const SOME_WORDS_PER_WORD: u32 = 20;
const SOME_WORDS_PER_TYPO: u32 = 8;
const SOME_WORDS_MAX_WORTH: u32 = 160;
/// Query words counted for partial matches (2 bits each in a u32).
const MAX_COUNTED_WORDS: usize = 16;

/// Typos tolerated in one query word, by its length in bytes. Short words get none: one typo in
/// three letters matches most of the vocabulary.
fn typos_allowed(word_len: usize) -> u8 {
    match word_len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn field_bonus(field: MatchedField) -> u32 {
    match field {
        MatchedField::DisplayName => 2,
        MatchedField::Name => 1,
        MatchedField::Keyword => 0,
    }
}

#[derive(Debug, Clone, Copy)]
struct Scored {
    /// Sort key: better score first, then the entry's tie rank. Unique per entry.
    key: u64,
    entry: u32,
    score: u32,
    kind: MatchKind,
    field: Option<MatchedField>,
    typos: u8,
}

impl CatalogIndex {
    /// The best `limit` connectors for `query` among those `filter` lets through, best first.
    pub fn search(&self, query: &str, filter: &CatalogFilter, limit: usize) -> Vec<CatalogHit<'_>> {
        if limit == 0 {
            return Vec::new();
        }
        let query = normalize(query);
        if query.is_empty() {
            return self.browse(filter, limit);
        }
        let q = query.as_bytes();

        let mut found = Vec::new();
        self.find_substrings(q, filter, &mut found);
        let several_words = q.contains(&b' ');
        let mut tokens = Vec::new();
        if found.len() < limit && (several_words || typos_allowed(q.len()) > 0) {
            let mut already: Vec<u32> = found.iter().map(|s| s.entry).collect();
            already.sort_unstable();
            tokens = self.find_words(&query, filter, &already, limit, &mut found);
        }

        let custom = self
            .custom_saml
            .filter(|&c| self.passes(filter, c))
            .map(|c| {
                found
                    .iter()
                    .find(|s| s.entry == c)
                    .copied()
                    .unwrap_or(Scored {
                        key: u64::MAX,
                        entry: c,
                        score: 0,
                        kind: MatchKind::Fallback,
                        field: None,
                        typos: 0,
                    })
            });
        if found.len() > limit {
            found.select_nth_unstable_by_key(limit - 1, |s| s.key);
            found.truncate(limit);
        }
        found.sort_unstable_by_key(|s| s.key);
        if let Some(custom) = custom {
            // With a single row asked for, the best match keeps it.
            if !found.iter().any(|s| s.entry == custom.entry) && (found.len() < limit || limit > 1)
            {
                if found.len() == limit {
                    found.pop();
                }
                found.push(custom);
            }
        }
        for hit in found.iter_mut().filter(|s| s.field.is_none()) {
            if hit.kind == MatchKind::SomeWords {
                hit.field = Some(self.match_words(hit.entry, &tokens).2);
            }
        }
        found.iter().map(|s| self.hit(s)).collect()
    }

    fn passes(&self, filter: &CatalogFilter, entry: u32) -> bool {
        let flags = self.flags[entry as usize];
        (!filter.jit_only || flags & FLAG_JIT != 0)
            && (!filter.scim_only || flags & FLAG_SCIM != 0)
            && (filter.include_end_of_life || flags & FLAG_END_OF_LIFE == 0)
    }

    fn hit(&self, s: &Scored) -> CatalogHit<'_> {
        CatalogHit {
            position: s.entry,
            entry: &self.entries[s.entry as usize],
            score: s.score,
            kind: s.kind,
            field: s.field,
            typos: s.typos,
        }
    }

    fn scored(
        &self,
        entry: u32,
        score: u32,
        kind: MatchKind,
        field: MatchedField,
        typos: u8,
    ) -> Scored {
        Scored {
            key: (u64::from(u32::MAX - score) << 32) | u64::from(self.tie_rank[entry as usize]),
            entry,
            score,
            kind,
            field: Some(field),
            typos,
        }
    }

    /// The empty query: custom SAML first, then display-name order.
    fn browse(&self, filter: &CatalogFilter, limit: usize) -> Vec<CatalogHit<'_>> {
        let custom = self.custom_saml.filter(|&c| self.passes(filter, c));
        custom
            .into_iter()
            .chain(
                self.alphabetical
                    .iter()
                    .copied()
                    .filter(|&e| Some(e) != custom && self.passes(filter, e)),
            )
            .take(limit)
            .map(|entry| {
                self.hit(&Scored {
                    key: 0,
                    entry,
                    score: 0,
                    kind: MatchKind::Browse,
                    field: None,
                    typos: 0,
                })
            })
            .collect()
    }

    /// Stage one: entries with a field that equals, starts with, or contains the query.
    fn find_substrings(&self, q: &[u8], filter: &CatalogFilter, found: &mut Vec<Scored>) {
        let verify = |e: u32| {
            if self.passes(filter, e) {
                if let Some(s) = self.substring_match(e, q) {
                    found.push(s);
                }
            }
        };
        match q.len() {
            1 => (0..self.entries.len() as u32).for_each(verify),
            2 => self.grams.get(gram_key(q)).iter().copied().for_each(verify),
            _ => {
                // Entries containing the query contain all its trigrams; the two rarest lists,
                // intersected, leave few entries to verify.
                let (mut rarest, mut second): (&[u32], Option<&[u32]>) = (&[], None);
                for (i, gram) in q.windows(3).enumerate() {
                    let list = self.grams.get(gram_key(gram));
                    if list.is_empty() {
                        return;
                    }
                    if i == 0 || list.len() < rarest.len() {
                        second = (i > 0).then_some(rarest);
                        rarest = list;
                    } else if second.is_none_or(|s| list.len() < s.len()) {
                        second = Some(list);
                    }
                }
                match second {
                    None => rarest.iter().copied().for_each(verify),
                    Some(second) => intersect(rarest, second, verify),
                }
            }
        }
    }

    fn substring_match(&self, entry: u32, q: &[u8]) -> Option<Scored> {
        let mut best: Option<(u32, MatchKind, MatchedField)> = None;
        for span in self.fields_of(entry) {
            let text = self.field_bytes(span);
            let (tier, kind) = if text == q && span.field != MatchedField::Keyword {
                (EXACT, MatchKind::Exact)
            } else if text.starts_with(q) {
                (FIELD_PREFIX, MatchKind::Prefix)
            } else {
                match find_inside(text, q) {
                    Inside::AtWordStart => (WORD_PREFIX, MatchKind::Prefix),
                    Inside::WithinWord => (SUBSTRING, MatchKind::Substring),
                    Inside::Absent => continue,
                }
            };
            let score = tier + field_bonus(span.field);
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, kind, span.field));
            }
        }
        best.map(|(score, kind, field)| self.scored(entry, score, kind, field, 0))
    }

    /// Stage two: every query word starts a word of the entry, possibly with typos; then, for a
    /// query of several words and while there is room, entries with only some of the words.
    fn find_words(
        &self,
        query: &str,
        filter: &CatalogFilter,
        already: &[u32],
        limit: usize,
        found: &mut Vec<Scored>,
    ) -> Vec<Vec<WordRun>> {
        let tokens: Vec<Vec<WordRun>> = query.split(' ').map(|w| self.word_runs(w)).collect();
        let work = |runs: &Vec<WordRun>| -> usize {
            runs.iter()
                .map(|&r| self.vocabulary.occurrences_in(r))
                .sum()
        };
        let entries_of = |runs: &[WordRun], into: &mut Vec<u32>| {
            for &run in runs {
                into.extend_from_slice(self.vocabulary.entries_of(run));
            }
        };
        let wanted = |e: u32| self.passes(filter, e) && already.binary_search(&e).is_err();

        // Entries with every word: start from the word with the fewest occurrences.
        let before = found.len();
        if tokens.iter().all(|runs| !runs.is_empty()) {
            if let Some(driver) = tokens.iter().min_by_key(|runs| work(runs)) {
                let mut candidates = Vec::with_capacity(work(driver));
                entries_of(driver, &mut candidates);
                candidates.sort_unstable();
                candidates.dedup();
                for e in candidates.into_iter().filter(|&e| wanted(e)) {
                    let (matched, typos, field) = self.match_words(e, &tokens);
                    if matched == tokens.len() {
                        let (tier, kind) = if typos == 0 {
                            (WORDS, MatchKind::Words)
                        } else {
                            (FUZZY - PER_TYPO * typos.min(10), MatchKind::Fuzzy)
                        };
                        found.push(self.scored(
                            e,
                            tier + field_bonus(field),
                            kind,
                            field,
                            typos as u8,
                        ));
                    }
                }
            }
        }
        if tokens.len() < 2 || found.len() >= limit {
            return tokens;
        }
        // Entries with some of the words. One pass over the occurrences of every query word
        // keeps, per entry, the fewest typos for each query word (2 bits each, 3 = absent):
        // no sorting, no per-entry look-ups. The field is filled in later for the few kept.
        let complete: Vec<u32> = found[before..].iter().map(|s| s.entry).collect();
        let counted = tokens.len().min(MAX_COUNTED_WORDS);
        let mut typos_by_word = vec![u32::MAX; self.entries.len()];
        let mut touched = Vec::new();
        for (t, runs) in tokens.iter().take(counted).enumerate() {
            let shift = 2 * t;
            for &run in runs {
                let typos = u32::from(run.typos.min(2));
                for &e in self.vocabulary.entries_of(run) {
                    let state = &mut typos_by_word[e as usize];
                    if *state == u32::MAX {
                        touched.push(e);
                    }
                    if typos < (*state >> shift) & 3 {
                        *state = (*state & !(3 << shift)) | (typos << shift);
                    }
                }
            }
        }
        for e in touched {
            if !wanted(e) || complete.binary_search(&e).is_ok() {
                continue;
            }
            let state = typos_by_word[e as usize];
            let (mut worth, mut typos) = (0, 0);
            for t in 0..counted {
                let word_typos = (state >> (2 * t)) & 3;
                if word_typos != 3 {
                    worth += SOME_WORDS_PER_WORD - SOME_WORDS_PER_TYPO * word_typos;
                    typos += word_typos;
                }
            }
            let mut hit = self.scored(
                e,
                SOME_WORDS_BASE + worth.min(SOME_WORDS_MAX_WORTH),
                MatchKind::SomeWords,
                MatchedField::Keyword,
                typos as u8,
            );
            hit.field = None;
            found.push(hit);
        }
        tokens
    }

    /// Vocabulary words one query word matches: by prefix for short words, else with typos.
    fn word_runs(&self, word: &str) -> Vec<WordRun> {
        let w = word.as_bytes();
        let mut runs = Vec::new();
        let typos = typos_allowed(w.len());
        if typos == 0 || w.len() > MAX_FUZZY_WORD {
            runs.extend(self.vocabulary.prefix_run(w));
        } else {
            self.vocabulary.fuzzy_prefix(w, typos, &mut runs);
        }
        runs
    }

    /// How many query words the entry has (each at its fewest typos), the typos summed, and the
    /// field of the first query word found.
    fn match_words(&self, entry: u32, tokens: &[Vec<WordRun>]) -> (usize, u32, MatchedField) {
        let words = self.words_of(entry);
        let (mut matched, mut total) = (0, 0u32);
        let mut field = None;
        for runs in tokens {
            let mut best: Option<(u8, u8)> = None;
            for &(word, bits) in words {
                if let Some(typos) = typos_of(runs, word) {
                    if best.is_none_or(|(b, _)| typos < b) {
                        best = Some((typos, bits));
                    }
                }
            }
            if let Some((typos, bits)) = best {
                matched += 1;
                total += u32::from(typos);
                field.get_or_insert(if bits & IN_DISPLAY != 0 {
                    MatchedField::DisplayName
                } else if bits & IN_NAME != 0 {
                    MatchedField::Name
                } else {
                    MatchedField::Keyword
                });
            }
        }
        (matched, total, field.unwrap_or(MatchedField::Keyword))
    }
}

/// The fewest typos with which `word` matches, if it is in one of the runs (sorted, disjoint).
fn typos_of(runs: &[WordRun], word: u32) -> Option<u8> {
    let i = runs.partition_point(|r| r.hi <= word);
    runs.get(i).filter(|r| r.lo <= word).map(|r| r.typos)
}

enum Inside {
    AtWordStart,
    WithinWord,
    Absent,
}

/// Where `needle` occurs in `text` past its first byte: at the start of a word if anywhere.
/// Fields are short, so a first-byte scan beats setting up a general substring searcher.
fn find_inside(text: &[u8], needle: &[u8]) -> Inside {
    let Some((&first, _)) = needle.split_first() else {
        return Inside::Absent;
    };
    let mut result = Inside::Absent;
    if text.len() <= needle.len() {
        return result;
    }
    for i in 1..=text.len() - needle.len() {
        if text[i] == first && text[i..].starts_with(needle) {
            if text[i - 1] == b' ' {
                return Inside::AtWordStart;
            }
            result = Inside::WithinWord;
        }
    }
    result
}

/// Calls `each` for every item in both ascending lists.
fn intersect(a: &[u32], b: &[u32], mut each: impl FnMut(u32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                each(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}
