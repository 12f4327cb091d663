// What the attribute editor's tests share: rows, a draft view, the opened state, the source
// choices, a draft with one change, and the editor mounted over a fake backend.
import { render } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import AttributeEditor from "./AttributeEditor.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  type AttributeEditorState,
  type AttributeRow,
  type Backend,
  type DraftView,
} from "../../lib/backend";

export const APP_ID = "5f0000000002000000000000";

export function row(
  spName: string,
  source: AttributeRow["source"],
  jitRequired = false,
  on = true,
) {
  return { spName, source, jitRequired, on, origin: null } satisfies AttributeRow;
}

export function view(overrides: Partial<DraftView> = {}): DraftView {
  return {
    applicationId: APP_ID,
    rows: {
      rows: [
        row("email", { kind: "property", value: "email" }, true),
        row("firstName", { kind: "property", value: "firstname" }, true),
        row("team", { kind: "property", value: "department" }),
        row("tier", { kind: "constant", value: "gold" }),
      ],
      unread: [],
      missing: [],
    },
    issues: [],
    canSave: false,
    changes: { added: [], removed: [], changed: [] },
    canUndo: false,
    canRedo: false,
    isCustomConnector: false,
    ...overrides,
  };
}

export function opened(v: DraftView = view()): AttributeEditorState {
  return {
    application: {
      id: APP_ID,
      name: "slack",
      displayLabel: "Slack (sample data)",
      description: null,
      ssoType: "saml",
      ssoJit: true,
      logoUrl: null,
    },
    view: v,
    restored: false,
    templateFound: true,
  };
}

export const choices = async () => ({
  properties: [
    { name: "email", label: "Email" },
    { name: "firstname", label: "First name" },
    { name: "lastname", label: "Last name" },
    { name: "department", label: "Department" },
  ],
  customAttributes: ["badgeNumber"],
});

export const dirty: Partial<DraftView> = {
  canUndo: true,
  canSave: true,
  changes: {
    added: [],
    removed: [],
    changed: [
      {
        before: row("firstName", { kind: "property", value: "firstname" }, true),
        after: row("firstName", { kind: "property", value: "firstname" }, true, false),
      },
    ],
  },
};

export function mount(methods: Partial<Backend>) {
  const backend = fakeBackend({
    openAttributeEditor: async () => opened(),
    attributeSourceChoices: choices,
    ...methods,
  });
  render(AttributeEditor, {
    props: { applicationId: APP_ID },
    context: new Map([[BACKEND_CONTEXT_KEY, backend]]),
  });
  return userEvent.setup();
}
