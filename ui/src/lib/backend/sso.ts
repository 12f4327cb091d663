// The SSO area's calls to the Rust side: an application's "Single sign-on" tab (settings, SP
// metadata import, review, safe save, IdP metadata export), its lifecycle (activate, deactivate,
// delete) and the Certificates page. Every edit is on disk before the call answers; the IdP
// private key never reaches this side.
import {
  commands,
  type CertificateRow,
  type SsoEdit,
  type SsoImport,
  type SsoReview,
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
  reviewSsoChanges(applicationId: string): Promise<SsoReview>;
  saveSsoSettings(applicationId: string): Promise<SsoSaveOutcome>;
  discardSsoDraft(applicationId: string): Promise<SsoSettings>;
  setApplicationActive(applicationId: string, active: boolean): Promise<SsoSettings>;
  /** The IdP metadata URL, to copy. */
  idpMetadataUrl(applicationId: string): Promise<string>;
  /** The IdP metadata XML, to save where the admin chooses. */
  idpMetadataXml(applicationId: string): Promise<string>;
  /** Saves the IdP metadata to a file the admin picks; the path written, or null if cancelled. */
  saveIdpMetadata(applicationId: string): Promise<string | null>;
  /** Saves the certificates list as CSV to a file the admin picks. */
  saveCertificatesCsv(): Promise<string | null>;
  /** Refused (`Invalid`, field `confirmLabel`) unless `confirmLabel` is the label, and (field
   *  `force`) when a draft with changes is open and `force` is false. */
  deleteApplication(applicationId: string, confirmLabel: string, force: boolean): Promise<null>;
  listCertificates(): Promise<CertificateRow[]>;
  certificatesCsv(): Promise<string>;
}

export const ssoBackend: SsoBackend = {
  openSsoSettings: (id) => unwrap(commands.openSsoSettings(id)),
  editSsoSetting: (id, edit) => unwrap(commands.editSsoSetting(id, edit)),
  importSpMetadata: (id, xml) => unwrap(commands.importSpMetadata(id, xml)),
  reviewSsoChanges: (id) => unwrap(commands.reviewSsoChanges(id)),
  saveSsoSettings: (id) => unwrap(commands.saveSsoSettings(id)),
  discardSsoDraft: (id) => unwrap(commands.discardSsoDraft(id)),
  setApplicationActive: (id, active) => unwrap(commands.setApplicationActive(id, active)),
  idpMetadataUrl: (id) => unwrap(commands.idpMetadataUrl(id)),
  idpMetadataXml: (id) => unwrap(commands.idpMetadataXml(id)),
  saveIdpMetadata: (id) => unwrap(commands.saveIdpMetadata(id)),
  saveCertificatesCsv: () => unwrap(commands.saveCertificatesCsv()),
  deleteApplication: (id, label, force) => unwrap(commands.deleteApplication(id, label, force)),
  listCertificates: () => unwrap(commands.listCertificates()),
  certificatesCsv: () => unwrap(commands.certificatesCsv()),
};
