// The connections area's calls to the Rust side. The secret typed in a form goes out once, inside
// a ConnectionDraft; no call ever returns it.
import {
  commands,
  type ConnectionCheck,
  type ConnectionDraft,
  type ConnectionList,
  type FidelityReport,
  type OrganizationChoice,
} from "../bindings";
import { unwrap } from "./result";

export interface ConnectionsBackend {
  listConnections(): Promise<ConnectionList>;
  testConnection(draft: ConnectionDraft): Promise<ConnectionCheck>;
  listOrganizations(draft: ConnectionDraft): Promise<OrganizationChoice[]>;
  saveConnection(draft: ConnectionDraft, activate: boolean): Promise<ConnectionList>;
  switchConnection(id: string): Promise<ConnectionList>;
  removeConnection(id: string): Promise<ConnectionList>;
  resetSampleData(): Promise<void>;
  /** What SSO Desk does not understand, or would change on an untouched save (read-only). */
  fidelityReport(): Promise<FidelityReport>;
}

export const connectionsBackend: ConnectionsBackend = {
  listConnections: () => unwrap(commands.listConnections()),
  testConnection: (draft) => unwrap(commands.testConnection(draft)),
  listOrganizations: (draft) => unwrap(commands.listOrganizations(draft)),
  saveConnection: (draft, activate) => unwrap(commands.saveConnection(draft, activate)),
  switchConnection: (id) => unwrap(commands.switchConnection(id)),
  removeConnection: (id) => unwrap(commands.removeConnection(id)),
  resetSampleData: async () => {
    await unwrap(commands.resetSampleData());
  },
  fidelityReport: () => unwrap(commands.fidelityReport()),
};
