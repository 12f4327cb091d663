// Where each SAML application's certificate sits on the Overview's timeline: the next 90 days
// left to right, with a zone at the left edge for expired certificates and zones at the right for
// those that run longer and those whose expiry is not known. Every application is one mark; marks
// that would touch stack upwards, and a crowded zone packs them closer rather than dropping any.
import type { CertificateMark, ExpiryBand } from "../../lib/backend";

export const WINDOW_DAYS = 90;
/** A mark's radius and the distance between the centres of two marks side by side. */
export const MARK_RADIUS = 5;
const PITCH = 2 * MARK_RADIUS + 2;
/** How many marks stack at most before a crowded spot packs them closer. */
const MAX_LEVELS = 6;
const ZONE_WIDTH = 56;
const GAP = 10;
const TOP = 8;

export type Zone = "expired" | "window" | "later" | "unknown";

export interface PlacedMark {
  mark: CertificateMark;
  zone: Zone;
  x: number;
  y: number;
}

export interface Span {
  from: number;
  to: number;
}

export interface Tick {
  days: number;
  x: number;
  label: string;
}

export interface Timeline {
  width: number;
  /** Where the marks stand: the axis line's y. */
  baseline: number;
  height: number;
  zones: Record<Zone, Span | null>;
  /** The coloured bands under the 90 days: each band's span. */
  bands: { band: ExpiryBand; span: Span }[];
  ticks: Tick[];
  marks: PlacedMark[];
}

export function zoneOf(mark: CertificateMark): Zone {
  if (mark.daysLeft == null) return "unknown";
  if (mark.daysLeft < 0) return "expired";
  return mark.daysLeft > WINDOW_DAYS ? "later" : "window";
}

/** Lays out `marks` on a timeline `width` pixels wide. */
export function layoutTimeline(marks: CertificateMark[], width: number): Timeline {
  const hasUnknown = marks.some((m) => zoneOf(m) === "unknown");
  const expired: Span = { from: 0, to: ZONE_WIDTH };
  const unknown: Span | null = hasUnknown ? { from: width - ZONE_WIDTH, to: width } : null;
  const laterEnd = unknown ? unknown.from - GAP : width;
  const later: Span = { from: laterEnd - ZONE_WIDTH, to: laterEnd };
  const axis: Span = { from: expired.to + GAP + MARK_RADIUS, to: later.from - GAP - MARK_RADIUS };
  const xOf = (days: number) => axis.from + (days / WINDOW_DAYS) * (axis.to - axis.from);

  const placed: { mark: CertificateMark; zone: Zone; x: number; level: number }[] = [];
  const byZone = (zone: Zone) => marks.filter((m) => zoneOf(m) === zone);
  for (const [zone, span] of [
    ["expired", expired],
    ["later", later],
    ["unknown", unknown],
  ] as const) {
    if (span) placed.push(...packZone(byZone(zone), zone, span));
  }
  placed.push(...stackOnAxis(byZone("window"), xOf));

  const levels = Math.min(MAX_LEVELS, Math.max(1, ...placed.map((p) => p.level + 1)));
  const baseline = TOP + levels * PITCH;
  const ticks = [0, 7, 30, 60, 90].map((days) => ({
    days,
    x: xOf(days),
    label: days === 0 ? "Today" : `${days} d`,
  }));
  const bandEdges: [ExpiryBand, number, number][] = [
    ["within7Days", 0, 7],
    ["within30Days", 7, 30],
    ["within60Days", 30, 60],
    ["fine", 60, WINDOW_DAYS],
  ];
  return {
    width,
    baseline,
    height: baseline + 34,
    zones: { expired, window: axis, later, unknown },
    bands: bandEdges.map(([band, a, b]) => ({ band, span: { from: xOf(a), to: xOf(b) } })),
    ticks,
    marks: placed.map(({ mark, zone, x, level }) => ({
      mark,
      zone,
      x,
      y: baseline - MARK_RADIUS - 2 - level * PITCH,
    })),
  };
}

/** Marks of a zone in columns of up to MAX_LEVELS, packed closer when the zone is crowded. */
function packZone(marks: CertificateMark[], zone: Zone, span: Span) {
  const columns = Math.max(1, Math.ceil(marks.length / MAX_LEVELS));
  const room = span.to - span.from - 2 * MARK_RADIUS;
  const step = columns > 1 ? Math.min(PITCH, room / (columns - 1)) : 0;
  const start = span.from + MARK_RADIUS + Math.max(0, (room - step * (columns - 1)) / 2);
  return marks.map((mark, i) => ({
    mark,
    zone,
    x: start + Math.floor(i / MAX_LEVELS) * step,
    level: i % MAX_LEVELS,
  }));
}

/** Marks on the 90 days: each at its day, one level up from any mark it would touch. */
function stackOnAxis(marks: CertificateMark[], xOf: (days: number) => number) {
  const sorted = [...marks].sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0));
  const lastX: number[] = [];
  return sorted.map((mark) => {
    const x = xOf(mark.daysLeft ?? 0);
    let level = lastX.findIndex((at) => x - at >= PITCH);
    if (level === -1) level = lastX.length < MAX_LEVELS ? lastX.length : lastX.length - 1;
    lastX[level] = x;
    return { mark, zone: "window" as const, x, level };
  });
}

/** How many marks the timeline's text equivalent names one by one (soonest expiry first). */
export const WORDS_LISTED = 50;

/** The text equivalent's last line when it names only the first WORDS_LISTED marks. */
export function moreText(more: number): string {
  return `and ${more} more, listed on the Certificates page`;
}

/** One line a screen reader reads for a mark. */
export function markText(mark: CertificateMark): string {
  const days = mark.daysLeft;
  if (days == null) return `${mark.displayLabel}: expiry not known`;
  if (days < 0) {
    const ago = -days;
    return `${mark.displayLabel}: expired ${ago} day${ago === 1 ? "" : "s"} ago`;
  }
  if (days === 0) return `${mark.displayLabel}: expires today`;
  return `${mark.displayLabel}: expires in ${days} day${days === 1 ? "" : "s"}`;
}

/** The picture in one sentence: how many certificates fall in each part of the timeline. */
export function timelineSummary(marks: CertificateMark[]): string {
  const n = (zone: Zone) => marks.filter((m) => zoneOf(m) === zone).length;
  const soon = marks.filter((m) => m.daysLeft != null && m.daysLeft >= 0 && m.daysLeft <= 7);
  const parts = [
    `${n("expired")} expired`,
    `${soon.length} within 7 days`,
    `${n("window")} within ${WINDOW_DAYS} days`,
    `${n("later")} later`,
  ];
  if (n("unknown")) parts.push(`${n("unknown")} not known`);
  return `IdP certificates of ${marks.length} SAML applications: ${parts.join(", ")}.`;
}
