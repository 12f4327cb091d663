//! The in-memory index over all connectors, built once per catalog download.
//!
//! Layout, chosen so that a query touches little memory and allocates almost nothing:
//! - every normalised field (display name, name, each keyword) lives in one string arena, with
//!   per-entry spans, so verifying a candidate reads a few short, adjacent byte slices;
//! - a posting list per bigram and trigram of those fields names the entries containing it, so a
//!   substring query only verifies entries holding its rarest trigrams (or its one bigram);
//! - the sorted vocabulary (see `words`) serves multi-word and typo-tolerant matching;
//! - a precomputed rank per entry (shorter display name first, then alphabetical) makes every
//!   ordering a comparison of two integers and fully deterministic.

use std::time::SystemTime;

use super::entry::{CatalogEntry, TemplateStatus};
use super::normalize::normalize_into;
use super::words::Vocabulary;
use super::MatchedField;

pub(super) const FLAG_JIT: u8 = 1;
pub(super) const FLAG_SCIM: u8 = 2;
pub(super) const FLAG_END_OF_LIFE: u8 = 4;

/// Which fields a word occurs in, for one entry.
pub(super) const IN_DISPLAY: u8 = 1;
pub(super) const IN_NAME: u8 = 2;
pub(super) const IN_KEYWORD: u8 = 4;

#[derive(Debug, Clone, Copy)]
pub(super) struct FieldSpan {
    pub start: u32,
    pub end: u32,
    pub field: MatchedField,
}

/// Posting lists keyed by a packed n-gram, flattened into one vector.
#[derive(Debug, Default)]
pub(super) struct GramPostings {
    keys: Vec<u32>,
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl GramPostings {
    /// From `(key << 32) | entry` pairs in any order, with repeats.
    fn from_pairs(mut pairs: Vec<u64>) -> GramPostings {
        pairs.sort_unstable();
        pairs.dedup();
        let mut postings = GramPostings::default();
        for pair in pairs {
            let key = (pair >> 32) as u32;
            if postings.keys.last() != Some(&key) {
                postings.keys.push(key);
                postings.starts.push(postings.items.len() as u32);
            }
            postings.items.push(pair as u32);
        }
        postings.starts.push(postings.items.len() as u32);
        postings
    }

    /// Entries (ascending) whose fields contain the n-gram; empty if none.
    pub(super) fn get(&self, key: u32) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(i) => &self.items[self.starts[i] as usize..self.starts[i + 1] as usize],
            Err(_) => &[],
        }
    }
}

/// Packs a bigram or trigram (given as 2 or 3 bytes) into a key; the length is in the top byte
/// so the two kinds never collide.
pub(super) fn gram_key(gram: &[u8]) -> u32 {
    gram.iter().fold(0u32, |key, &b| (key << 8) | u32::from(b)) | ((gram.len() as u32) << 24)
}

/// The search index over one catalog. Immutable once built; cheap to share between threads.
#[derive(Debug)]
pub struct CatalogIndex {
    pub(super) entries: Vec<CatalogEntry>,
    pub(super) built_at: SystemTime,
    pub(super) text: String,
    pub(super) fields: Vec<FieldSpan>,
    /// Fields of entry `e` are `fields[field_starts[e]..field_starts[e + 1]]`.
    pub(super) field_starts: Vec<u32>,
    pub(super) flags: Vec<u8>,
    /// Position of each entry in the tie-break order: shorter display name, then alphabetical.
    pub(super) tie_rank: Vec<u32>,
    /// Entries in display-name order, for the empty query.
    pub(super) alphabetical: Vec<u32>,
    pub(super) grams: GramPostings,
    pub(super) vocabulary: Vocabulary,
    /// Words of entry `e` are `entry_words[word_starts[e]..word_starts[e + 1]]`, as
    /// `(word id, IN_* field bits)`, ascending by word id.
    pub(super) entry_words: Vec<(u32, u8)>,
    pub(super) word_starts: Vec<u32>,
    /// Position of the custom SAML connector, if the catalog has it.
    pub(super) custom_saml: Option<u32>,
}

impl CatalogIndex {
    /// Indexes `entries`, keeping their order: hit positions refer to it.
    pub fn build(entries: Vec<CatalogEntry>) -> CatalogIndex {
        Self::build_at(entries, SystemTime::now())
    }

    pub(super) fn build_at(entries: Vec<CatalogEntry>, built_at: SystemTime) -> CatalogIndex {
        let mut text = String::new();
        let mut fields = Vec::new();
        let mut field_starts = Vec::with_capacity(entries.len() + 1);
        let mut flags = Vec::with_capacity(entries.len());
        let mut custom_saml = None;
        for (position, entry) in entries.iter().enumerate() {
            field_starts.push(fields.len() as u32);
            let mut add = |value: &str, field: MatchedField| {
                let start = text.len();
                normalize_into(value, &mut text);
                if text.len() > start {
                    fields.push(FieldSpan {
                        start: start as u32,
                        end: text.len() as u32,
                        field,
                    });
                }
            };
            add(&entry.display_name, MatchedField::DisplayName);
            add(&entry.name, MatchedField::Name);
            for keyword in &entry.keywords {
                add(keyword, MatchedField::Keyword);
            }
            let mut flag = 0;
            if entry.supports_jit {
                flag |= FLAG_JIT;
            }
            if entry.supports_scim {
                flag |= FLAG_SCIM;
            }
            if entry.status == TemplateStatus::EndOfLife {
                flag |= FLAG_END_OF_LIFE;
            }
            flags.push(flag);
            if custom_saml.is_none() && entry.is_custom_saml() {
                custom_saml = Some(position as u32);
            }
        }
        field_starts.push(fields.len() as u32);

        // n-grams never span two fields: a query is matched within one field.
        let mut pairs = Vec::new();
        let mut occurrences: Vec<(&str, u32)> = Vec::new();
        let mut occurrence_bits = Vec::new();
        for e in 0..entries.len() {
            let spans = &fields[field_starts[e] as usize..field_starts[e + 1] as usize];
            for span in spans {
                let bytes = &text.as_bytes()[span.start as usize..span.end as usize];
                for n in 2..=3 {
                    for gram in bytes.windows(n) {
                        pairs.push((u64::from(gram_key(gram)) << 32) | e as u64);
                    }
                }
                let bit = match span.field {
                    MatchedField::DisplayName => IN_DISPLAY,
                    MatchedField::Name => IN_NAME,
                    MatchedField::Keyword => IN_KEYWORD,
                };
                for word in text[span.start as usize..span.end as usize].split(' ') {
                    occurrences.push((word, e as u32));
                    occurrence_bits.push(bit);
                }
            }
        }
        let grams = GramPostings::from_pairs(pairs);
        let (vocabulary, word_of) = Vocabulary::build(&occurrences);

        // Occurrences were pushed entry by entry, so each entry's words are one contiguous run.
        let mut entry_words = Vec::with_capacity(occurrences.len());
        let mut word_starts = Vec::with_capacity(entries.len() + 1);
        let mut next = 0;
        for e in 0..entries.len() as u32 {
            word_starts.push(entry_words.len() as u32);
            let from = entry_words.len();
            while next < occurrences.len() && occurrences[next].1 == e {
                entry_words.push((word_of[next], occurrence_bits[next]));
                next += 1;
            }
            let words = &mut entry_words[from..];
            words.sort_unstable();
            // Merge repeats of a word into one item carrying all its field bits.
            let mut kept = from;
            for i in from..entry_words.len() {
                if kept > from && entry_words[kept - 1].0 == entry_words[i].0 {
                    entry_words[kept - 1].1 |= entry_words[i].1;
                } else {
                    entry_words[kept] = entry_words[i];
                    kept += 1;
                }
            }
            entry_words.truncate(kept);
        }
        word_starts.push(entry_words.len() as u32);

        // The normalised display name (the first field, unless it normalised to nothing).
        let display_keys: Vec<&str> = (0..entries.len())
            .map(|e| match fields.get(field_starts[e] as usize) {
                Some(f)
                    if f.field == MatchedField::DisplayName
                        && field_starts[e] < field_starts[e + 1] =>
                {
                    &text[f.start as usize..f.end as usize]
                }
                _ => "",
            })
            .collect();
        let sort_key = |e: usize| display_keys[e];
        let mut alphabetical: Vec<u32> = (0..entries.len() as u32).collect();
        alphabetical.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            sort_key(a)
                .cmp(sort_key(b))
                .then_with(|| entries[a].display_name.cmp(&entries[b].display_name))
                .then_with(|| entries[a].id.cmp(&entries[b].id))
                .then(a.cmp(&b))
        });
        let mut by_tie = alphabetical.clone();
        by_tie.sort_by_key(|&e| sort_key(e as usize).len());
        let mut tie_rank = vec![0u32; entries.len()];
        for (rank, &e) in by_tie.iter().enumerate() {
            tie_rank[e as usize] = rank as u32;
        }

        CatalogIndex {
            entries,
            built_at,
            text,
            fields,
            field_starts,
            flags,
            tie_rank,
            alphabetical,
            grams,
            vocabulary,
            entry_words,
            word_starts,
            custom_saml,
        }
    }

    /// The indexed entries, in the order given to [`CatalogIndex::build`].
    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// When the catalog was downloaded and indexed (kept across a save and load).
    pub fn built_at(&self) -> SystemTime {
        self.built_at
    }

    pub(super) fn fields_of(&self, entry: u32) -> &[FieldSpan] {
        let e = entry as usize;
        &self.fields[self.field_starts[e] as usize..self.field_starts[e + 1] as usize]
    }

    pub(super) fn field_bytes(&self, span: &FieldSpan) -> &[u8] {
        &self.text.as_bytes()[span.start as usize..span.end as usize]
    }

    pub(super) fn words_of(&self, entry: u32) -> &[(u32, u8)] {
        let e = entry as usize;
        &self.entry_words[self.word_starts[e] as usize..self.word_starts[e + 1] as usize]
    }
}
