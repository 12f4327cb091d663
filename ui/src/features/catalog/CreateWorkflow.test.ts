import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import CreateWorkflow from "./CreateWorkflow.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  BackendError,
  type Backend,
  type NewApplication,
} from "../../lib/backend";
import { router } from "../../lib/router.svelte";
import { checked, match, zoomDetails } from "./fixtures";

function show(backend: Partial<Backend>) {
  render(CreateWorkflow, {
    props: { entry: match(), onCancel: vi.fn() },
    context: new Map([
      [BACKEND_CONTEXT_KEY, fakeBackend({ templateDetails: async () => zoomDetails, ...backend })],
    ]),
  });
}

const next = () => userEvent.click(screen.getByRole("button", { name: "Next" }));

/** A check that finds the label missing until one is typed, and the ACS URL not https. */
function checkLikeRust(form: NewApplication) {
  const general = form.displayLabel.trim()
    ? []
    : [
        {
          field: "displayLabel",
          code: "label_required" as const,
          message: "Enter a display label.",
        },
      ];
  const sso = form.config["acsUrl"]?.startsWith("https://")
    ? []
    : [
        {
          field: "acsUrl",
          code: "not_https" as const,
          message: "ACS URL must start with https://.",
        },
      ];
  return Promise.resolve(checked({ general, sso }));
}

async function toStep(name: string) {
  await userEvent.type(await screen.findByLabelText("Display label (required)"), "Zoom (Sales)");
  await next();
  if (name === "Single sign-on") return;
  await next();
  if (name === "User attributes") return;
  await next();
}

const created = {
  id: "app-1",
  name: "zoom",
  displayLabel: "Zoom (Sales)",
  description: null,
  ssoType: "saml",
  ssoJit: true,
  logoUrl: null,
};

describe("CreateWorkflow", () => {
  it("shows the connector with its JIT label", async () => {
    show({});
    expect(await screen.findByText("Zoom")).toBeInTheDocument();
    expect(screen.getByText("JIT Provisioning")).toBeInTheDocument();
  });

  it("General: a missing label is named next to the field and the step stays", async () => {
    show({ checkNewApplication: checkLikeRust });
    await screen.findByLabelText("Display label (required)");
    await next();
    const label = screen.getByLabelText("Display label (required)");
    expect(label).toHaveAttribute("aria-invalid", "true");
    expect(label).toHaveAccessibleDescription("Enter a display label.");
    expect(screen.getByRole("heading", { name: "General" })).toBeInTheDocument();
  });

  it("Single sign-on: renders the template's fields and refuses a non-https URL", async () => {
    show({ checkNewApplication: checkLikeRust });
    await toStep("Single sign-on");
    const acs = await screen.findByLabelText("ACS URL (required)");
    expect(acs).toHaveValue("https://zoom.example.com/saml/acs");
    await userEvent.clear(acs);
    await userEvent.type(acs, "http://zoom.example.com/acs");
    await next();
    expect(acs).toHaveAccessibleDescription("ACS URL must start with https://.");
    // Back and forth loses nothing.
    await userEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByLabelText("Display label (required)")).toHaveValue("Zoom (Sales)");
    await next();
    expect(screen.getByLabelText("ACS URL (required)")).toHaveValue("http://zoom.example.com/acs");
  });

  it("User attributes: JIT rows are locked and an edit's issue shows at its row", async () => {
    const editNewApplicationRows = vi.fn(async (rows: NewApplication["rows"]) => ({
      rows: {
        ...rows,
        rows: [
          ...rows.rows,
          {
            spName: "",
            source: { kind: "property" as const, value: "email" },
            jitRequired: false,
            on: true,
            origin: null,
          },
        ],
      },
      issues: [
        {
          row: 2,
          field: "spName" as const,
          code: "empty_sp_name" as const,
          severity: "error" as const,
          message: "The SP attribute name is empty.",
        },
      ],
    }));
    show({ checkNewApplication: checkLikeRust, editNewApplicationRows });
    await toStep("User attributes");
    const email = await screen.findByLabelText("SP attribute name, row 1");
    expect(email).toHaveValue("email");
    expect(email).toHaveAttribute("readonly");
    expect(
      screen.queryByRole("button", { name: "Delete email" }),
      "a JIT-required row is switched off, never deleted",
    ).not.toBeInTheDocument();
    expect(screen.getByRole("switch", { name: "Send department" })).toBeChecked();
    await userEvent.click(screen.getByRole("button", { name: "Add attribute" }));
    expect(await screen.findByText("The SP attribute name is empty.")).toBeInTheDocument();
    expect(editNewApplicationRows).toHaveBeenCalledWith(
      zoomDetails.rows,
      { kind: "addRow", spName: "", source: { kind: "property", value: "email" } },
      false,
    );
  });

  it("User attributes: the editor's switch and property picker, with the editor's choices", async () => {
    const editNewApplicationRows = vi.fn(async (rows: NewApplication["rows"]) => ({
      rows,
      issues: [],
    }));
    show({
      checkNewApplication: checkLikeRust,
      editNewApplicationRows,
      attributeSourceChoices: async () => ({
        properties: [
          { name: "email", label: "Email" },
          { name: "firstname", label: "First name" },
          { name: "lastname", label: "Last name" },
          { name: "department", label: "Department" },
          { name: "costCenter", label: "Cost center" },
        ],
        customAttributes: ["badge"],
      }),
    });
    await toStep("User attributes");
    const source = await screen.findByRole("combobox", { name: "Source of department" });
    expect(
      [...(source as HTMLSelectElement).options].map((o) => o.textContent),
      "the picker offers the org's properties and custom attributes",
    ).toEqual(expect.arrayContaining(["Cost center", "badge", "Constant value…"]));
    await userEvent.selectOptions(source, "property:costCenter");
    expect(editNewApplicationRows).toHaveBeenLastCalledWith(
      zoomDetails.rows,
      { kind: "setSource", row: 1, source: { kind: "property", value: "costCenter" } },
      false,
    );
    await userEvent.click(screen.getByRole("switch", { name: "Send department" }));
    expect(editNewApplicationRows).toHaveBeenLastCalledWith(
      zoomDetails.rows,
      { kind: "setOn", row: 1, on: false },
      false,
    );
  });

  it("says what JumpCloud stored differently after a create, before opening the application", async () => {
    show({
      checkNewApplication: checkLikeRust,
      createApplication: async () => ({
        application: created,
        differences: [
          { path: ["config", "acsUrl", "value"], label: "ACS URL", before: "A", after: "a" },
        ],
      }),
    });
    await toStep("Review");
    const create = screen.getByRole("button", { name: "Create" });
    await waitFor(() => expect(create).toBeEnabled());
    await userEvent.click(create);
    expect(await screen.findByRole("status")).toHaveTextContent(
      "JumpCloud stored 1 field(s) differently from what was sent: ACS URL: sent A, stored a",
    );
    expect(router.page).not.toEqual({ name: "application", id: "app-1" });
    await userEvent.click(screen.getByRole("button", { name: "Open application" }));
    expect(router.page).toEqual({ name: "application", id: "app-1" });
  });

  it("Review shows the body; Create is sent once, and a failure keeps everything and says why", async () => {
    let fail = true;
    const createApplication = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 20));
      if (fail) {
        throw new BackendError({
          code: "Unreachable",
          detail: { message: "the sandbox did not answer" },
        });
      }
      return { application: created, differences: [] };
    });
    show({ checkNewApplication: checkLikeRust, createApplication });
    await toStep("Review");
    expect(await screen.findByText(/"displayLabel": "Zoom \(Sales\)"/)).toBeInTheDocument();
    const review = screen.getByRole("table", { name: "Fields that change" });
    expect(within(review).getByRole("rowheader", { name: "Display label" })).toBeInTheDocument();
    expect(review).toHaveTextContent("(absent)");
    expect(review).toHaveTextContent("Zoom (Sales)");
    const create = screen.getByRole("button", { name: "Create" });
    await waitFor(() => expect(create).toBeEnabled());
    await userEvent.dblClick(create);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The application was not created: the sandbox did not answer",
    );
    expect(createApplication).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole("button", { name: "1. General" }));
    expect(screen.getByLabelText("Display label (required)")).toHaveValue("Zoom (Sales)");
    await userEvent.click(screen.getByRole("button", { name: "4. Review" }));
    fail = false;
    await waitFor(() => expect(screen.getByRole("button", { name: "Create" })).toBeEnabled());
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(router.page).toEqual({ name: "application", id: "app-1" }));
    const ids = createApplication.mock.calls.map((c) => (c as unknown[])[0]);
    expect(new Set(ids).size).toBe(1);
  });

  it("User attributes: the Send user groups switch edits through the Rust rules", async () => {
    const editNewApplicationRows = vi.fn(
      async (
        rows: NewApplication["rows"],
        edit: Parameters<Backend["editNewApplicationRows"]>[1],
      ) => ({
        rows: {
          ...rows,
          groups:
            edit.kind === "setGroupAttribute" ? { on: edit.on, name: edit.name } : rows.groups,
        },
        issues: [],
      }),
    );
    show({ checkNewApplication: checkLikeRust, editNewApplicationRows });
    await toStep("User attributes");
    const toggle = await screen.findByRole("switch", { name: "Send user groups" });
    expect(toggle).toHaveAttribute("aria-checked", "false");
    await userEvent.type(
      screen.getByRole("textbox", { name: "Groups attribute name" }),
      "memberOf",
    );
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    expect(editNewApplicationRows).toHaveBeenLastCalledWith(
      expect.anything(),
      { kind: "setGroupAttribute", on: true, name: "memberOf" },
      false,
    );
  });
});
