// A provider connection's organisations: the switcher beside the connection, the Organisations
// page (kept rows at once, then every organisation read with per-organisation progress, CSV
// export) and the certificates of every organisation.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type OrgApplicationRow,
  type OrgCertificateRow,
  type OrgChoices,
  type OrgLoadProgress,
  type OrgRow,
} from "../bindings";
import { unwrap } from "./result";

export interface OrganisationsBackend {
  /** The active connection's organisations; `provider` is false for a one-organisation one. */
  organisations(): Promise<OrgChoices>;
  /** Every page works on organisation `id` from now on. */
  switchOrganisation(id: string): Promise<OrgChoices>;
  /** Works with these organisations only (kept for the next start). */
  pickOrganisations(ids: string[]): Promise<OrgChoices>;
  /** The Organisations page's rows as last read, at once. */
  organisationRows(): Promise<OrgRow[]>;
  /** Reads every organisation, reporting each one's progress. */
  refreshOrganisations(onProgress: (progress: OrgLoadProgress) => void): Promise<OrgRow[]>;
  /** Saves the rows as CSV to a file the admin picks; the path, or null if cancelled. */
  saveOrganisationsCsv(): Promise<string | null>;
  /** Every SAML application's certificate in every organisation, each naming it. */
  certificatesAcrossOrganisations(): Promise<OrgCertificateRow[]>;
  /** Applications of every organisation matching `query` (JIT only on request), read afresh. */
  searchOrganisations(query: string, jitOnly: boolean): Promise<OrgApplicationRow[]>;
}

export const organisationsBackend: OrganisationsBackend = {
  organisations: () => unwrap(commands.organisations()),
  switchOrganisation: (id) => unwrap(commands.switchOrganisation(id)),
  pickOrganisations: (ids) => unwrap(commands.pickOrganisations(ids)),
  organisationRows: () => unwrap(commands.organisationRows()),
  refreshOrganisations: (onProgress) => {
    const channel = new Channel<OrgLoadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.refreshOrganisations(channel));
  },
  saveOrganisationsCsv: async () =>
    (await unwrap(commands.saveExport({ kind: "organisationsCsv" })))?.path ?? null,
  certificatesAcrossOrganisations: () => unwrap(commands.certificatesAcrossOrganisations()),
  searchOrganisations: (query, jitOnly) => unwrap(commands.searchOrganisations(query, jitOnly)),
};
