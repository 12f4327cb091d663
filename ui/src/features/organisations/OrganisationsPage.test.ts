import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import OrganisationsPage from "./OrganisationsPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type OrgRow } from "../../lib/backend";

function row(id: string, name: string, applications: number | null, extra: Partial<OrgRow> = {}) {
  return {
    orgId: id,
    orgName: name,
    chosen: false,
    applications,
    jitApplications: applications === null ? null : 1,
    worstBand: null,
    worstBandCount: 0,
    usersTurnedAway: null,
    readAtMs: applications === null ? null : 1_767_225_600_000,
    problem: null,
    ...extra,
  } satisfies OrgRow;
}

function mount(methods: Partial<Backend>) {
  render(OrganisationsPage, {
    context: new Map([[BACKEND_CONTEXT_KEY, fakeBackend(methods)]]),
  });
}

function names(): string[] {
  const table = screen.getByRole("table", { name: "Organisations" });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getByRole("rowheader").textContent?.trim() ?? "");
}

describe("Organisations page", () => {
  it("shows the kept rows at once, then each organisation as read, a failure on its own row", async () => {
    let finish: (rows: OrgRow[]) => void = () => {};
    mount({
      organisationRows: async () => [row("b", "Birch", 4), row("a", "Acme", null)],
      refreshOrganisations: (onProgress) => {
        onProgress({ orgId: "a", state: "reading", done: 0, total: 2, problem: null });
        return new Promise((resolve) => (finish = resolve));
      },
    });
    expect(await screen.findByRole("heading", { name: "Organisations" })).toBeInTheDocument();
    await screen.findByRole("table", { name: "Organisations" });
    expect(names()).toEqual(["Acme", "Birch"]);
    expect(screen.getByText("Reading…")).toBeInTheDocument();
    finish([row("b", "Birch", 5), row("a", "Acme", null, { problem: "403 Forbidden" })]);
    expect(await screen.findByText(/Failed: 403 Forbidden/)).toBeInTheDocument();
    expect(screen.getByText("5")).toBeInTheDocument();
  });

  it("sorts by a column and filters by name", async () => {
    const rows = [row("a", "Acme", 9), row("b", "Birch", 2), row("c", "Cobalt", 5)];
    mount({ organisationRows: async () => rows, refreshOrganisations: async () => rows });
    await screen.findByRole("table", { name: "Organisations" });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Applications" }));
    expect(names()).toEqual(["Birch", "Cobalt", "Acme"]);
    await user.click(screen.getByRole("button", { name: "Applications" }));
    expect(names()).toEqual(["Acme", "Cobalt", "Birch"]);
    await user.type(screen.getByRole("searchbox", { name: "Filter organisations" }), "co");
    expect(names()).toEqual(["Cobalt"]);
  });
});
