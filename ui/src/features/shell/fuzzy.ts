// A small fuzzy scorer for the command palette's few hundred items. The catalog's real search is
// in Rust; this follows its spirit: every typed word must match, a whole-name or prefix match beats
// a word-start match, which beats a match inside a word, and one typo (a wrong, missing, extra or
// swapped letter) still finds the item, ranked below the exact kinds.

const EXACT = 1000;
const PREFIX = 800;
const WORD_START = 600;
const INSIDE = 400;
const TYPO = 250;
const SCATTERED = 100;

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Whether `a` and `b` are at most one edit apart (Damerau: a swap of neighbours is one edit). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter replaced
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i); // one letter extra or missing
}

/** Letters of `needle` appear in `hay` in order. */
function scattered(needle: string, hay: string): boolean {
  let at = 0;
  for (const ch of needle) {
    at = hay.indexOf(ch, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

function scoreWord(term: string, text: string, textWords: string[]): number | null {
  if (text === term) return EXACT;
  if (text.startsWith(term)) return PREFIX;
  if (textWords.some((w) => w.startsWith(term))) return WORD_START;
  if (text.includes(term)) return INSIDE;
  // A typo: compare with each word's start of about the same length. Short terms are too
  // ambiguous to forgive.
  if (term.length >= 3) {
    for (const w of textWords) {
      for (const len of [term.length - 1, term.length, term.length + 1]) {
        if (len > 0 && len <= w.length && withinOneEdit(term, w.slice(0, len))) return TYPO;
      }
    }
  }
  if (term.length >= 3 && scattered(term, text.replace(/\s+/g, ""))) return SCATTERED;
  return null;
}

/**
 * How well `query` matches `text` (higher is better), or null when it does not. `extra` are other
 * words that may match (keywords, a kind), at a lower weight than the name itself.
 */
export function fuzzyScore(query: string, text: string, extra: string[] = []): number | null {
  const terms = words(query.toLowerCase());
  if (terms.length === 0) return 0;
  const name = text.toLowerCase();
  const nameWords = words(name);
  const more = extra.map((e) => e.toLowerCase());
  const moreWords = more.flatMap(words);
  let total = 0;
  for (const term of terms) {
    const inName = scoreWord(term, name, nameWords);
    if (inName !== null) {
      total += inName;
      continue;
    }
    const inExtra = more.length ? scoreWord(term, more.join(" "), moreWords) : null;
    if (inExtra === null) return null;
    total += inExtra / 2;
  }
  // Among equals, the shorter name is the closer match.
  return total - Math.min(name.length, 99) / 100;
}

/** The items that match, best first; with no query, all of them in their given order. */
export function fuzzyFilter<T>(
  query: string,
  items: T[],
  text: (item: T) => string,
  extra: (item: T) => string[] = () => [],
): T[] {
  if (query.trim() === "") return items;
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, text(item), extra(item)) }))
    .filter((s): s is { item: T; index: number; score: number } => s.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((s) => s.item);
}
