import { render, screen, within, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ApplicationReadiness from "./ApplicationReadiness.svelte";
import AssertionPreview from "./AssertionPreview.svelte";
import ReadinessPage from "./ReadinessPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend } from "../../lib/backend";
import type {
  ReadinessLoadProgress,
  ApplicationReadinessRun,
  BoundBy,
  AssertionPreview as Preview,
  OrgReadiness,
  RequiredAttribute,
  UserNotReady,
} from "../../lib/backend";
import { formatRunTime, progressTracker } from "./format";

const RAN_AT = Date.UTC(2026, 10, 28, 9, 30);
const lastName: RequiredAttribute = {
  name: "lastName",
  source: { kind: "property", property: "lastname" },
};
const firstName: RequiredAttribute = {
  name: "firstName",
  source: { kind: "property", property: "firstname" },
};

function user(
  id: string,
  name: string,
  email: string,
  missing: RequiredAttribute[] = [lastName],
  boundBy: BoundBy = "groups",
): UserNotReady {
  return { userId: id, username: id, email, name, missing: [...missing], boundBy };
}

const slackRun: ApplicationReadinessRun = {
  ranAtMs: RAN_AT,
  report: {
    applicationId: "app1",
    applicationName: "Slack (sample data)",
    templateName: "slack",
    jit: true,
    checkedAttributes: [firstName, lastName],
    switchedOff: [],
    unmapped: [],
    users: 40,
    ready: 37,
    notReady: 3,
    usersNotReady: [
      user("u1", "Cleo", "cleo@example.com"),
      user("u2", "Ada", "zed@example.com", [firstName, lastName]),
      user("u3", "Bob", "bob@example.com", [lastName], "directly"),
    ],
  },
};

function renderWith<P extends Record<string, unknown>>(
  component: Parameters<typeof render>[0],
  backend: Backend,
  props: P,
) {
  return render(component, { props, context: new Map([[BACKEND_CONTEXT_KEY, backend]]) });
}

function names(): string[] {
  const table = screen.getByRole("table", { name: "Users not ready" });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getAllByRole("cell")[0]?.textContent ?? "");
}

describe("an application's JIT readiness", () => {
  it("shows ready and not-ready counts and the time of the run", async () => {
    const backend = fakeBackend({ applicationReadiness: async () => slackRun });
    renderWith(ApplicationReadiness, backend, { applicationId: "app1" });
    expect(await screen.findByTestId("count-ready")).toHaveTextContent("37");
    expect(screen.getByTestId("count-not-ready")).toHaveTextContent("3");
    expect(screen.getByTestId("count-users")).toHaveTextContent("40");
    expect(screen.getByTestId("readiness-ran-at")).toHaveTextContent(formatRunTime(RAN_AT));
  });

  it("sorts the not-ready users by a column, both ways, and filters them", async () => {
    const ui = userEvent.setup();
    const backend = fakeBackend({ applicationReadiness: async () => slackRun });
    renderWith(ApplicationReadiness, backend, { applicationId: "app1" });
    await screen.findByRole("table", { name: "Users not ready" });
    expect(names(), "sorted by name at first").toEqual(["Ada", "Bob", "Cleo"]);
    await ui.click(screen.getByRole("button", { name: "Name" }));
    expect(names(), "a second click reverses").toEqual(["Cleo", "Bob", "Ada"]);
    await ui.click(screen.getByRole("button", { name: "Email" }));
    expect(names(), "by email: bob, cleo, zed").toEqual(["Bob", "Cleo", "Ada"]);
    expect(screen.getByRole("columnheader", { name: "Email" })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await ui.type(screen.getByLabelText("Filter users"), "firstName");
    expect(names(), "filter matches the missing attribute").toEqual(["Ada"]);
    await ui.clear(screen.getByLabelText("Filter users"));
    await ui.type(screen.getByLabelText("Filter users"), "nobody");
    expect(screen.getByText("No not-ready user matches the filter.")).toBeInTheDocument();
  });

  it("says how each not-ready user is bound, sorts and filters by it", async () => {
    const ui = userEvent.setup();
    const backend = fakeBackend({ applicationReadiness: async () => slackRun });
    renderWith(ApplicationReadiness, backend, { applicationId: "app1" });
    const table = await screen.findByRole("table", { name: "Users not ready" });
    const bob = within(table).getByRole("row", { name: /Bob/ });
    expect(bob).toHaveTextContent("Directly");
    expect(within(table).getByRole("row", { name: /Cleo/ })).toHaveTextContent("Through a group");
    await ui.click(screen.getByRole("button", { name: "Bound" }));
    expect(names(), "directly before through a group").toEqual(["Bob", "Cleo", "Ada"]);
    await ui.type(screen.getByLabelText("Filter users"), "directly");
    expect(names(), "the filter matches how a user is bound").toEqual(["Bob"]);
  });

  it("exports the CSV of the application it shows as a download", async () => {
    const ui = userEvent.setup();
    const exportReadinessCsv = vi.fn(async () => "user id,username\r\nu1,u1\r\n");
    const backend = fakeBackend({
      applicationReadiness: async () => slackRun,
      exportReadinessCsv,
    });
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return "blob:readiness";
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    renderWith(ApplicationReadiness, backend, { applicationId: "app1" });
    await ui.click(await screen.findByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(exportReadinessCsv).toHaveBeenCalledWith("app1");
    expect(await created[0]?.text()).toBe("user id,username\r\nu1,u1\r\n");
    expect(clicked[0]?.download).toBe("Slack-sample-data-not-ready.csv");
    expect(clicked[0]?.href).toBe("blob:readiness");
    click.mockRestore();
  });

  it("says why readiness failed and retries", async () => {
    const ui = userEvent.setup();
    let calls = 0;
    const backend = fakeBackend({
      applicationReadiness: async () => {
        calls += 1;
        if (calls === 1) throw new Error("sandbox down");
        return slackRun;
      },
    });
    renderWith(ApplicationReadiness, backend, { applicationId: "app1" });
    expect(await screen.findByRole("alert")).toHaveTextContent("sandbox down");
    await ui.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByTestId("count-ready")).toHaveTextContent("37");
  });
});

const org: OrgReadiness = {
  ranAtMs: RAN_AT,
  applications: [
    {
      applicationId: "app1",
      applicationName: "Slack (sample data)",
      templateName: "slack",
      users: 40,
      ready: 37,
      notReady: 3,
      unmapped: 0,
    },
    {
      applicationId: "app2",
      applicationName: "Zoom (sample data)",
      templateName: "zoom",
      users: 10,
      ready: 10,
      notReady: 0,
      unmapped: 0,
    },
  ],
};

describe("the Readiness page", () => {
  it("shows the last run at once with its time, worst first, and an application's users", async () => {
    const ui = userEvent.setup();
    const backend = fakeBackend({
      lastOrgReadiness: async () => org,
      applicationReadiness: async () => slackRun,
    });
    renderWith(ReadinessPage, backend, {});
    expect(await screen.findByTestId("org-ran-at")).toHaveTextContent(formatRunTime(RAN_AT));
    const table = screen.getByRole("table", { name: "Applications by readiness" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual([
      "Slack (sample data)",
      "Zoom (sample data)",
    ]);
    await ui.click(screen.getByRole("button", { name: "Slack (sample data)" }));
    const detail = await screen.findByRole("region", { name: "Readiness of Slack (sample data)" });
    expect(await within(detail).findByTestId("count-not-ready")).toHaveTextContent("3");
  });

  it("runs by itself, with progress, when there is no last run", async () => {
    let finish: (value: OrgReadiness) => void = () => {};
    const refreshReadiness = vi.fn((onProgress: (p: ReadinessLoadProgress) => void) => {
      onProgress({
        stage: "users",
        progress: { pagesDone: 1, pagesTotal: 5, itemsDone: 100, itemsTotal: 500 },
      });
      return new Promise<OrgReadiness>((resolve) => (finish = resolve));
    });
    const backend = fakeBackend({ lastOrgReadiness: async () => null, refreshReadiness });
    renderWith(ReadinessPage, backend, {});
    // The label follows the reports at the next frame.
    await waitFor(() =>
      expect(screen.getByRole("status")).toHaveTextContent(
        "Reading users 100 of 500: 1 of 5 requests",
      ),
    );
    expect(screen.getByRole("progressbar"), "the bar counts requests").toHaveAttribute(
      "value",
      "1",
    );
    expect(screen.getByText(/the first run is under way/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Refresh" })).toBeDisabled();
    expect(refreshReadiness).toHaveBeenCalledTimes(1);
    finish({ ...org, ranAtMs: RAN_AT + 60_000 });
    expect(await screen.findByTestId("org-ran-at")).toHaveTextContent(
      formatRunTime(RAN_AT + 60_000),
    );
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    expect(refreshReadiness).toHaveBeenCalledTimes(1);
  });

  it("shows the last run without running again, and Refresh runs with progress", async () => {
    const ui = userEvent.setup();
    let finish: (value: OrgReadiness) => void = () => {};
    const refreshReadiness = vi.fn((onProgress: (p: ReadinessLoadProgress) => void) => {
      onProgress({
        stage: "users",
        progress: { pagesDone: 1, pagesTotal: 5, itemsDone: 100, itemsTotal: 500 },
      });
      return new Promise<OrgReadiness>((resolve) => (finish = resolve));
    });
    const backend = fakeBackend({ lastOrgReadiness: async () => org, refreshReadiness });
    renderWith(ReadinessPage, backend, {});
    expect(await screen.findByTestId("org-ran-at")).toHaveTextContent(formatRunTime(RAN_AT));
    expect(refreshReadiness).not.toHaveBeenCalled();
    await ui.click(screen.getByRole("button", { name: "Refresh" }));
    // The label follows the reports at the next frame.
    await waitFor(() =>
      expect(screen.getByRole("status")).toHaveTextContent(
        "Reading users 100 of 500: 1 of 5 requests",
      ),
    );
    finish({ ...org, ranAtMs: RAN_AT + 60_000 });
    expect(await screen.findByTestId("org-ran-at")).toHaveTextContent(
      formatRunTime(RAN_AT + 60_000),
    );
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });
});

const preview: Preview = {
  applicationId: "app1",
  userId: "u1",
  nameId: "cleo@example.com",
  nameIdProperty: "email",
  nameIdEmpty: false,
  attributes: [
    {
      name: "firstName",
      value: "Cleo",
      source: firstName.source,
      empty: false,
      jitRequired: true,
    },
    { name: "lastName", value: "", source: lastName.source, empty: true, jitRequired: true },
    {
      name: "team",
      value: "Blue",
      source: { kind: "constant", value: "Blue" },
      empty: false,
      jitRequired: false,
    },
  ],
  jitNotSent: [],
  groups: null,
};

describe("the assertion preview", () => {
  it("finds a user by name and shows the statements, flagging empty values, and the NameID", async () => {
    const ui = userEvent.setup();
    const searchUsers = vi.fn(async (query: string) =>
      query.includes("cle")
        ? [{ userId: "u1", username: "cleo", email: "cleo@example.com", name: "Cleo" }]
        : [],
    );
    const previewAssertion = vi.fn(async () => preview);
    const backend = fakeBackend({ searchUsers, previewAssertion });
    renderWith(AssertionPreview, backend, { applicationId: "app1" });
    await ui.type(screen.getByLabelText("Find a user"), "cle");
    await ui.click(await screen.findByRole("button", { name: "Cleo <cleo@example.com>" }));
    expect(previewAssertion).toHaveBeenCalledWith("app1", "u1");
    const table = await screen.findByRole("table", { name: "Attribute statements" });
    const row = (name: string) => {
      const found = table.querySelector(`tr[data-attribute="${name}"]`);
      if (!(found instanceof HTMLElement)) throw new Error(`no row for ${name}`);
      return found;
    };
    expect(row("lastName")).toHaveClass("empty");
    expect(within(row("lastName")).getByText("Empty")).toBeInTheDocument();
    expect(row("firstName")).not.toHaveClass("empty");
    expect(row("firstName")).toHaveTextContent("Cleo");
    expect(row("team")).toHaveTextContent('Constant "Blue"');
    expect(screen.getByTestId("name-id")).toHaveTextContent("cleo@example.com");
  });

  it("shows the user groups statement when the application sends groups", async () => {
    const ui = userEvent.setup();
    const withGroups: Preview = {
      ...preview,
      groups: { name: "memberOf", values: ["Engineering", "Sales"] },
    };
    const backend = fakeBackend({
      searchUsers: async () => [
        { userId: "u1", username: "cleo", email: "cleo@example.com", name: "Cleo" },
      ],
      previewAssertion: async () => withGroups,
    });
    renderWith(AssertionPreview, backend, { applicationId: "app1" });
    await ui.type(screen.getByLabelText("Find a user"), "cle");
    await ui.click(await screen.findByRole("button", { name: "Cleo <cleo@example.com>" }));
    const table = await screen.findByRole("table", { name: "Attribute statements" });
    const row = table.querySelector('tr[data-attribute="memberOf"]');
    expect(row).toHaveTextContent("Engineering, Sales");
    expect(row).toHaveTextContent("User groups");
  });
});

describe("load progress", () => {
  it("names every stage under way and counts requests across them", () => {
    const track = progressTracker();
    const users = (pagesDone: number, itemsDone: number) => ({
      stage: "users" as const,
      progress: { pagesDone, pagesTotal: 500, itemsDone, itemsTotal: 50_000 },
    });
    expect(track(users(1, 100))).toEqual({
      label: "Reading users 100 of 50000:",
      done: 1,
      total: 500,
      unit: "requests",
    });
    const groups = track({
      stage: "applications",
      progress: { pagesDone: 1, pagesTotal: null, itemsDone: 100, itemsTotal: null },
    });
    expect(groups.label).toBe("Reading users 100 of 50000, applications and their groups 100:");
    expect(groups.total, "a stage without a total leaves the total unknown").toBeNull();
    const later = track(users(7, 700));
    expect(later.label).toBe("Reading users 700 of 50000, applications and their groups 100:");
    expect(later.done, "the latest report of each stage counts once").toBe(8);
  });
});
