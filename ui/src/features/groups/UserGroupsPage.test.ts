import { render, screen, within, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import UserGroupsPage from "./UserGroupsPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  BackendError,
  type ApplicationRow,
  type Backend,
  type GroupApplication,
  type UserGroupRow,
} from "../../lib/backend";

function group(id: string, name: string): UserGroupRow {
  return { id, name, description: "Sample data" };
}

function row(id: string, label: string, extra: Partial<ApplicationRow> = {}): ApplicationRow {
  return {
    id,
    displayLabel: label,
    description: null,
    templateName: label.toLowerCase(),
    connector: `${label} connector`,
    keywords: [],
    logoUrl: null,
    color: null,
    ssoType: "saml",
    jit: false,
    scim: false,
    beta: false,
    active: true,
    boundGroups: 0,
    ...extra,
  };
}

const groups = [group("g1", "Engineering"), group("g2", "Slack Workspace"), group("g3", "Sales")];
const slack = row("a1", "Slack", { jit: true });
const zoom = row("a2", "Zoom", { jit: true, scim: true });
const wiki = row("a3", "Internal Wiki");

/** A fake JumpCloud: bindings per group, applied only when the call "succeeds". */
function org(initial: Record<string, string[]>, overrides: Partial<Backend> = {}) {
  const bound: Record<string, string[]> = structuredClone(initial);
  const all = [slack, zoom, wiki];
  const read = (groupId: string): GroupApplication[] => {
    const direct = (bound[groupId] ?? []).map((id) => ({
      application: all.find((a) => a.id === id)!,
      direct: true,
      viaGroups: [],
    }));
    // Engineering is nested in Slack Workspace, so it reaches Slack Workspace's applications.
    const indirect =
      groupId === "g1"
        ? (bound.g2 ?? [])
            .filter((id) => !(bound.g1 ?? []).includes(id))
            .map((id) => ({
              application: all.find((a) => a.id === id)!,
              direct: false,
              viaGroups: [{ id: "g2", name: "Slack Workspace" }],
            }))
        : [];
    return [...direct, ...indirect];
  };
  const backend = fakeBackend({
    listUserGroups: async () => groups,
    groupApplications: async (g) => read(g),
    cachedApplications: async () => ({ rows: all, fetchedAtMs: 0, deleted: [] }),
    bindGroupApplication: async (g, a) => {
      bound[g] = [...(bound[g] ?? []), a];
      return read(g);
    },
    unbindGroupApplication: async (g, a) => {
      bound[g] = (bound[g] ?? []).filter((x) => x !== a);
      return read(g);
    },
    ...overrides,
  });
  return { backend, bound };
}

function show(backend: Backend) {
  return render(UserGroupsPage, { context: new Map([[BACKEND_CONTEXT_KEY, backend]]) });
}

function applicationLabels(): string[] {
  const list = screen.queryByRole("list", { name: "Applications" });
  if (!list) return [];
  return within(list)
    .getAllByRole("listitem", { hidden: false })
    .filter((li) => li.parentElement === list)
    .map((li) => within(li).getAllByRole("button")[0]!.textContent!.trim());
}

describe("User groups", () => {
  it("filters the groups and shows the selected group's applications, direct and through a group", async () => {
    const user = userEvent.setup();
    show(org({ g1: ["a3"], g2: ["a1"] }).backend);
    await user.type(await screen.findByRole("searchbox", { name: "Filter user groups" }), "eng");
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual([expect.stringContaining("Engineering")]);
    await user.click(options[0]!);
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(applicationLabels()).toEqual(["Internal Wiki", "Slack"]));
    const list = screen.getByRole("list", { name: "Applications" });
    const slackItem = within(list).getByText("Slack").closest("li")!;
    expect(slackItem).toHaveTextContent("through Slack Workspace");
    expect(within(slackItem).getByText("JIT Provisioning")).toBeInTheDocument();
    expect(
      within(slackItem).queryByRole("button", { name: "Unbind Slack" }),
      "an indirect binding is unbound on the other group",
    ).not.toBeInTheDocument();
    const wikiItem = within(list).getByText("Internal Wiki").closest("li")!;
    expect(wikiItem).toHaveTextContent("Bound directly");
  });

  it("binds an application picked with search, showing progress then what JumpCloud holds", async () => {
    const user = userEvent.setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = org({ g3: [] });
    const base = fake.backend.bindGroupApplication;
    const backend = { ...fake.backend } as Backend;
    Object.setPrototypeOf(backend, fake.backend);
    backend.bindGroupApplication = async (g, a) => {
      await gate;
      return base(g, a);
    };
    show(backend);
    await user.click(await screen.findByRole("option", { name: /Sales/ }));
    expect(await screen.findByText(/No application is bound to this group/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Bind an application" }));
    const dialog = screen.getByRole("dialog", { name: "Bind an application to Sales" });
    const search = within(dialog).getByRole("searchbox", { name: "Search applications" });
    expect(search).toHaveFocus();
    await user.type(search, "zoom");
    const choices = within(dialog)
      .getAllByRole("button")
      .filter((b) => b.textContent?.includes("Zoom"));
    await user.click(choices[0]!);
    expect(screen.getByRole("status")).toHaveTextContent("Binding Zoom…");
    expect(applicationLabels(), "nothing is shown as bound before JumpCloud answers").toEqual([]);
    release();
    await waitFor(() => expect(applicationLabels()).toEqual(["Zoom"]));
    expect(fake.bound.g3).toEqual(["a2"]);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("unbinds only after confirmation", async () => {
    const user = userEvent.setup();
    const fake = org({ g3: ["a1", "a2"] });
    show(fake.backend);
    await user.click(await screen.findByRole("option", { name: /Sales/ }));
    await waitFor(() => expect(applicationLabels()).toEqual(["Slack", "Zoom"]));

    await user.click(screen.getByRole("button", { name: "Unbind Zoom" }));
    let confirm = screen.getByRole("alertdialog", { name: "Unbind Zoom?" });
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(fake.bound.g3).toEqual(["a1", "a2"]);

    await user.click(screen.getByRole("button", { name: "Unbind Zoom" }));
    confirm = screen.getByRole("alertdialog", { name: "Unbind Zoom?" });
    expect(within(confirm).getByRole("button", { name: "Unbind" })).toHaveFocus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(applicationLabels()).toEqual(["Slack"]));
    expect(fake.bound.g3).toEqual(["a1"]);
  });

  it("a failed bind says so and leaves the list as JumpCloud has it", async () => {
    const user = userEvent.setup();
    const fake = org(
      { g3: [] },
      {
        bindGroupApplication: async () => {
          throw new BackendError({ code: "Forbidden", detail: { message: "read-only key" } });
        },
      },
    );
    show(fake.backend);
    await user.click(await screen.findByRole("option", { name: /Sales/ }));
    await user.click(await screen.findByRole("button", { name: "Bind an application" }));
    await user.click(screen.getByRole("button", { name: /Slack/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not bind Slack: read-only key",
    );
    expect(applicationLabels()).toEqual([]);
  });

  it("moves through the groups with the arrow keys", async () => {
    const user = userEvent.setup();
    show(org({}).backend);
    const first = await screen.findByRole("option", { name: /Engineering/ });
    first.focus();
    await user.keyboard("{ArrowDown}");
    const second = screen.getByRole("option", { name: /Slack Workspace/ });
    expect(second).toHaveFocus();
    expect(second).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByRole("heading", { name: "Slack Workspace" })).toBeInTheDocument();
  });

  it("a failed read of the groups offers a retry", async () => {
    const user = userEvent.setup();
    let fail = true;
    show(
      fakeBackend({
        listUserGroups: async () => {
          if (fail)
            throw new BackendError({ code: "Unauthorized", detail: { message: "bad key" } });
          return groups;
        },
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not read the user groups: bad key",
    );
    fail = false;
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("option", { name: /Engineering/ })).toBeInTheDocument();
  });
});
