import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import CertificatesPage from "./CertificatesPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  type Backend,
  type CertificateRow,
  type ExpiryBand,
} from "../../lib/backend";

function cert(
  id: string,
  label: string,
  daysLeft: number | null,
  band: ExpiryBand,
): CertificateRow {
  return {
    applicationId: id,
    displayLabel: label,
    active: true,
    health: {
      present: daysLeft !== null,
      subject: daysLeft !== null ? `CN=${label}` : null,
      expiresAt: daysLeft !== null ? 1_767_225_600 + daysLeft * 86_400 : null,
      daysLeft,
      band,
      problem: null,
    },
  };
}

// The backend sorts soonest first; the page keeps its order.
const rows = [
  cert("a", "Old CRM", -3, "expired"),
  cert("b", "Slack", 5, "within7Days"),
  cert("c", "Zoom", 25, "within30Days"),
  cert("d", "Jira", 200, "fine"),
  cert("e", "Wiki", null, "unknown"),
];

function mount(methods: Partial<Backend> = {}) {
  render(CertificatesPage, {
    context: new Map([
      [BACKEND_CONTEXT_KEY, fakeBackend({ listCertificates: async () => rows, ...methods })],
    ]),
  });
}

describe("Certificates page", () => {
  it("lists the certificates soonest first with their band in words", async () => {
    mount();
    const table = await screen.findByRole("table", { name: "IdP certificates" });
    const body = within(table).getAllByRole("row").slice(1);
    expect(body.map((r) => within(r).getByRole("rowheader").textContent?.trim())).toEqual([
      "Old CRM",
      "Slack",
      "Zoom",
      "Jira",
      "Wiki",
    ]);
    expect(body[0]).toHaveTextContent("Expired");
    expect(body[0]).toHaveTextContent("Expired 3 days ago");
    expect(body[1]).toHaveTextContent("Expires within 7 days");
    expect(body[1]).toHaveTextContent("5 days");
    expect(body[2]).toHaveTextContent("Expires within 30 days");
    expect(body[3]).toHaveTextContent("Fine");
    expect(body[4]).toHaveTextContent("Missing");
    // The urgent bands are marked beyond colour: their band text is emphasised.
    expect(within(body[0]!).getByText("Expired", { selector: "strong" })).toBeInTheDocument();
    expect(
      within(body[1]!).getByText("Expires within 7 days", { selector: "strong" }),
    ).toBeInTheDocument();
    expect(within(body[3]!).queryByText("Fine", { selector: "strong" })).not.toBeInTheDocument();
  });

  it("exports the list as CSV where the admin picks, and says where it went", async () => {
    const saveCertificatesCsv = vi.fn(async () => "exports/idp-certificates.csv");
    mount({ saveCertificatesCsv });
    await userEvent.click(await screen.findByRole("button", { name: "Export CSV" }));
    expect(await screen.findByText(/saved to exports\/idp-certificates\.csv/)).toBeInTheDocument();
    expect(saveCertificatesCsv).toHaveBeenCalledOnce();
  });
});
