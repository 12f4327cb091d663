import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import AcrossSearch from "./AcrossSearch.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type OrgApplicationRow } from "../../lib/backend";

function found(orgId: string, orgName: string, label: string, jit: boolean): OrgApplicationRow {
  return {
    orgId,
    orgName,
    application: {
      id: `${orgId}-${label}`,
      displayLabel: label,
      description: null,
      templateName: "slack",
      connector: "Slack",
      keywords: [],
      logoUrl: null,
      color: null,
      ssoType: "saml",
      jit,
      scim: false,
      beta: false,
      active: true,
      boundGroups: 0,
      certExpiresAt: null,
    },
  } as OrgApplicationRow;
}

function mount(methods: Partial<Backend>) {
  render(AcrossSearch, { context: new Map([[BACKEND_CONTEXT_KEY, fakeBackend(methods)]]) });
  return userEvent.setup();
}

describe("the search across organisations", () => {
  it("asks every organisation with the query and JIT only, and names each row's organisation", async () => {
    const asked: [string, boolean][] = [];
    const user = mount({
      searchOrganisations: async (query, jitOnly) => {
        asked.push([query, jitOnly]);
        return [found("a", "Acme", "Slack", true), found("b", "Globex", "Slack EU", true)];
      },
    });
    await user.type(screen.getByRole("searchbox"), "slack");
    await user.click(screen.getByRole("checkbox", { name: "JIT only" }));
    await user.click(screen.getByRole("button", { name: "Search every organisation" }));
    const table = await screen.findByRole("table", {
      name: "Applications found in every organisation",
    });
    expect(asked).toEqual([["slack", true]]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("Acme"),
      expect.stringContaining("Globex"),
    ]);
    expect(screen.getByRole("status")).toHaveTextContent("2 applications in 2 organisations.");
  });

  it("says why when an organisation cannot be searched", async () => {
    const user = mount({
      searchOrganisations: async () => {
        throw new Error("Globex answered 403");
      },
    });
    await user.click(screen.getByRole("button", { name: "Search every organisation" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("could not be searched");
  });
});
