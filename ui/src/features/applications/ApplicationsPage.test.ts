import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ApplicationsPage from "./ApplicationsPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  BackendError,
  type ApplicationRow,
  type ApplicationRows,
  type Backend,
  type ApplicationsLoadProgress,
} from "../../lib/backend";
import { router } from "../../lib/router.svelte";
import { formatFetchedAt } from "./rows";

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

const sample: ApplicationRow[] = [
  row("a1", "Zoom", { jit: true, keywords: ["video"], boundGroups: 1 }),
  row("a2", "Atlassian", { jit: true, scim: true, boundGroups: 5 }),
  row("a3", "Internal Wiki", { connector: "SAML 2.0 connector", boundGroups: 0 }),
  row("a4", "Box", { scim: true, boundGroups: 2, active: false }),
];

const fetched = new Date(2026, 10, 28, 10, 42).getTime();

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function show(backend: Backend) {
  return render(ApplicationsPage, { context: new Map([[BACKEND_CONTEXT_KEY, backend]]) });
}

function fresh(rows = sample): Backend {
  return fakeBackend({
    cachedApplications: async () => null,
    refreshApplications: async () => ({ rows, fetchedAtMs: fetched, deleted: [] }),
  });
}

/** The labels of the rendered rows, top to bottom. */
function labels(): string[] {
  const grid = screen.getByRole("grid", { name: "Configured applications" });
  return within(grid)
    .getAllByRole("row")
    .slice(1)
    .sort(
      (a, b) => Number(a.getAttribute("aria-rowindex")) - Number(b.getAttribute("aria-rowindex")),
    )
    .map(
      (r) =>
        within(r)
          .getAllByRole("gridcell")[0]
          ?.textContent?.replace(/^\S+\s*/, "")
          .trim() ?? "",
    );
}

beforeEach(() => router.go({ name: "applications" }));

describe("Configured applications", () => {
  it("lists every application with its connector, functionality, status and groups", async () => {
    show(fresh());
    const grid = await screen.findByRole("grid", { name: "Configured applications" });
    expect(labels()).toEqual(["Atlassian", "Box", "Internal Wiki", "Zoom"]);
    expect(grid).toHaveAttribute("aria-rowcount", "5");
    const atlassian = within(grid).getAllByRole("row")[1]!;
    expect(within(atlassian).getByText("Atlassian connector")).toBeInTheDocument();
    const chips = within(atlassian).getByRole("list", { name: "Supported functionality" });
    expect(
      within(chips)
        .getAllByRole("listitem")
        .map((l) => l.textContent),
    ).toEqual(["SSO", "JIT Provisioning", "Identity Management"]);
    expect(within(atlassian).getAllByRole("gridcell")[5]).toHaveTextContent("5");
    expect(within(grid).getAllByRole("row")[2]).toHaveTextContent("Inactive");
  });

  it("shows how long each IdP certificate has left, and sorts by it", async () => {
    const user = userEvent.setup();
    show(
      fresh([
        row("c1", "Zoom", { certDaysLeft: 12, certBand: "within30Days" }),
        row("c2", "Atlassian", { certDaysLeft: -2, certBand: "expired" }),
        row("c3", "Box", { certDaysLeft: 1, certBand: "within7Days" }),
        row("c4", "Wiki"),
      ]),
    );
    const grid = await screen.findByRole("grid", { name: "Configured applications" });
    const cert = (label: string) =>
      within(grid)
        .getAllByRole("row")
        .find((r) => r.textContent?.includes(label))!
        .querySelector('[aria-colindex="5"]');
    expect(cert("Zoom")).toHaveTextContent("12 days");
    expect(cert("Atlassian")).toHaveTextContent("Expired");
    expect(cert("Box")).toHaveTextContent("1 day");
    expect(cert("Wiki")?.textContent?.trim()).toBe("");
    await user.click(within(grid).getByRole("button", { name: /^Certificate/ }));
    expect(labels()).toEqual(["Atlassian", "Box", "Zoom", "Wiki"]);
  });

  it("sorts by any column from its header, saying so with aria-sort", async () => {
    const user = userEvent.setup();
    show(fresh());
    await screen.findByRole("grid", { name: "Configured applications" });
    const header = (name: string) => screen.getByRole("columnheader", { name: new RegExp(name) });
    expect(header("Application")).toHaveAttribute("aria-sort", "ascending");

    await user.click(screen.getByRole("button", { name: /Application/ }));
    expect(header("Application")).toHaveAttribute("aria-sort", "descending");
    expect(labels()).toEqual(["Zoom", "Internal Wiki", "Box", "Atlassian"]);

    await user.click(screen.getByRole("button", { name: /User groups/ }));
    expect(header("User groups")).toHaveAttribute("aria-sort", "descending");
    expect(header("Application")).toHaveAttribute("aria-sort", "none");
    expect(labels()).toEqual(["Atlassian", "Box", "Zoom", "Internal Wiki"]);

    await user.click(screen.getByRole("button", { name: /Connector/ }));
    expect(labels()).toEqual(["Atlassian", "Box", "Internal Wiki", "Zoom"]);
  });

  it("filters by label, connector and keyword", async () => {
    const user = userEvent.setup();
    show(fresh());
    const search = await screen.findByRole("searchbox", { name: "Filter applications" });
    await user.type(search, "video");
    expect(labels()).toEqual(["Zoom"]);
    await user.clear(search);
    await user.type(search, "saml 2.0");
    expect(labels()).toEqual(["Internal Wiki"]);
    await user.clear(search);
    await user.type(search, "nothing like this");
    expect(screen.getByText("No application matches these filters.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(labels()).toHaveLength(4);
  });

  it("shows only the JIT Provisioning applications when asked", async () => {
    const user = userEvent.setup();
    show(fresh());
    const grid = await screen.findByRole("grid", { name: "Configured applications" });
    await user.selectOptions(screen.getByRole("combobox", { name: "Functionality" }), "jit");
    expect(labels()).toEqual(["Atlassian", "Zoom"]);
    expect(grid).toHaveAttribute("aria-rowcount", "3");
    expect(grid).toHaveAttribute("data-total", "2");
    for (const r of within(grid).getAllByRole("row").slice(1)) {
      expect(within(r).getByText("JIT Provisioning")).toBeInTheDocument();
    }
    await user.selectOptions(screen.getByRole("combobox", { name: "Functionality" }), "sso-only");
    expect(labels()).toEqual(["Internal Wiki"]);
  });

  it("shows the saved list at once, marked stale, with progress until the refresh lands", async () => {
    const pending = deferred<ApplicationRows>();
    let report: ((p: ApplicationsLoadProgress) => void) | undefined;
    show(
      fakeBackend({
        cachedApplications: async () => ({
          rows: sample.slice(0, 2),
          fetchedAtMs: fetched,
          deleted: [],
        }),
        refreshApplications: (onProgress) => {
          report = onProgress;
          return pending.promise;
        },
      }),
    );
    const status = await screen.findByText(
      `Showing the list from ${formatFetchedAt(fetched)} — refreshing…`,
    );
    expect(status).toBeInTheDocument();
    expect(labels()).toEqual(["Atlassian", "Zoom"]);
    // Reports come one per page; the bar follows the latest at the next frame.
    report?.({ stage: "applications", pagesDone: 2, pagesTotal: 20 });
    report?.({ stage: "applications", pagesDone: 3, pagesTotal: 20 });
    expect(await screen.findByText(/applications: page 3 of 20/)).toBeInTheDocument();
    const bar = screen.getByRole("progressbar", { name: "Refreshing applications" });
    expect(bar).toHaveAttribute("value", "3");
    expect(bar).toHaveAttribute("max", "20");

    const later = fetched + 5 * 60_000;
    pending.resolve({ rows: sample, fetchedAtMs: later, deleted: [] });
    expect(await screen.findByText(`Updated ${formatFetchedAt(later)}`)).toBeInTheDocument();
    expect(screen.queryByText(/refreshing…/)).not.toBeInTheDocument();
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(labels()).toHaveLength(4);
  });

  it("says the saved data could not be refreshed, and why, with a retry", async () => {
    const user = userEvent.setup();
    let calls = 0;
    show(
      fakeBackend({
        cachedApplications: async () => ({
          rows: sample.slice(0, 1),
          fetchedAtMs: fetched,
          deleted: [],
        }),
        refreshApplications: async () => {
          calls += 1;
          if (calls === 1)
            throw new BackendError({
              code: "RateLimited",
              detail: { message: "JumpCloud is rate limiting", retry_after_seconds: 30 },
            });
          return { rows: sample, fetchedAtMs: fetched + 60_000, deleted: [] };
        },
      }),
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      `Showing saved data from ${formatFetchedAt(fetched)} — could not refresh: JumpCloud is rate limiting`,
    );
    expect(labels()).toEqual(["Zoom"]);
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByText(/^Updated/)).toBeInTheDocument();
    expect(labels()).toHaveLength(4);
    expect(calls).toBe(2);
  });

  it("without saved data, a failed read is an error with a retry and no table", async () => {
    const user = userEvent.setup();
    let fail = true;
    show(
      fakeBackend({
        cachedApplications: async () => null,
        refreshApplications: async () => {
          if (fail)
            throw new BackendError({
              code: "Unreachable",
              detail: { message: "no route to host" },
            });
          return { rows: sample, fetchedAtMs: fetched, deleted: [] };
        },
      }),
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not read the applications: no route to host");
    expect(screen.queryByRole("grid")).not.toBeInTheDocument();
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(
      await screen.findByRole("grid", { name: "Configured applications" }),
    ).toBeInTheDocument();
  });

  it("an empty organisation points to Add application", async () => {
    const user = userEvent.setup();
    show(fresh([]));
    expect(await screen.findByText(/No SSO applications are configured/)).toBeInTheDocument();
    const add = screen.getAllByRole("button", { name: "Add application" });
    await user.click(add[add.length - 1]!);
    expect(router.page).toEqual({ name: "add" });
  });

  it("moves the selection with the arrow keys and opens the application with Enter", async () => {
    const user = userEvent.setup();
    show(fresh());
    const grid = await screen.findByRole("grid", { name: "Configured applications" });
    const rows = () => within(grid).getAllByRole("row").slice(1);
    expect(rows()[0]).toHaveAttribute("tabindex", "0");
    expect(rows()[1]).toHaveAttribute("tabindex", "-1");
    rows()[0]!.focus();
    await user.keyboard("{ArrowDown}");
    expect(rows()[1]).toHaveAttribute("aria-selected", "true");
    expect(rows()[1]).toHaveFocus();
    await user.keyboard("{End}");
    expect(rows()[3]).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(rows()[2]).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(router.page).toEqual({ name: "application", id: "a3" });
  });

  it("opens an application on click", async () => {
    const user = userEvent.setup();
    show(fresh());
    await screen.findByRole("grid", { name: "Configured applications" });
    await user.click(screen.getByText("Zoom"));
    expect(router.page).toEqual({ name: "application", id: "a1" });
  });

  it("renders only the visible rows of 10,000 while counting them all", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      row(`id${i}`, `App ${String(i).padStart(5, "0")}`, { jit: i % 3 === 0 }),
    );
    show(fresh(many));
    const grid = await screen.findByRole("grid", { name: "Configured applications" });
    expect(grid).toHaveAttribute("aria-rowcount", "10001");
    const rendered = within(grid).getAllByRole("row").length - 1;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(60);
    expect(screen.getByTestId("row-count")).toHaveTextContent("10000 applications");
  });
});
