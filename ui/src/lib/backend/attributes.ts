// The attributes area's calls to the Rust side: the "User attributes" tab of an application.
// Every edit goes through core's rules and is on disk before the call answers.
import {
  commands,
  type AttributeEdit,
  type AttributeEditorState,
  type AttributeReview,
  type DraftView,
  type RowChoice,
  type SaveOutcome,
  type SourceChoices,
} from "../bindings";
import { unwrap } from "./result";

export interface AttributesBackend {
  /** The draft of an earlier visit if there is one, else a fresh one from JumpCloud. */
  openAttributeEditor(applicationId: string): Promise<AttributeEditorState>;
  /** JumpCloud's user properties and the org's custom attribute names. */
  attributeSourceChoices(): Promise<SourceChoices>;
  applyAttributeEdit(applicationId: string, edit: AttributeEdit): Promise<DraftView>;
  undoAttributeEdit(applicationId: string): Promise<DraftView>;
  redoAttributeEdit(applicationId: string): Promise<DraftView>;
  reviewAttributeChanges(applicationId: string): Promise<AttributeReview>;
  saveAttributes(applicationId: string): Promise<SaveOutcome>;
  resolveAttributeConflicts(applicationId: string, choices: RowChoice[]): Promise<DraftView>;
  discardAttributeDraft(applicationId: string): Promise<AttributeEditorState>;
  /** Keeps a damaged draft file aside (a dated copy) and opens the application afresh. */
  setAsideDamagedDraft(applicationId: string): Promise<AttributeEditorState>;
}

export const attributesBackend: AttributesBackend = {
  openAttributeEditor: (id) => unwrap(commands.openAttributeEditor(id)),
  attributeSourceChoices: () => unwrap(commands.attributeSourceChoices()),
  applyAttributeEdit: (id, edit) => unwrap(commands.applyAttributeEdit(id, edit)),
  undoAttributeEdit: (id) => unwrap(commands.undoAttributeEdit(id)),
  redoAttributeEdit: (id) => unwrap(commands.redoAttributeEdit(id)),
  reviewAttributeChanges: (id) => unwrap(commands.reviewAttributeChanges(id)),
  saveAttributes: (id) => unwrap(commands.saveAttributes(id)),
  resolveAttributeConflicts: (id, choices) =>
    unwrap(commands.resolveAttributeConflicts(id, choices)),
  discardAttributeDraft: (id) => unwrap(commands.discardAttributeDraft(id)),
  setAsideDamagedDraft: (id) => unwrap(commands.setAsideDamagedDraft(id)),
};
