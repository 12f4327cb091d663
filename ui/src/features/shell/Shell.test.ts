import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../../App.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BackendError } from "../../lib/backend";
import { router } from "../../lib/router.svelte";

const sandboxStatus = {
  version: "0.1.0",
  connection: {
    id: "sandbox",
    name: "Sandbox",
    kind: "sandbox" as const,
    label: "Sandbox — sample data",
    problem: null,
  },
};

describe("the app shell", () => {
  // The router is app-wide state: each test starts on the first page.
  beforeEach(() => router.go({ name: "applications" }));

  it("offers the nine pages as buttons in the navigation landmark, the Overview first", () => {
    render(App, { props: { backend: fakeBackend({ appStatus: async () => sandboxStatus }) } });
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    const names = within(nav)
      .getAllByRole("button")
      .map((b) => b.textContent?.trim());
    expect(names).toEqual([
      "Overview",
      "Applications",
      "Add application",
      "User groups",
      "Readiness",
      "Assertion debugger",
      "Settings",
      "Certificates",
      "Snapshots",
      "Organisations",
    ]);
  });

  it("names the active connection in the status bar", async () => {
    render(App, { props: { backend: fakeBackend({ appStatus: async () => sandboxStatus }) } });
    expect(await screen.findByTestId("active-connection")).toHaveTextContent(
      "Sandbox — sample data",
    );
  });

  it("marks the page the admin moved to as current", async () => {
    const user = userEvent.setup();
    render(App, { props: { backend: fakeBackend({ appStatus: async () => sandboxStatus }) } });
    await user.click(screen.getByRole("button", { name: "Settings" }));
    expect(screen.getByRole("button", { name: "Settings" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(screen.getByRole("button", { name: "Applications" })).not.toHaveAttribute(
      "aria-current",
    );
  });

  it("says why there is no connection when the backend fails", async () => {
    const failing = fakeBackend({
      appStatus: async () => {
        throw new BackendError({ code: "Sandbox", detail: { message: "port in use" } });
      },
    });
    render(App, { props: { backend: failing } });
    expect(await screen.findByRole("alert")).toHaveTextContent("port in use");
  });
});
