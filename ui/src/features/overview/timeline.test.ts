import type { CertificateMark, ExpiryBand } from "../../lib/backend";
import { layoutTimeline, markText, timelineSummary, zoneOf } from "./timeline";

function mark(id: string, daysLeft: number | null, band: ExpiryBand = "fine"): CertificateMark {
  return { applicationId: id, displayLabel: `App ${id}`, expiresAt: null, daysLeft, band };
}

describe("the certificate timeline", () => {
  it("draws every SAML application as one mark, in its zone", () => {
    const marks = [
      mark("gone", -3, "expired"),
      mark("today", 0, "within7Days"),
      mark("soon", 12, "within30Days"),
      mark("edge", 90),
      mark("later", 400),
      mark("unknown", null, "unknown"),
    ];
    const t = layoutTimeline(marks, 700);
    expect(t.marks).toHaveLength(marks.length);
    expect(Object.fromEntries(t.marks.map((m) => [m.mark.applicationId, m.zone]))).toEqual({
      gone: "expired",
      today: "window",
      soon: "window",
      edge: "window",
      later: "later",
      unknown: "unknown",
    });
    const x = (id: string) => t.marks.find((m) => m.mark.applicationId === id)!.x;
    expect(x("gone")).toBeLessThan(x("today"));
    expect(x("today")).toBeLessThan(x("soon"));
    expect(x("edge")).toBeLessThan(x("later"));
    expect(x("later")).toBeLessThan(x("unknown"));
    expect(x("unknown")).toBeLessThanOrEqual(700);
  });

  it("puts expired certificates at the left edge however long ago", () => {
    const t = layoutTimeline([mark("a", -1, "expired"), mark("b", -900, "expired")], 600);
    for (const m of t.marks) expect(m.x).toBeLessThan(t.zones.window!.from);
  });

  it("stacks marks that would touch instead of drawing one over another", () => {
    const t = layoutTimeline([mark("a", 10), mark("b", 10), mark("c", 11)], 600);
    const ys = new Set(t.marks.map((m) => m.y));
    expect(ys.size).toBe(3);
    for (const m of t.marks) expect(m.y).toBeLessThan(t.baseline);
  });

  it("keeps a crowded zone inside its frame, one mark each", () => {
    const many = Array.from({ length: 500 }, (_, i) => mark(`m${i}`, 1000 + i));
    const t = layoutTimeline(many, 640);
    expect(t.marks).toHaveLength(500);
    for (const m of t.marks) {
      expect(m.x).toBeGreaterThanOrEqual(t.zones.later!.from);
      expect(m.x).toBeLessThanOrEqual(t.zones.later!.to);
      expect(m.y).toBeGreaterThan(0);
    }
  });

  it("says the same in words", () => {
    expect(zoneOf(mark("x", 91))).toBe("later");
    expect(markText(mark("x", -1, "expired"))).toBe("App x: expired 1 day ago");
    expect(markText(mark("x", 0, "within7Days"))).toBe("App x: expires today");
    expect(markText(mark("x", 12))).toBe("App x: expires in 12 days");
    expect(markText(mark("x", null, "unknown"))).toBe("App x: expiry not known");
    expect(
      timelineSummary([mark("a", -2, "expired"), mark("b", 3, "within7Days"), mark("c", 200)]),
    ).toBe(
      "IdP certificates of 3 SAML applications: 1 expired, 1 within 7 days, 1 within 90 days, 1 later.",
    );
  });
});
