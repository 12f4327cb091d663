// The SSO area's calls to the Rust side: an application's "Single sign-on" tab (settings, SP
// metadata import, review, safe save, conflicts decided per field, IdP metadata export). Every
// edit is on disk before the call answers; the IdP private key never reaches this side.
import {
  commands,
  type FieldChoice,
  type Review,
  type SavedExport,
  type SsoEdit,
  type SsoImport,
  type SsoSaveOutcome,
  type SsoSettings,
} from "../bindings";
import { unwrap } from "./result";

export interface SsoBackend {
  /** The draft of an earlier visit if there is one, else the settings as JumpCloud holds them. */
  openSsoSettings(applicationId: string): Promise<SsoSettings>;
  /** A value failing its check is kept and comes back with `issue` set on its field. */
  editSsoSetting(applicationId: string, edit: SsoEdit): Promise<SsoSettings>;
  /** `xml` is the text of the SP metadata file; a file that cannot be used changes nothing. */
  importSpMetadata(applicationId: string, xml: string): Promise<SsoImport>;
  /** Each change with its field's label and both values, and what blocks the save. */
  reviewSsoChanges(applicationId: string): Promise<Review>;
  saveSsoSettings(applicationId: string): Promise<SsoSaveOutcome>;
  /** Rebases the draft onto the copy a conflicting save met, per field; then review again. */
  resolveSsoConflicts(applicationId: string, choices: FieldChoice[]): Promise<SsoSettings>;
  discardSsoDraft(applicationId: string): Promise<SsoSettings>;
  /** Keeps a damaged SSO draft file aside (a dated copy) and opens the settings afresh. */
  setAsideDamagedSsoDraft(applicationId: string): Promise<SsoSettings>;
  /** The IdP metadata URL, to copy. */
  idpMetadataUrl(applicationId: string): Promise<string>;
  /** Saves the IdP metadata to a file the admin picks: where, and `note` when it was built
   * locally because JumpCloud refused it; null if cancelled. */
  saveIdpMetadata(applicationId: string): Promise<SavedExport | null>;
}

export const ssoBackend: SsoBackend = {
  openSsoSettings: (id) => unwrap(commands.openSsoSettings(id)),
  editSsoSetting: (id, edit) => unwrap(commands.editSsoSetting(id, edit)),
  importSpMetadata: (id, xml) => unwrap(commands.importSpMetadata(id, xml)),
  reviewSsoChanges: (id) => unwrap(commands.reviewSsoChanges(id)),
  saveSsoSettings: (id) => unwrap(commands.saveSsoSettings(id)),
  resolveSsoConflicts: (id, choices) => unwrap(commands.resolveSsoConflicts(id, choices)),
  discardSsoDraft: (id) => unwrap(commands.discardSsoDraft(id)),
  setAsideDamagedSsoDraft: (id) => unwrap(commands.setAsideDamagedSsoDraft(id)),
  idpMetadataUrl: (id) => unwrap(commands.idpMetadataUrl(id)),
  saveIdpMetadata: (id) => unwrap(commands.saveExport({ kind: "idpMetadata", application: id })),
};
