import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import StatusBar from "./StatusBar.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type ConnectionList } from "../../lib/backend";

const list: ConnectionList = {
  activeId: "sandbox",
  problem: null,
  connections: [
    {
      id: "sandbox",
      name: "Sandbox",
      kind: "sandbox",
      endpoint: null,
      credential: null,
      orgId: null,
      orgName: null,
      active: true,
    },
    {
      id: "conn-1",
      name: "Acme",
      kind: "jumpcloud",
      endpoint: { kind: "region", value: "us" },
      credential: { kind: "apiKey" },
      orgId: null,
      orgName: null,
      active: false,
    },
  ],
};

function status(label: string, problem: string | null = null) {
  return {
    version: "0.1.0",
    connection: { id: "x", name: label, kind: "sandbox" as const, label, problem },
  };
}

function renderBar(backend: Backend) {
  render(StatusBar, { context: new Map([[BACKEND_CONTEXT_KEY, backend]]) });
}

describe("the status bar", () => {
  it("switches the active connection and names the new one", async () => {
    const user = userEvent.setup();
    let current = status("Sandbox — sample data");
    const switchConnection = vi.fn(async () => {
      current = status("Acme");
      return { ...list, activeId: "conn-1" };
    });
    renderBar(
      fakeBackend({
        appStatus: async () => current,
        listConnections: async () => list,
        switchConnection,
      }),
    );
    const select = await screen.findByRole("combobox", { name: "Switch connection" });
    await user.selectOptions(select, "conn-1");
    expect(switchConnection).toHaveBeenCalledWith("conn-1");
    await vi.waitFor(() =>
      expect(screen.getByTestId("active-connection")).toHaveTextContent("Acme"),
    );
  });

  it("says why the app fell back to the sandbox", async () => {
    renderBar(
      fakeBackend({
        appStatus: async () => status("Sandbox — sample data", "The keyring is locked"),
        listConnections: async () => list,
      }),
    );
    expect(await screen.findByTestId("connection-problem-status")).toHaveTextContent(
      "The keyring is locked",
    );
  });
});
