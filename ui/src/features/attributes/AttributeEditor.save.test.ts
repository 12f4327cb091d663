// The attribute editor's way to JumpCloud: the shared review, the save, conflicts decided per row,
// discarding and setting a damaged draft aside.
import { screen, within, waitFor } from "@testing-library/svelte";
import { BackendError, type AttributeReview } from "../../lib/backend";
import { dirty, mount, opened, view } from "./editor-fixtures";

describe("the attribute editor's save", () => {
  it("reviews, meets a conflict, lets the admin choose per row and reviews again", async () => {
    const review: AttributeReview = {
      review: {
        changes: [
          {
            path: ["config", "databaseAttributes", "value", 1, "visible"],
            label: "User attribute firstName (sent)",
            before: null,
            after: false,
          },
        ],
        issues: [],
        canSave: true,
      },
      rows: dirty.changes!,
    };
    const resolved: unknown[] = [];
    let saves = 0;
    const user = mount({
      openAttributeEditor: async () => opened(view(dirty)),
      reviewAttributeChanges: async () => review,
      saveAttributes: async () => {
        saves += 1;
        if (saves === 1) {
          throw new BackendError({ code: "Server", detail: { message: "JumpCloud failed (502)" } });
        }
        if (saves === 2) {
          return {
            outcome: "conflict",
            conflicts: {
              rows: [
                {
                  spName: "firstName",
                  base: { source: { kind: "property", value: "firstname" }, on: true },
                  mine: { source: { kind: "property", value: "firstname" }, on: false },
                  theirs: { source: { kind: "property", value: "displayname" }, on: true },
                },
              ],
              other: [],
            },
          };
        }
        return { outcome: "saved", view: view(), differences: [], certificateChanged: null };
      },
      resolveAttributeConflicts: async (_id, choices) => {
        resolved.push(choices);
        return view(dirty);
      },
    });
    await user.click(await screen.findByRole("button", { name: "Review changes" }));
    const dialog = await screen.findByRole("dialog", { name: "Review changes" });
    expect(within(dialog).getByText(/no longer sent/)).toBeInTheDocument();
    const fields = within(dialog).getByRole("table", { name: "Fields that change" });
    expect(fields).toHaveTextContent("User attribute firstName (sent)");
    expect(fields).toHaveTextContent("(absent)");
    expect(fields).not.toHaveTextContent("config.databaseAttributes");

    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("502");
    await user.click(within(dialog).getByRole("button", { name: "Retry save" }));

    const conflict = await screen.findByRole("dialog", {
      name: "Someone else changed this application",
    });
    expect(within(conflict).getByText("Property displayname")).toBeInTheDocument();
    const apply = within(conflict).getByRole("button", { name: "Apply choices and review" });
    expect(apply).toBeDisabled();
    await user.click(within(conflict).getByRole("radio", { name: "Take theirs" }));
    await user.click(apply);
    expect(resolved).toEqual([[{ spName: "firstName", choice: "takeTheirs" }]]);

    const again = await screen.findByRole("dialog", { name: "Review changes" });
    await user.click(within(again).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Saved");
  });

  it("asks before discarding the draft", async () => {
    let discarded = 0;
    const user = mount({
      openAttributeEditor: async () => opened(view(dirty)),
      discardAttributeDraft: async () => {
        discarded += 1;
        return opened();
      },
    });
    await user.click(await screen.findByRole("button", { name: "Discard draft" }));
    const confirm = screen.getByRole("alertdialog", { name: "Discard your unsaved changes?" });
    await user.click(within(confirm).getByRole("button", { name: "Keep editing" }));
    expect(discarded).toBe(0);
    await user.click(screen.getByRole("button", { name: "Discard draft" }));
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    await waitFor(() => expect(discarded).toBe(1));
    expect(await screen.findByRole("status")).toHaveTextContent("discarded");
  });

  it("offers to set a damaged draft aside, keeping a copy, and opens the application afresh", async () => {
    let setAside = 0;
    const user = mount({
      openAttributeEditor: async () => {
        throw new BackendError({
          code: "Damaged",
          detail: { message: "the file x.draft.json is damaged", path: "/p/x.draft.json" },
        });
      },
      setAsideDamagedDraft: async () => {
        setAside += 1;
        return opened();
      },
    });
    expect(await screen.findByText(/x\.draft\.json is damaged/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Discard damaged draft" }));
    await waitFor(() => expect(setAside).toBe(1));
    expect(await screen.findByRole("status")).toHaveTextContent("kept aside");
  });

  it("says after a save what JumpCloud stored differently from what was sent", async () => {
    const review: AttributeReview = {
      review: { changes: [], issues: [], canSave: true },
      rows: dirty.changes!,
    };
    const user = mount({
      openAttributeEditor: async () => opened(view(dirty)),
      reviewAttributeChanges: async () => review,
      saveAttributes: async () => ({
        outcome: "saved",
        view: view(),
        differences: [
          { path: ["config", "acsUrl", "value"], label: "ACS URL", before: "A", after: "a" },
        ],
        certificateChanged: null,
      }),
    });
    await user.click(await screen.findByRole("button", { name: "Review changes" }));
    const dialog = await screen.findByRole("dialog", { name: "Review changes" });
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "JumpCloud stored 1 field(s) differently from what was sent: ACS URL: sent A, stored a",
    );
  });

  it("after a save that brought a new IdP certificate, says so with Save metadata… at hand", async () => {
    const saveIdpMetadata = vi.fn(async () => ({ path: "exports/idp.xml", note: null }));
    const user = mount({
      openAttributeEditor: async () => opened(view(dirty)),
      reviewAttributeChanges: async () => ({
        review: { changes: [], issues: [], canSave: true },
        rows: dirty.changes!,
      }),
      saveAttributes: async () => ({
        outcome: "saved",
        view: view(),
        differences: [],
        certificateChanged: { beforeFingerprint: "AA", afterFingerprint: "BB", expires: null },
      }),
      saveIdpMetadata,
    });
    await user.click(await screen.findByRole("button", { name: "Review changes" }));
    const dialog = await screen.findByRole("dialog", { name: "Review changes" });
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    const alert = await screen.findByText(/new IdP certificate: the service provider needs/);
    await user.click(
      within(alert.closest("[role='alert']") as HTMLElement).getByRole("button", {
        name: "Save metadata…",
      }),
    );
    expect(saveIdpMetadata).toHaveBeenCalledOnce();
    expect(await screen.findByText(/saved to exports\/idp\.xml/)).toBeInTheDocument();
  });
});
