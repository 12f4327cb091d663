// The readiness area's calls to the Rust side: readiness per application and across the
// organisation, the CSV export, and the assertion preview with its user search.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type ApplicationReadinessRun,
  type AssertionPreview,
  type ReadinessLoadProgress,
  type OrgReadiness,
  type UserSummary,
} from "../bindings";
import { unwrap } from "./result";

export interface ReadinessBackend {
  /** Reads the organisation again, reporting progress, and answers its readiness worst first. */
  refreshReadiness(onProgress: (progress: ReadinessLoadProgress) => void): Promise<OrgReadiness>;
  /** The last run's results without loading anything; null before the first run. */
  lastOrgReadiness(): Promise<OrgReadiness | null>;
  applicationReadiness(applicationId: string): Promise<ApplicationReadinessRun>;
  /** The application's not-ready users as CSV text. */
  exportReadinessCsv(applicationId: string): Promise<string>;
  previewAssertion(applicationId: string, userId: string): Promise<AssertionPreview>;
  searchUsers(query: string): Promise<UserSummary[]>;
}

export const readinessBackend: ReadinessBackend = {
  refreshReadiness: (onProgress) => {
    const channel = new Channel<ReadinessLoadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.refreshReadiness(channel));
  },
  lastOrgReadiness: () => unwrap(commands.lastOrgReadiness()),
  applicationReadiness: (applicationId) => unwrap(commands.applicationReadiness(applicationId)),
  exportReadinessCsv: (applicationId) => unwrap(commands.exportReadinessCsv(applicationId)),
  previewAssertion: (applicationId, userId) =>
    unwrap(commands.previewAssertion(applicationId, userId)),
  searchUsers: (query) => unwrap(commands.searchUsers(query)),
};
