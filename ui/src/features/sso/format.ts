// Shared wording for the Single sign-on tab and the Certificates page: expiry bands as text (never
// colour alone) and dates. Values of reviews and conflicts read as components/values.ts says.
import type { ExpiryBand } from "../../lib/backend";

const BANDS: Record<ExpiryBand, string> = {
  expired: "Expired",
  within7Days: "Expires within 7 days",
  within30Days: "Expires within 30 days",
  within60Days: "Expires within 60 days",
  fine: "Fine",
  unknown: "Unknown",
};

export function bandText(band: ExpiryBand | null | undefined): string {
  return BANDS[band ?? "unknown"];
}

/** Bands that need the admin's attention now. */
export function urgent(band: ExpiryBand | null | undefined): boolean {
  return band === "expired" || band === "within7Days";
}

/** "12 days", "1 day", "Expired 3 days ago", or "—" when unknown. */
export function daysText(days: number | null | undefined): string {
  if (days === null || days === undefined) return "—";
  if (days < 0) return `Expired ${-days} day${days === -1 ? "" : "s"} ago`;
  return `${days} day${days === 1 ? "" : "s"}`;
}

/** A date from seconds since the Unix epoch, as YYYY-MM-DD (UTC). */
export function dateText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
