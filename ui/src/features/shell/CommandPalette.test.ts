import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../../App.svelte";
import { fakeBackend } from "../../test/fake-backend";
import type { ApplicationRow, ApplicationRows, Backend, OrgChoices } from "../../lib/backend";
import { router } from "../../lib/router.svelte";

function app(id: string, displayLabel: string, connector: string): ApplicationRow {
  return {
    id,
    displayLabel,
    description: null,
    templateName: connector.toLowerCase(),
    connector,
    keywords: [],
    logoUrl: null,
    color: null,
    ssoType: "saml",
    jit: true,
    scim: false,
    beta: false,
    active: true,
    boundGroups: 1,
  };
}

const list: ApplicationRows = {
  rows: [app("a1", "Slack (Sales)", "Slack"), app("a2", "Zoom", "Zoom")],
  fetchedAtMs: 0,
  deleted: [],
};

function show(extra: Partial<Backend> = {}) {
  const backend = fakeBackend({
    ...extra,
    appStatus: async () => ({
      version: "0.1.0",
      connection: {
        id: "sandbox",
        name: "Sandbox",
        kind: "sandbox" as const,
        label: "Sandbox — sample data",
        problem: null,
      },
    }),
    cachedApplications: async () => list,
    refreshApplications: async () => list,
    listUserGroups: async () => [
      { id: "g1", name: "Engineering", description: null },
      { id: "g2", name: "Sales", description: "Everyone in sales" },
    ],
  });
  render(App, { props: { backend } });
}

const paletteBox = () =>
  within(screen.getByRole("dialog", { name: "Command palette" })).getByRole("combobox");

const options = () =>
  within(screen.getByRole("listbox", { name: "Results" }))
    .getAllByRole("option")
    .map((o) => o.querySelector(".label")?.textContent);

describe("the command palette", () => {
  beforeEach(() => router.go({ name: "applications" }));

  it("opens on Ctrl+K with the focus in its combobox", async () => {
    const user = userEvent.setup();
    show();
    await user.keyboard("{Control>}k{/Control}");
    const dialog = screen.getByRole("dialog", { name: "Command palette" });
    const box = within(dialog).getByRole("combobox");
    expect(box).toHaveFocus();
    expect(box).toHaveAttribute("aria-controls", "palette-results");
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(options()).toEqual(expect.arrayContaining(["Applications", "Refresh readiness"]));
  });

  it("filters as the admin types, forgiving a typo, and Enter opens the application", async () => {
    const user = userEvent.setup();
    show();
    await user.click(screen.getByRole("button", { name: "Command palette" }));
    const box = paletteBox();
    await within(screen.getByRole("listbox", { name: "Results" })).findByText("Slack (Sales)");
    await user.type(box, "slakc");
    expect(options()[0]).toBe("Slack (Sales)");
    await user.keyboard("{Enter}");
    expect(router.page).toEqual({ name: "application", id: "a1" });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("moves the active option with the arrow keys and goes to a user group", async () => {
    const user = userEvent.setup();
    show();
    await user.keyboard("{Control>}k{/Control}");
    const box = paletteBox();
    await within(screen.getByRole("listbox", { name: "Results" })).findByText("Engineering");
    await user.type(box, "sales");
    expect(options()).toEqual(["Sales", "Slack (Sales)"]);
    const first = within(screen.getByRole("listbox", { name: "Results" })).getAllByRole(
      "option",
    )[0]!;
    expect(box).toHaveAttribute("aria-activedescendant", first.id);
    expect(first).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}");
    const second = within(screen.getByRole("listbox", { name: "Results" })).getAllByRole(
      "option",
    )[1]!;
    expect(box).toHaveAttribute("aria-activedescendant", second.id);
    expect(second).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowUp}");
    await user.keyboard("{Enter}");
    expect(router.page).toEqual({ name: "groups", id: "g2" });
  });

  it("runs an action: Refresh readiness goes to Readiness and asks for a run", async () => {
    const user = userEvent.setup();
    show();
    await user.keyboard("{Control>}k{/Control}");
    await user.type(paletteBox(), "refresh read");
    await user.keyboard("{Enter}");
    expect(router.page).toEqual({ name: "readiness", run: true });
  });

  it("reaches the Assertion debugger", async () => {
    const user = userEvent.setup();
    show();
    await user.keyboard("{Control>}k{/Control}");
    await user.type(paletteBox(), "assertion debugger");
    expect(options()[0]).toBe("Assertion debugger");
    await user.keyboard("{Enter}");
    expect(router.page).toEqual({ name: "debugger" });
  });

  it("reaches the Certificates page", async () => {
    const user = userEvent.setup();
    show();
    await user.keyboard("{Control>}k{/Control}");
    await user.type(paletteBox(), "certificates");
    expect(options()[0]).toBe("Certificates");
    await user.keyboard("{Enter}");
    expect(router.page).toEqual({ name: "certificates" });
  });

  it("closes on Escape and gives the focus back to its button", async () => {
    const user = userEvent.setup();
    show();
    const button = screen.getByRole("button", { name: "Command palette" });
    await user.click(button);
    expect(screen.getByRole("dialog", { name: "Command palette" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(router.page).toEqual({ name: "applications" });
  });

  it("offers Switch to <org> for a provider connection's other organisations and switches", async () => {
    const acme = { id: "5f00000000000000000b0001", name: "Acme Dental" };
    const birch = { id: "5f00000000000000000b0002", name: "Birch & Co" };
    const choices: OrgChoices = {
      provider: true,
      organisations: [acme, birch],
      working: [acme.id, birch.id],
      chosen: acme,
    };
    const switched: string[] = [];
    const user = userEvent.setup();
    show({
      organisations: async () => choices,
      switchOrganisation: async (id) => {
        switched.push(id);
        return { ...choices, chosen: birch };
      },
    });
    await user.keyboard("{Control>}k{/Control}");
    await user.type(paletteBox(), "switch to");
    await within(screen.getByRole("listbox", { name: "Results" })).findByText(
      "Switch to Birch & Co",
    );
    expect(options()).not.toContain("Switch to Acme Dental");
    await user.keyboard("{Enter}");
    await vi.waitFor(() => expect(switched).toEqual([birch.id]));
    expect(router.page).toEqual({ name: "applications" });
  });
});
