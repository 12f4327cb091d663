// Filtering and sorting the Configured applications, kept apart from the table so the rules are
// plain functions.
import type { ApplicationRow } from "../../lib/backend";

export type SortKey = "label" | "connector" | "functionality" | "status" | "groups" | "certificate";
export type SortDirection = "ascending" | "descending";
export type Functionality = "any" | "jit" | "scim" | "sso-only";

export interface RowQuery {
  text: string;
  functionality: Functionality;
  sort: SortKey;
  direction: SortDirection;
}

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** A rank so rows with more provisioning sort after those with less: SSO < JIT < SCIM < both. */
function functionalityRank(row: ApplicationRow): number {
  return (row.jit ? 1 : 0) + (row.scim ? 2 : 0);
}

function compare(a: ApplicationRow, b: ApplicationRow, key: SortKey): number {
  switch (key) {
    case "label":
      return collator.compare(a.displayLabel, b.displayLabel);
    case "connector":
      return collator.compare(a.connector, b.connector);
    case "functionality":
      return functionalityRank(a) - functionalityRank(b);
    case "status":
      return Number(b.active) - Number(a.active);
    case "groups":
      return a.boundGroups - b.boundGroups;
    case "certificate":
      // Soonest expiry first; applications without a known date after every dated one.
      return (
        (a.certDaysLeft ?? Number.MAX_SAFE_INTEGER) - (b.certDaysLeft ?? Number.MAX_SAFE_INTEGER)
      );
  }
}

function matchesText(row: ApplicationRow, words: string[]): boolean {
  if (words.length === 0) return true;
  const haystack = [row.displayLabel, row.connector, row.templateName, ...row.keywords]
    .join("\n")
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

function matchesFunctionality(row: ApplicationRow, f: Functionality): boolean {
  switch (f) {
    case "any":
      return true;
    case "jit":
      return row.jit;
    case "scim":
      return row.scim;
    case "sso-only":
      return !row.jit && !row.scim;
  }
}

/** The rows to show, in order. Ties keep the label order, then the id, so the order is stable. */
export function visibleRows(rows: ApplicationRow[], query: RowQuery): ApplicationRow[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const sign = query.direction === "ascending" ? 1 : -1;
  return rows
    .filter((r) => matchesText(r, words) && matchesFunctionality(r, query.functionality))
    .sort(
      (a, b) =>
        sign * compare(a, b, query.sort) ||
        collator.compare(a.displayLabel, b.displayLabel) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** "10:42" for a time today, else a date and time, in the admin's locale. */
export function formatFetchedAt(ms: number, now = Date.now()): string {
  const at = new Date(ms);
  const today = new Date(now).toDateString() === at.toDateString();
  return today
    ? at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : at.toLocaleString(undefined, {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
      });
}

/** The Certificate column's short text: "12 days", "1 day", "Expired", or "" when unknown. */
export function certificateText(row: ApplicationRow): string {
  if (row.certBand === "expired") return "Expired";
  const days = row.certDaysLeft;
  if (days === null || days === undefined) return "";
  if (days < 0) return "Expired";
  return `${days} day${days === 1 ? "" : "s"}`;
}
