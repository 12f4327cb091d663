import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SnapshotsPage from "./SnapshotsPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type SnapshotComparison } from "../../lib/backend";

const zoom = { id: "a1", label: "Zoom", connector: "zoom" };

function comparison(drifted: boolean): SnapshotComparison {
  return {
    folder: "/snap",
    exportedAt: "2026-12-06T08:00:00Z",
    organization: "Sandbox — sample data",
    report: "",
    drift: {
      added: [],
      removed: [],
      bindings: [],
      changed: drifted
        ? [
            {
              application: zoom,
              snapshotId: "a1",
              changes: [
                {
                  path: [],
                  label: "SP Entity ID",
                  before: "https://drifted.example.com",
                  after: "https://zoom.example.com",
                },
              ],
            },
          ]
        : [],
    },
  };
}

function mount(methods: Partial<Backend>) {
  render(SnapshotsPage, {
    context: new Map([[BACKEND_CONTEXT_KEY, fakeBackend(methods)]]),
  });
}

describe("Snapshots page", () => {
  it("exports to the folder picked and says what it wrote", async () => {
    const exportSnapshot = vi.fn(async (folder: string) => ({
      folder,
      applications: 3,
      written: 5,
      removed: 0,
    }));
    mount({ pickSnapshotFolder: async () => "/snap", exportSnapshot });
    await userEvent.click(screen.getByRole("button", { name: "Export to a folder…" }));
    expect(await screen.findByText(/Exported 3 application\(s\) to \/snap/)).toBeInTheDocument();
    expect(exportSnapshot).toHaveBeenCalledWith("/snap");
  });

  it("compares, shows the labelled review, and applies only after the confirmation", async () => {
    let drifted = true;
    const applySnapshot = vi.fn(async () => {
      drifted = false;
      return {
        done: [{ application: zoom, action: "changed", differences: [], note: null }],
        failed: [],
      };
    });
    mount({
      pickSnapshotFolder: async () => "/snap",
      compareSnapshot: async () => comparison(drifted),
      applySnapshot,
    });
    await userEvent.click(screen.getByRole("button", { name: "Compare with a folder…" }));
    const table = await screen.findByRole("table", { name: "Fields that change" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("Zoom: SP Entity ID");
    expect(row).toHaveTextContent("https://drifted.example.com");
    expect(row).toHaveTextContent("https://zoom.example.com");

    await userEvent.click(screen.getByRole("button", { name: "Apply snapshot…" }));
    const dialog = screen.getByRole("alertdialog", { name: "Apply the snapshot?" });
    expect(applySnapshot).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole("button", { name: "Apply" }));
    expect(applySnapshot).toHaveBeenCalledWith("/snap");
    expect(
      await screen.findByText("No drift: the organisation matches the snapshot."),
    ).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Applied" })).toHaveTextContent("changed: Zoom");
  });

  it("does nothing when the folder choice is cancelled", async () => {
    mount({ pickSnapshotFolder: async () => null });
    await userEvent.click(screen.getByRole("button", { name: "Compare with a folder…" }));
    expect(screen.queryByRole("region", { name: "Comparison" })).not.toBeInTheDocument();
  });
});
