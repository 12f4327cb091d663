import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SettingsPage from "./SettingsPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type ConnectionList } from "../../lib/backend";

const sandbox = {
  id: "sandbox",
  name: "Sandbox",
  kind: "sandbox" as const,
  endpoint: null,
  credential: null,
  orgId: null,
  orgName: "Example Org (sample data)",
  active: true,
};
const acme = {
  id: "conn-1",
  name: "Acme",
  kind: "jumpcloud" as const,
  endpoint: { kind: "region" as const, value: "eu" as const },
  credential: { kind: "apiKey" as const },
  orgId: null,
  orgName: "Acme Corp",
  active: false,
};
const both: ConnectionList = { connections: [sandbox, acme], activeId: "sandbox", problem: null };

function renderPage(backend: Backend) {
  render(SettingsPage, { context: new Map([[BACKEND_CONTEXT_KEY, backend]]) });
}

describe("Settings → Connections", () => {
  it("lists the sandbox and the stored connections; the sandbox cannot be removed", async () => {
    renderPage(fakeBackend({ listConnections: async () => both }));
    const table = await screen.findByRole("table", { name: "Connections" });
    expect(within(table).getByRole("rowheader", { name: /Sandbox/ })).toHaveTextContent("Active");
    expect(within(table).getByText("EU")).toBeInTheDocument();
    expect(within(table).getByRole("button", { name: "Remove Acme" })).toBeInTheDocument();
    expect(within(table).queryByRole("button", { name: "Remove Sandbox" })).toBeNull();
    expect(within(table).getByRole("button", { name: "Use Sandbox" })).toBeDisabled();
  });

  it("switches to a stored connection", async () => {
    const user = userEvent.setup();
    let current = both;
    const switchConnection = vi.fn(async () => {
      current = {
        ...both,
        activeId: "conn-1",
        connections: [
          { ...sandbox, active: false },
          { ...acme, active: true },
        ],
      };
      return current;
    });
    renderPage(fakeBackend({ listConnections: async () => current, switchConnection }));
    await user.click(await screen.findByRole("button", { name: "Use Acme" }));
    expect(switchConnection).toHaveBeenCalledWith("conn-1");
    expect(await screen.findByRole("rowheader", { name: /Acme/ })).toHaveTextContent("Active");
  });

  it("asks before removing, then removes", async () => {
    const user = userEvent.setup();
    let current = both;
    const removeConnection = vi.fn(async () => {
      current = { ...both, connections: [sandbox] };
      return current;
    });
    renderPage(fakeBackend({ listConnections: async () => current, removeConnection }));
    await user.click(await screen.findByRole("button", { name: "Remove Acme" }));
    expect(removeConnection).not.toHaveBeenCalled();
    const dialog = screen.getByRole("alertdialog", { name: "Remove Acme?" });
    expect(dialog).toHaveTextContent("deleted from the keyring");
    await user.click(within(dialog).getByRole("button", { name: "Remove connection" }));
    expect(removeConnection).toHaveBeenCalledWith("conn-1");
    await vi.waitFor(() => expect(screen.queryByRole("rowheader", { name: /Acme/ })).toBeNull());
  });

  it("says why the app fell back to the sandbox", async () => {
    renderPage(
      fakeBackend({
        listConnections: async () => ({
          ...both,
          problem: "Could not open “Acme”: The keyring is locked. Using the sandbox.",
        }),
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("keyring is locked");
  });

  it("resets the sample data only after confirmation", async () => {
    const user = userEvent.setup();
    const resetSampleData = vi.fn(async () => {});
    renderPage(fakeBackend({ listConnections: async () => both, resetSampleData }));
    await user.click(screen.getByRole("button", { name: "Reset sample data" }));
    expect(resetSampleData).not.toHaveBeenCalled();
    const dialog = screen.getByRole("alertdialog", { name: "Reset sample data?" });
    await user.click(within(dialog).getByRole("button", { name: "Reset now" }));
    expect(resetSampleData).toHaveBeenCalledOnce();
    expect(await screen.findByRole("status")).toHaveTextContent("sample data was reset");
  });

  it("opens the log folder, and says so when it cannot", async () => {
    const user = userEvent.setup();
    const openLogFolder = vi.fn(async () => {});
    renderPage(fakeBackend({ listConnections: async () => both, openLogFolder }));
    await user.click(screen.getByRole("button", { name: "Open log folder" }));
    expect(openLogFolder).toHaveBeenCalledOnce();
    expect(screen.queryByRole("alert")).toBeNull();

    const failing = vi.fn(async () => {
      throw new Error("no file manager");
    });
    document.body.innerHTML = "";
    renderPage(fakeBackend({ listConnections: async () => both, openLogFolder: failing }));
    await user.click(screen.getByRole("button", { name: "Open log folder" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("no file manager");
  });

  it("opens the add form from the list", async () => {
    const user = userEvent.setup();
    renderPage(fakeBackend({ listConnections: async () => both }));
    await user.click(await screen.findByRole("button", { name: "Add connection" }));
    expect(screen.getByRole("form", { name: "Add connection" })).toBeInTheDocument();
  });
});
