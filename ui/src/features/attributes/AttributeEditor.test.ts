import { screen, within, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { BackendError, type AttributeEdit, type RowIssue } from "../../lib/backend";
import { dirty, mount, opened, view } from "./editor-fixtures";

describe("the attribute editor", () => {
  it("shows JIT rows locked with a badge and a switch, free rows editable and deletable", async () => {
    mount({});
    const table = await screen.findByRole("table", { name: "User attributes" });
    const email = screen.getByRole("switch", { name: "Send email" });
    expect(email).toHaveAttribute("aria-checked", "true");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(4);
    expect(within(rows[0]!).getByText("JIT required")).toBeInTheDocument();
    expect(within(rows[0]!).getByRole("textbox", { name: /SP attribute name/ })).toHaveAttribute(
      "readonly",
    );
    expect(within(rows[0]!).queryByRole("button", { name: /Delete/ })).toBeNull();
    expect(within(rows[2]!).queryByText("JIT required")).toBeNull();
    expect(
      within(rows[2]!).getByRole("textbox", { name: /SP attribute name/ }),
    ).not.toHaveAttribute("readonly");
    expect(screen.getByRole("button", { name: "Delete team" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Constant value of tier" })).toHaveValue("gold");
  });

  it("switches a row off through the backend and reflects the answer", async () => {
    const edits: AttributeEdit[] = [];
    const user = mount({
      applyAttributeEdit: async (_id, edit) => {
        edits.push(edit);
        const v = view(dirty);
        v.rows.rows[1]!.on = false;
        return v;
      },
    });
    await user.click(await screen.findByRole("switch", { name: "Send firstName" }));
    expect(edits).toEqual([{ kind: "setOn", row: 1, on: false }]);
    await waitFor(() =>
      expect(screen.getByRole("switch", { name: "Send firstName" })).toHaveAttribute(
        "aria-checked",
        "false",
      ),
    );
    expect(screen.getByRole("button", { name: "Undo" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Redo" })).toBeDisabled();
  });

  it("reports validation next to the field and keeps what was typed", async () => {
    const sent: AttributeEdit[] = [];
    const user = mount({
      applyAttributeEdit: async (_id, edit) => {
        sent.push(edit);
        if (edit.kind !== "setSpName") throw new Error("unexpected");
        if (edit.spName === "firstName") {
          throw new BackendError({
            code: "Invalid",
            detail: { message: '"firstName" is required for JIT', field: null },
          });
        }
        const v = view({ canUndo: true });
        v.rows.rows[2]!.spName = edit.spName;
        const issue: RowIssue = {
          row: 2,
          field: "spName",
          code: "surrounding_spaces",
          severity: "error",
          message: '"team " starts or ends with a space.',
        };
        v.issues = [issue];
        return v;
      },
    });
    const name = await screen.findByRole("textbox", { name: "SP attribute name, row 3" });
    await user.clear(name);
    await user.type(name, "team ");
    await user.tab();
    await waitFor(() => expect(name).toHaveAttribute("aria-invalid", "true"));
    expect(name).toHaveValue("team ");
    const describedBy = name.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    expect(document.getElementById(describedBy!)).toHaveTextContent("starts or ends with a space");

    await user.clear(name);
    await user.type(name, "firstName");
    await user.tab();
    await waitFor(() =>
      expect(document.getElementById(name.getAttribute("aria-describedby")!)).toHaveTextContent(
        "required for JIT",
      ),
    );
    expect(name).toHaveValue("firstName");
    expect(sent.at(-1)).toEqual({ kind: "setSpName", row: 2, spName: "firstName" });
  });

  it("offers to add an attribute the connector now requires", async () => {
    const edits: AttributeEdit[] = [];
    const user = mount({
      openAttributeEditor: async () =>
        opened(
          view({
            rows: {
              ...view().rows,
              missing: [{ spName: "lastName", defaultProperty: "lastname" }],
            },
          }),
        ),
      applyAttributeEdit: async (_id, edit) => {
        edits.push(edit);
        return view({ canUndo: true });
      },
    });
    const banner = await screen.findByRole("region", { name: "Missing lastName" });
    await user.click(within(banner).getByRole("button", { name: "Add lastName" }));
    expect(edits).toEqual([{ kind: "addMissing", spName: "lastName" }]);
    await waitFor(() =>
      expect(screen.queryByRole("region", { name: "Missing lastName" })).toBeNull(),
    );
  });

  it("undoes and redoes with the buttons and the keyboard", async () => {
    const calls: string[] = [];
    const user = mount({
      openAttributeEditor: async () => opened(view(dirty)),
      undoAttributeEdit: async () => {
        calls.push("undo");
        return view({ canRedo: true });
      },
      redoAttributeEdit: async () => {
        calls.push("redo");
        return view(dirty);
      },
    });
    await user.click(await screen.findByRole("button", { name: "Undo" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Redo" })).toBeEnabled());
    expect(screen.getByRole("button", { name: "Undo" })).toBeDisabled();
    await user.keyboard("{Control>}{Shift>}z{/Shift}{/Control}");
    await waitFor(() => expect(calls).toEqual(["undo", "redo"]));
    await user.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(calls).toEqual(["undo", "redo", "undo"]));
  });

  it("sends the Send user groups switch and the groups attribute name as one edit", async () => {
    const edits: AttributeEdit[] = [];
    const base = view();
    const withGroups = (on: boolean, name: string) =>
      view({ rows: { ...base.rows, groups: { on, name } } });
    mount({
      openAttributeEditor: async () => opened(withGroups(false, "memberOf")),
      applyAttributeEdit: async (_id, edit) => {
        edits.push(edit);
        return edit.kind === "setGroupAttribute"
          ? withGroups(edit.on, edit.name)
          : withGroups(false, "");
      },
    });
    const user = userEvent.setup();
    const toggle = await screen.findByRole("switch", { name: "Send user groups" });
    expect(toggle).toHaveAttribute("aria-checked", "false");
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    const name = screen.getByRole("textbox", { name: "Groups attribute name" });
    await user.clear(name);
    await user.type(name, "groups");
    await user.tab();
    await waitFor(() =>
      expect(edits).toEqual([
        { kind: "setGroupAttribute", on: true, name: "memberOf" },
        { kind: "setGroupAttribute", on: true, name: "groups" },
      ]),
    );
  });

  it("shows why an application's attributes are read-only and disables every control", async () => {
    mount({
      openAttributeEditor: async () =>
        opened(view({ readOnly: "it holds an attribute entry of an unknown kind." })),
    });
    expect(
      await screen.findByText(
        "This application's attributes can't be edited in SSO Desk: it holds an attribute entry of an unknown kind.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add attribute" })).toBeDisabled();
    expect(screen.getByRole("switch", { name: "Send user groups" })).toBeDisabled();
    expect(screen.getByRole("textbox", { name: "Groups attribute name" })).toBeDisabled();
    expect(screen.getByLabelText("SP attribute name, row 3")).toBeDisabled();
  });

  it("shows a shadowed custom attribute's warning at its row", async () => {
    const issue: RowIssue = {
      row: 2,
      field: "source",
      code: "shadowed_by_property",
      severity: "warning",
      message: "JumpCloud sends the department property under this name, not the custom attribute.",
    };
    mount({ openAttributeEditor: async () => opened(view({ issues: [issue] })) });
    expect(await screen.findByText(issue.message)).toBeInTheDocument();
  });
});
