import { render, screen, within, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import HistoryTab from "./HistoryTab.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type VersionRow } from "../../lib/backend";

const APP_ID = "5f0000000002000000000000";

const versions: VersionRow[] = [
  {
    id: "h4",
    atMs: 4_000,
    who: "Changed outside SSO Desk",
    source: { kind: "outside" },
    changed: ["Description"],
  },
  {
    id: "h3",
    atMs: 3_000,
    who: "SSO Desk",
    source: { kind: "ssoDesk", action: "save", summary: null },
    changed: ["SP Entity ID"],
  },
  {
    id: "h2",
    atMs: 2_000,
    who: "SSO Desk",
    source: { kind: "ssoDesk", action: "deactivate", summary: null },
    changed: ["Active"],
  },
  { id: "h1", atMs: 1_000, who: "First seen", source: { kind: "firstSeen" }, changed: [] },
];

function mount(methods: Partial<Backend>) {
  render(HistoryTab, {
    props: { applicationId: APP_ID },
    context: new Map([[BACKEND_CONTEXT_KEY, fakeBackend(methods)]]),
  });
  return userEvent.setup();
}

describe("The History tab", () => {
  it("lists the versions newest first with who and what changed, the outside change marked", async () => {
    mount({ applicationHistory: async () => ({ applicationId: APP_ID, versions }) });
    const table = await screen.findByRole("table", { name: "Versions" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.dataset.who)).toEqual([
      "Changed outside SSO Desk",
      "SSO Desk",
      "SSO Desk",
      "First seen",
    ]);
    expect(rows[0]).toHaveTextContent("Description");
    expect(rows[2]).toHaveTextContent("(deactivate)");
    expect(within(rows[0]!).queryByRole("button", { name: "Restore…" })).toBeNull();
  });

  it("compares two versions, older first, in the review view", async () => {
    const asked: string[][] = [];
    const user = mount({
      applicationHistory: async () => ({ applicationId: APP_ID, versions }),
      compareVersions: async (_id, from, to) => {
        asked.push([from, to]);
        return [{ path: ["active"], label: "Active", before: true, after: false }];
      },
    });
    await screen.findByRole("table", { name: "Versions" });
    const compare = screen.getByRole("button", { name: "Compare" });
    expect(compare).toBeDisabled();
    const boxes = screen.getAllByRole("checkbox");
    await user.click(boxes[0]!);
    await user.click(boxes[3]!);
    await user.click(compare);
    const region = await screen.findByRole("region", { name: "Compare versions" });
    expect(within(region).getByRole("row", { name: /Active/ })).toHaveTextContent("false");
    expect(asked).toEqual([["h1", "h4"]]);
  });

  it("restores a version through review and save, and says when the certificate changed", async () => {
    const saved: string[] = [];
    let reads = 0;
    const user = mount({
      applicationHistory: async () => {
        reads += 1;
        return { applicationId: APP_ID, versions };
      },
      reviewRestore: async (_id, version) => ({
        review: {
          changes: [{ path: ["active"], label: "Active", before: false, after: true }],
          issues: [],
          canSave: version === "h1",
        },
        versionAtMs: 1_000,
        certificateNote: "The IdP certificate has changed since this version.",
      }),
      saveRestore: async (id) => {
        saved.push(id);
        return { outcome: "saved", differences: [], certificateChanged: null };
      },
    });
    const table = await screen.findByRole("table", { name: "Versions" });
    const first = within(table).getAllByRole("row").at(-1)!;
    await user.click(within(first).getByRole("button", { name: "Restore…" }));
    const dialog = await screen.findByRole("dialog", { name: "Review changes" });
    expect(dialog).toHaveTextContent("The IdP certificate has changed since this version.");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Restored the version of");
    expect(saved).toEqual([APP_ID]);
    await waitFor(() => expect(reads).toBe(2));
  });
});
