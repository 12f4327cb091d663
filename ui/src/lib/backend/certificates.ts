// The Certificates page's calls to the Rust side: every SAML application's IdP certificate,
// soonest expiry first, and the list as CSV.
import { commands, type CertificateRow } from "../bindings";
import { unwrap } from "./result";

export interface CertificatesBackend {
  listCertificates(): Promise<CertificateRow[]>;
  /** Saves the certificates list as CSV to a file the admin picks; the path, or null if cancelled. */
  saveCertificatesCsv(): Promise<string | null>;
}

export const certificatesBackend: CertificatesBackend = {
  listCertificates: () => unwrap(commands.listCertificates()),
  saveCertificatesCsv: async () =>
    (await unwrap(commands.saveExport({ kind: "certificatesCsv" })))?.path ?? null,
};
