// How a JSON value of a review, a difference or a conflict reads, decided once for every place
// that shows one: a field that is not there is "(absent)", an empty text "(empty)", text as it is,
// anything else as compact JSON.
import type { LabelledConflict, PathSegment, ReviewChange } from "../lib/backend";

export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "(absent)";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  return JSON.stringify(value);
}

/** A field JumpCloud stored differently from what was sent, in one line. */
export function differenceText(change: ReviewChange): string {
  return `${change.label}: sent ${valueText(change.before)}, stored ${valueText(change.after)}`;
}

/** One conflict to decide on, as ConflictView shows it: its key, label and the three sides. */
export interface ConflictItem {
  key: string;
  label: string;
  base: string;
  mine: string;
  theirs: string;
}

/** A stable key for a field's path (for choices and Svelte's keyed lists). */
export function pathKey(path: PathSegment[]): string {
  return JSON.stringify(path);
}

export function conflictItems(conflicts: LabelledConflict[]): ConflictItem[] {
  return conflicts.map((c) => ({
    key: pathKey(c.path),
    label: c.label,
    base: valueText(c.base),
    mine: valueText(c.mine),
    theirs: valueText(c.theirs),
  }));
}
