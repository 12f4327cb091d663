//! The catalog's vocabulary: every distinct normalised word of every display name, name and
//! keyword, sorted, each with the entries it occurs in.
//!
//! Sorting makes the vocabulary an implicit trie: words sharing a prefix are contiguous. That gives
//! prefix look-ups by binary search, and a typo-tolerant walk that computes each edit-distance row
//! once per trie node (shared by all words below it) and abandons a whole subtree as soon as no
//! cell of a row is within the allowed typos.

/// Longest query word that is matched with typos; longer words are matched by prefix only.
pub(crate) const MAX_FUZZY_WORD: usize = 32;
/// Rows needed by the walk: depth can exceed the word length by the allowed typos (at most 2) plus
/// the row that proves a subtree hopeless.
const MAX_DEPTH: usize = MAX_FUZZY_WORD + 4;

/// A run of consecutive word ids that all match one query word with the same number of typos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordRun {
    pub lo: u32,
    pub hi: u32,
    pub typos: u8,
}

#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    /// All words back to back; word `i` is `text[starts[i]..starts[i + 1]]`.
    text: String,
    starts: Vec<u32>,
    /// Entries of word `i` (ascending, distinct) are `entries[entry_starts[i]..entry_starts[i + 1]]`.
    /// Because words are sorted, the entries of a run of words are one contiguous slice too.
    entry_starts: Vec<u32>,
    entries: Vec<u32>,
}

impl Vocabulary {
    /// Builds from `(word, entry)` occurrences, in any order, with repeats. Returns the vocabulary
    /// and, for each occurrence given, the id of its word (same order as the input).
    pub(crate) fn build(occurrences: &[(&str, u32)]) -> (Vocabulary, Vec<u32>) {
        let mut order: Vec<u32> = (0..occurrences.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            let (wa, ea) = occurrences[a as usize];
            let (wb, eb) = occurrences[b as usize];
            wa.cmp(wb).then(ea.cmp(&eb))
        });
        let mut vocab = Vocabulary::default();
        let mut word_of = vec![0u32; occurrences.len()];
        let mut last_word: Option<&str> = None;
        let mut last_entry = u32::MAX;
        for &o in &order {
            let (word, entry) = occurrences[o as usize];
            if last_word != Some(word) {
                vocab.starts.push(vocab.text.len() as u32);
                vocab.text.push_str(word);
                vocab.entry_starts.push(vocab.entries.len() as u32);
                last_word = Some(word);
                last_entry = u32::MAX;
            }
            if entry != last_entry {
                vocab.entries.push(entry);
                last_entry = entry;
            }
            word_of[o as usize] = vocab.starts.len() as u32 - 1;
        }
        vocab.starts.push(vocab.text.len() as u32);
        vocab.entry_starts.push(vocab.entries.len() as u32);
        (vocab, word_of)
    }

    pub(crate) fn len(&self) -> u32 {
        self.starts.len().saturating_sub(1) as u32
    }

    pub(crate) fn word(&self, id: u32) -> &[u8] {
        let i = id as usize;
        &self.text.as_bytes()[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The entries in which any word of the run occurs (may repeat an entry across words).
    pub(crate) fn entries_of(&self, run: WordRun) -> &[u32] {
        &self.entries[self.entry_starts[run.lo as usize] as usize
            ..self.entry_starts[run.hi as usize] as usize]
    }

    /// Number of (word, entry) occurrences in a run: the work of visiting its entries.
    pub(crate) fn occurrences_in(&self, run: WordRun) -> usize {
        (self.entry_starts[run.hi as usize] - self.entry_starts[run.lo as usize]) as usize
    }

    /// Words from `from` on that start with `prefix`, as an id range `from..end`, assuming the
    /// word at `from` is the first such word.
    fn prefix_end(&self, from: u32, prefix: &[u8]) -> u32 {
        let (mut lo, mut hi) = (from, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.word(mid).starts_with(prefix) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// All words that start with `prefix`, as one run with no typos (empty if none).
    pub(crate) fn prefix_run(&self, prefix: &[u8]) -> Option<WordRun> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.word(mid) < prefix {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let end = self.prefix_end(lo, prefix);
        (end > lo).then_some(WordRun {
            lo,
            hi: end,
            typos: 0,
        })
    }

    /// Appends to `out`, in ascending id order, every word having a prefix within `max_typos`
    /// edits of `query` (optimal string alignment distance: insert, delete, substitute, swap two
    /// neighbours), with the fewest typos found. `query` is at most [`MAX_FUZZY_WORD`] bytes and
    /// `max_typos` at most 2; other calls find nothing.
    pub(crate) fn fuzzy_prefix(&self, query: &[u8], max_typos: u8, out: &mut Vec<WordRun>) {
        let n = query.len();
        if n == 0 || n > MAX_FUZZY_WORD || max_typos > 2 {
            return;
        }
        let k = max_typos;
        // rows[j][i]: distance between query[..i] and the first j bytes of the current word.
        let mut rows = [[0u8; MAX_FUZZY_WORD + 1]; MAX_DEPTH + 1];
        // best[j]: fewest typos of query against any prefix of the word of length <= j.
        let mut best = [u8::MAX; MAX_DEPTH + 1];
        for (i, cell) in rows[0].iter_mut().enumerate().take(n + 1) {
            *cell = i as u8;
        }
        best[0] = n as u8;
        // Rows 0..=valid belong to a prefix of `prev`, and stay right for any word sharing it.
        let mut valid = 0usize;
        let mut prev: &[u8] = &[];
        let mut id = 0u32;
        while id < self.len() {
            let word = self.word(id);
            let mut depth = common_prefix(prev, word).min(valid);
            let mut hopeless_at = None;
            while depth < word.len() {
                let j = depth + 1;
                // A row's smallest cell is at least j - n, so the walk never gets this deep
                // unless the word is longer than it could matter; treat that as hopeless.
                if j > MAX_DEPTH {
                    hopeless_at = Some(j);
                    break;
                }
                let row_min = fill_row(&mut rows, query, word, j);
                best[j] = best[j - 1].min(rows[j][n]);
                depth = j;
                // No cell within k: no longer prefix can come back within k, because a swap
                // that skips this row would have left a cell within k in it. The subtree is done.
                if row_min > k {
                    hopeless_at = Some(j);
                    break;
                }
            }
            match hopeless_at {
                Some(j) => {
                    let end = self.prefix_end(id, &word[..j.min(word.len())]);
                    let typos = best[(j - 1).min(MAX_DEPTH)];
                    if typos <= k {
                        push_run(out, id, end, typos);
                    }
                    valid = j - 1;
                    prev = word;
                    id = end;
                }
                None => {
                    if best[word.len()] <= k {
                        push_run(out, id, id + 1, best[word.len()]);
                    }
                    valid = word.len();
                    prev = word;
                    id += 1;
                }
            }
        }
    }
}

/// Computes row `j` for the byte `word[j - 1]` and returns its smallest cell.
fn fill_row(
    rows: &mut [[u8; MAX_FUZZY_WORD + 1]; MAX_DEPTH + 1],
    query: &[u8],
    word: &[u8],
    j: usize,
) -> u8 {
    let n = query.len();
    let c = word[j - 1];
    let before = if j >= 2 { Some(word[j - 2]) } else { None };
    let (done, rest) = rows.split_at_mut(j);
    let cur = &mut rest[0];
    let up = &done[j - 1];
    cur[0] = j as u8;
    let mut row_min = cur[0];
    for i in 1..=n {
        let q = query[i - 1];
        let mut cell = (up[i - 1] + u8::from(q != c))
            .min(up[i] + 1)
            .min(cur[i - 1] + 1);
        if i >= 2 && before == Some(q) && query[i - 2] == c {
            cell = cell.min(done[j - 2][i - 2] + 1);
        }
        cur[i] = cell;
        row_min = row_min.min(cell);
    }
    row_min
}

fn push_run(out: &mut Vec<WordRun>, lo: u32, hi: u32, typos: u8) {
    if let Some(last) = out.last_mut() {
        if last.hi == lo && last.typos == typos {
            last.hi = hi;
            return;
        }
    }
    out.push(WordRun { lo, hi, typos });
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::{Vocabulary, WordRun};

    fn vocab(words: &[&str]) -> Vocabulary {
        let occurrences: Vec<(&str, u32)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (*w, i as u32))
            .collect();
        Vocabulary::build(&occurrences).0
    }

    fn fuzzy(v: &Vocabulary, q: &str, k: u8) -> Vec<(String, u8)> {
        let mut runs = Vec::new();
        v.fuzzy_prefix(q.as_bytes(), k, &mut runs);
        runs.iter()
            .flat_map(|r| (r.lo..r.hi).map(move |id| (id, r.typos)))
            .map(|(id, t)| (String::from_utf8_lossy(v.word(id)).into_owned(), t))
            .collect()
    }

    /// Plain optimal-string-alignment distance, minimised over prefixes of `word`: the reference
    /// the trie walk must agree with.
    fn reference(q: &[u8], word: &[u8]) -> usize {
        let (n, m) = (q.len(), word.len());
        let mut d = vec![vec![0usize; n + 1]; m + 1];
        for (i, cell) in d[0].iter_mut().enumerate() {
            *cell = i;
        }
        for j in 1..=m {
            d[j][0] = j;
            for i in 1..=n {
                let mut v = (d[j - 1][i - 1] + usize::from(q[i - 1] != word[j - 1]))
                    .min(d[j - 1][i] + 1)
                    .min(d[j][i - 1] + 1);
                if i > 1 && j > 1 && q[i - 1] == word[j - 2] && q[i - 2] == word[j - 1] {
                    v = v.min(d[j - 2][i - 2] + 1);
                }
                d[j][i] = v;
            }
        }
        (0..=m).map(|j| d[j][n]).min().unwrap_or(n)
    }

    #[test]
    fn finds_words_within_the_allowed_typos_and_reports_the_fewest() {
        let v = vocab(&[
            "slack",
            "slab",
            "zoom",
            "zoominfo",
            "zone",
            "salesforce",
            "sales",
        ]);
        assert_eq!(
            fuzzy(&v, "slakc", 1),
            vec![("slack".into(), 1)],
            "a swap of neighbours is one typo"
        );
        assert_eq!(
            fuzzy(&v, "zoon", 1),
            vec![
                ("zone".into(), 1),
                ("zoom".into(), 1),
                ("zoominfo".into(), 1)
            ],
            "a prefix within one typo matches, longer words included"
        );
        assert_eq!(fuzzy(&v, "salesforse", 2), vec![("salesforce".into(), 1)]);
        assert!(
            fuzzy(&v, "qqqxxzz", 2).is_empty(),
            "nothing is near a nonsense word"
        );
    }

    #[test]
    fn agrees_with_the_plain_distance_on_every_word() {
        let words = [
            "atlassian",
            "atlas",
            "attlassian",
            "confluence",
            "conflux",
            "cloud",
            "clout",
            "slack",
            "salck",
            "zoom",
            "zoo",
            "oz",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
            "salesforce",
        ];
        let v = vocab(&words);
        for q in [
            "atlasian",
            "conflunce",
            "clodu",
            "zoo",
            "ab",
            "bac",
            "salesforse",
            "cluod",
        ] {
            for k in 1..=2u8 {
                let got = fuzzy(&v, q, k);
                let mut sorted: Vec<&str> = words.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                let want: Vec<(String, u8)> = sorted
                    .iter()
                    .filter_map(|w| {
                        let d = reference(q.as_bytes(), w.as_bytes());
                        (d <= k as usize).then(|| ((*w).to_owned(), d as u8))
                    })
                    .collect();
                assert_eq!(
                    got, want,
                    "trie walk must equal brute force for {q:?} within {k}"
                );
            }
        }
    }

    #[test]
    fn prefix_runs_cover_exactly_the_words_with_that_prefix() {
        let v = vocab(&["zoo", "zoom", "zoominfo", "zone", "box"]);
        let run = v.prefix_run(b"zoo").expect("three words start with zoo");
        assert_eq!(run.hi - run.lo, 3, "zoo, zoom and zoominfo, not zone");
        assert_eq!(v.prefix_run(b"q"), None::<WordRun>);
    }
}
