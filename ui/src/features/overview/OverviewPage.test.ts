import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import OverviewPage from "./OverviewPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { router } from "../../lib/router.svelte";
import {
  BACKEND_CONTEXT_KEY,
  type Backend,
  type OrgOverview,
  type OrgReadiness,
} from "../../lib/backend";
import { readinessText, shares, actionText } from "./overview";

const kept: OrgOverview = {
  listedAtMs: Date.parse("2026-12-01T10:00:00Z"),
  counts: { applications: 4, jit: 2, scim: 1, saml: 3, certificatesDue: 1 },
  certificates: [
    { applicationId: "a", displayLabel: "Slack", expiresAt: 1, daysLeft: -2, band: "expired" },
    { applicationId: "b", displayLabel: "Zoom", expiresAt: 2, daysLeft: 40, band: "within60Days" },
    { applicationId: "c", displayLabel: "Box", expiresAt: 3, daysLeft: 300, band: "fine" },
  ],
  changes: [
    {
      atMs: Date.parse("2026-12-01T09:00:00Z"),
      action: "save",
      applicationId: "b",
      applicationLabel: "Zoom",
      differences: 1,
    },
  ],
};

const run: OrgReadiness = {
  ranAtMs: 1,
  applications: [
    {
      applicationId: "b",
      applicationName: "Zoom",
      templateName: "zoom",
      users: 10,
      ready: 7,
      notReady: 3,
      unmapped: 0,
    },
    {
      applicationId: "d",
      applicationName: "Asana",
      templateName: "asana",
      users: 5,
      ready: 5,
      notReady: 0,
      unmapped: 0,
    },
  ],
};

function backend(extra: Partial<Backend> = {}): Backend {
  return fakeBackend({
    overview: async () => kept,
    // The refresh never lands in these tests: what shows comes from what is kept.
    refreshOverview: () => new Promise(() => {}),
    lastOrgReadiness: async () => run,
    reportPaint: async () => {},
    ...extra,
  });
}

function renderPage(b: Backend) {
  return render(OverviewPage, { context: new Map([[BACKEND_CONTEXT_KEY, b]]) });
}

describe("the Overview", () => {
  beforeEach(() => router.go({ name: "overview" }));

  it("shows the kept organisation at once: numbers, timeline, readiness bars, changes", async () => {
    renderPage(backend());
    const timeline = await screen.findByRole("img", { name: /IdP certificates of 3 SAML/ });
    expect(timeline.querySelectorAll("[data-mark]")).toHaveLength(3);
    const words = screen.getByRole("list", { name: "Certificates by expiry" });
    expect((await within(words).findAllByRole("listitem")).map((li) => li.textContent)).toEqual([
      "Slack: expired 2 days ago",
      "Zoom: expires in 40 days",
      "Box: expires in 300 days",
    ]);
    const bars = await screen.findByRole("list", { name: "JIT readiness by application" });
    expect(within(bars).getAllByRole("listitem")).toHaveLength(2);
    expect(within(bars).getByText("7 ready, 3 not ready")).toBeInTheDocument();
    const changes = screen.getByRole("list", { name: "Latest changes" });
    expect(changes).toHaveTextContent("Saved Zoom");
    expect(changes).toHaveTextContent("JumpCloud stored 1 field differently");
  });

  it("names the mark under the pointer in one tooltip", async () => {
    const user = userEvent.setup();
    renderPage(backend());
    const timeline = await screen.findByRole("img", { name: /IdP certificates of 3 SAML/ });
    expect(screen.queryByTestId("timeline-tip")).toBeNull();
    const zoom = timeline.querySelector("[data-mark][data-zone='window']")!;
    await user.hover(zoom);
    const tip = await screen.findByTestId("timeline-tip");
    expect(tip).toHaveTextContent(/^Zoom: expires in 40 days \(.+\)$/);
    expect(tip.style.left).toMatch(/px$/);
    expect(tip.style.top).toMatch(/px$/);
    await user.unhover(timeline);
    expect(screen.queryByTestId("timeline-tip")).toBeNull();
  });

  it("opens the list each number counts", async () => {
    const user = userEvent.setup();
    renderPage(backend());
    await user.click(await screen.findByRole("button", { name: "2 with JIT Provisioning" }));
    expect(router.page).toEqual({ name: "applications", functionality: "jit" });
    router.go({ name: "overview" });
    await user.click(await screen.findByRole("button", { name: "1 due within 30 days" }));
    expect(router.page).toEqual({ name: "certificates" });
    router.go({ name: "overview" });
    await user.click(await screen.findByRole("button", { name: "1 with users not ready" }));
    expect(router.page).toEqual({ name: "readiness" });
  });

  it("offers a readiness check when none has run, and shows its bars", async () => {
    const user = userEvent.setup();
    let asked = 0;
    renderPage(
      backend({
        lastOrgReadiness: async () => null,
        refreshReadiness: async () => {
          asked++;
          return run;
        },
      }),
    );
    await user.click(await screen.findByRole("button", { name: "Check readiness" }));
    expect(asked).toBe(1);
    const bars = await screen.findByRole("list", { name: "JIT readiness by application" });
    expect(within(bars).getAllByRole("listitem")).toHaveLength(2);
  });

  it("reads the organisation when nothing is kept, and says so when it cannot", async () => {
    renderPage(
      backend({
        overview: async () => ({ ...kept, listedAtMs: null }),
        refreshOverview: async () => {
          throw new Error("offline");
        },
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not read the organisation: offline",
    );
  });
});

describe("the Overview's words", () => {
  it("splits a bar between ready and not ready", () => {
    expect(shares({ users: 10, ready: 7, notReady: 3 }, 200)).toEqual({ ready: 140, notReady: 60 });
    expect(shares({ users: 0, ready: 0, notReady: 0 }, 200)).toEqual({ ready: 0, notReady: 0 });
    expect(readinessText({ ready: 0, notReady: 0 })).toBe("no users");
    expect(actionText("unbind")).toBe("Unbound a user group from");
    expect(actionText("rename")).toBe("Rename");
  });
});
