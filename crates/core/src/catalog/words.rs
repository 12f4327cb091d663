//! The catalog's vocabulary: every distinct normalised word of every display name, name and
//! keyword, sorted, each with the entries it occurs in.
//!
//! Sorting makes words sharing a prefix contiguous. That gives prefix look-ups by binary search,
//! and a trie laid out in preorder (built once) for the typo-tolerant walk: it computes each
//! edit-distance row once per trie node, shared by all words below it, and skips a whole subtree
//! as soon as no cell of a row is within the allowed typos.

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
    trie: Trie,
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
        vocab.trie = Trie::build(&vocab);
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
        let trie = &self.trie;
        // rows[d][i]: distance between query[..i] and the path to the current node at depth d.
        let mut rows = [[0u8; MAX_FUZZY_WORD + 1]; MAX_DEPTH + 1];
        // best[d]: fewest typos of the query against any prefix of that path of length <= d.
        let mut best = [u8::MAX; MAX_DEPTH + 1];
        let mut path = [0u8; MAX_DEPTH + 1];
        for (i, cell) in rows[0].iter_mut().enumerate().take(n + 1) {
            *cell = (i as u8).min(k + 1);
        }
        best[0] = (n as u8).min(k + 1);
        // Preorder: rows 0..depth-1 always belong to the current node's ancestors.
        let mut node = 0usize;
        while node < trie.bytes.len() {
            let depth = usize::from(trie.depths[node]);
            let (lo, hi) = (trie.first_word[node], self.subtree_end(node));
            // A row's smallest cell is at least depth - n, so nothing this deep can match.
            if depth > MAX_DEPTH {
                if best[MAX_DEPTH] <= k {
                    push_run(out, lo, hi, best[MAX_DEPTH]);
                }
                node = trie.skip[node] as usize;
                continue;
            }
            path[depth - 1] = trie.bytes[node];
            // From two typos on (query words of 8 letters or more), the first letter must be
            // right or swapped with the second: it keeps the walk out of most of the trie, and
            // a long word is rarely mistyped at its very start.
            if depth == 1 && k >= 2 && path[0] != query[0] && query.get(1) != Some(&path[0]) {
                node = trie.skip[node] as usize;
                continue;
            }
            let (row_min, last) = fill_row(&mut rows, query, &path, depth, k);
            best[depth] = best[depth - 1].min(last);
            if row_min > k || best[depth] == 0 {
                // No cell within k: no longer prefix can come back within k (a swap skipping
                // this row would have left a cell within k in it), so the subtree shares the best
                // so far. Or the query is an exact prefix here, which nothing below can beat.
                if best[depth] <= k {
                    push_run(out, lo, hi, best[depth]);
                }
                node = trie.skip[node] as usize;
                continue;
            }
            if trie.ends_word[node] && best[depth] <= k {
                push_run(out, lo, lo + 1, best[depth]);
            }
            node += 1;
        }
    }

    /// One past the last word id under `node`.
    fn subtree_end(&self, node: usize) -> u32 {
        match self.trie.first_word.get(self.trie.skip[node] as usize) {
            Some(&id) => id,
            None => self.len(),
        }
    }
}

/// The vocabulary as a trie in preorder: a node's children follow it, and `skip` jumps past its
/// subtree. Because the words are sorted, a subtree's words are the ids from `first_word[node]`
/// up to the `first_word` of the node `skip` leads to.
#[derive(Debug, Default)]
struct Trie {
    bytes: Vec<u8>,
    depths: Vec<u8>,
    skip: Vec<u32>,
    first_word: Vec<u32>,
    ends_word: Vec<bool>,
}

impl Trie {
    fn build(vocabulary: &Vocabulary) -> Trie {
        let mut trie = Trie::default();
        // Nodes on the path of the previous word whose subtree is still open, by depth.
        let mut open: Vec<usize> = Vec::new();
        let mut previous: &[u8] = &[];
        for id in 0..vocabulary.len() {
            let word = vocabulary.word(id);
            // Depths are u8: bytes of a word past 255 are not indexed for typo matching.
            let word = &word[..word.len().min(usize::from(u8::MAX))];
            let shared = common_prefix(previous, word);
            for closed in open.drain(shared.min(open.len())..) {
                trie.skip[closed] = trie.bytes.len() as u32;
            }
            for (depth, &byte) in word.iter().enumerate().skip(shared) {
                open.push(trie.bytes.len());
                trie.bytes.push(byte);
                trie.depths.push(depth as u8 + 1);
                trie.skip.push(0);
                trie.first_word.push(id);
                trie.ends_word.push(depth + 1 == word.len());
            }
            previous = word;
        }
        for closed in open {
            trie.skip[closed] = trie.bytes.len() as u32;
        }
        trie
    }
}

/// Computes row `depth` for the byte `path[depth - 1]`; returns its smallest cell and its last
/// cell (query fully consumed).
///
/// Only the band of cells within `k` of the diagonal is computed (a cell is at least its distance
/// from the diagonal); one cell either side of the band is set to `k + 1`, so that the next rows,
/// which read one cell further out, never see a value left over from another branch. Values above
/// `k` all mean "too far" and are only compared with `k`.
fn fill_row(
    rows: &mut [[u8; MAX_FUZZY_WORD + 1]; MAX_DEPTH + 1],
    query: &[u8],
    path: &[u8; MAX_DEPTH + 1],
    depth: usize,
    k: u8,
) -> (u8, u8) {
    let n = query.len();
    let far = k + 1;
    let band = usize::from(k);
    let c = path[depth - 1];
    let before = if depth >= 2 {
        Some(path[depth - 2])
    } else {
        None
    };
    let (done, rest) = rows.split_at_mut(depth);
    let cur = &mut rest[0];
    let up = &done[depth - 1];
    let lo = depth.saturating_sub(band).max(1);
    let hi = (depth + band).min(n);
    cur[lo - 1] = if lo == 1 { (depth as u8).min(far) } else { far };
    let mut row_min = cur[lo - 1];
    for i in lo..=hi {
        let q = query[i - 1];
        let mut cell = (up[i - 1] + u8::from(q != c))
            .min(up[i] + 1)
            .min(cur[i - 1] + 1);
        if i >= 2 && before == Some(q) && query[i - 2] == c {
            cell = cell.min(done[depth - 2][i - 2] + 1);
        }
        let cell = cell.min(far);
        cur[i] = cell;
        row_min = row_min.min(cell);
    }
    if hi < n {
        cur[hi + 1] = far;
    }
    let last = if lo <= n && n <= hi { cur[n] } else { far };
    (row_min, last)
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
    /// the trie walk must agree with (for two typos, among words whose first letter is the
    /// query's first or second).
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
                    .filter(|w| {
                        let (q, w) = (q.as_bytes(), w.as_bytes());
                        k < 2 || w.first() == q.first() || w.first() == q.get(1)
                    })
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
    fn agrees_with_the_plain_distance_on_a_dense_random_vocabulary() {
        // A three-letter alphabet makes deep shared prefixes and many near misses, the cases
        // where a row left over from a sibling branch would show.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound) as usize
        };
        let mut random_word = |max_len: u64| -> String {
            (0..1 + next(max_len))
                .map(|_| ["a", "b", "c"][next(3)])
                .collect()
        };
        let words: Vec<String> = (0..400).map(|_| random_word(9)).collect();
        let occurrences: Vec<(&str, u32)> = words.iter().map(|w| (w.as_str(), 0)).collect();
        let v = Vocabulary::build(&occurrences).0;
        let mut distinct: Vec<&str> = words.iter().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for _ in 0..200 {
            let q = random_word(10);
            for k in 1..=2u8 {
                let got = fuzzy(&v, &q, k);
                let want: Vec<(String, u8)> = distinct
                    .iter()
                    .filter(|w| {
                        let (qb, wb) = (q.as_bytes(), w.as_bytes());
                        k < 2 || wb.first() == qb.first() || wb.first() == qb.get(1)
                    })
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
