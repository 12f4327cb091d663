// Wording shared by the debugger's components: relative times, outcomes, and the application
// tab a failing line links to.
import type { ApplicationTab, CheckOutcome, KnownAs } from "../../lib/backend";

/** "in 4 min" / "5 min ago" for a number of seconds from now; "—" when unknown. */
export function relative(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  const s = Math.round(seconds);
  const magnitude = Math.abs(s);
  let amount: string;
  if (magnitude < 120) amount = `${magnitude} s`;
  else if (magnitude < 7200) amount = `${Math.floor(magnitude / 60)} min`;
  else if (magnitude < 172800) amount = `${Math.floor(magnitude / 3600)} h`;
  else amount = `${Math.floor(magnitude / 86400)} days`;
  return s >= 0 ? `in ${amount}` : `${amount} ago`;
}

/** The words a screen reader hears for a line's outcome. */
export function outcomeWords(outcome: CheckOutcome): string {
  return outcome === "pass" ? "passes" : outcome === "fail" ? "fails" : "not checked";
}

/** The application page's tab label for a line's tab (the page's own tab names). */
export const TAB_LABELS: Record<ApplicationTab, string> = {
  sso: "Single sign-on",
  attributes: "User attributes",
  readiness: "JIT readiness",
  preview: "Assertion preview",
};

/** Who a certificate is to SSO Desk, in words. */
export function knownAsWords(known: KnownAs): string {
  switch (known.kind) {
    case "current":
      return "this application's current IdP certificate";
    case "older":
      return known.lastSeenMs === null
        ? "an older certificate of this application"
        : `an older certificate of this application (last seen ${new Date(known.lastSeenMs).toLocaleDateString()})`;
    case "otherApplication":
      return `the IdP certificate of ${known.label}`;
    case "unknown":
      return "not this application's current certificate";
  }
}

/** The largest file the page reads (the backend refuses more anyway). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
