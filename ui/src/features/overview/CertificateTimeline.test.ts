import { render, screen, within } from "@testing-library/svelte";
import type { CertificateMark } from "../../lib/backend";
import CertificateTimeline from "./CertificateTimeline.svelte";
import { WORDS_LISTED } from "./timeline";

function marks(n: number): CertificateMark[] {
  return Array.from({ length: n }, (_, i) => ({
    applicationId: `app-${i}`,
    displayLabel: `App ${i}`,
    expiresAt: null,
    daysLeft: i,
    band: i < 7 ? "within7Days" : "fine",
  }));
}

describe("the certificate timeline of a large organisation", () => {
  it("draws every mark, and names the soonest in text with how many more the table lists", () => {
    const many = WORDS_LISTED + 25;
    render(CertificateTimeline, { marks: marks(many) });
    const picture = screen.getByRole("img", { name: new RegExp(`of ${many} SAML`) });
    expect(picture.querySelectorAll("[data-mark]")).toHaveLength(many);
    const lines = within(screen.getByRole("list", { name: "Certificates by expiry" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(lines).toHaveLength(WORDS_LISTED + 1);
    expect(lines[0]).toBe("App 0: expires today");
    expect(lines[WORDS_LISTED - 1]).toBe(
      `App ${WORDS_LISTED - 1}: expires in ${WORDS_LISTED - 1} days`,
    );
    expect(lines.at(-1)).toBe("and 25 more, listed on the Certificates page");
  });

  it("names every mark when there are few", () => {
    render(CertificateTimeline, { marks: marks(3) });
    const lines = within(screen.getByRole("list", { name: "Certificates by expiry" })).getAllByRole(
      "listitem",
    );
    expect(lines).toHaveLength(3);
  });
});
