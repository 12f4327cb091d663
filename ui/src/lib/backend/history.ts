// An application's History tab: its versions (newest first), a compare of two, a restore of one
// through the edit engine (review, then a verified save), and a deleted application brought back.
import {
  commands,
  type ApplicationHistory,
  type RestoredApplication,
  type RestoreOutcome,
  type RestoreReview,
  type ReviewChange,
} from "../bindings";
import { unwrap } from "./result";

export interface HistoryBackend {
  /** Reads the application first, so a change made outside SSO Desk shows as its own version. */
  applicationHistory(applicationId: string): Promise<ApplicationHistory>;
  /** What changed from version `from` to version `to`, labelled. */
  compareVersions(applicationId: string, from: string, to: string): Promise<ReviewChange[]>;
  /** Prepares a restore of `version` onto the current copy (kept as a draft) and reviews it. */
  reviewRestore(applicationId: string, version: string): Promise<RestoreReview>;
  /** Saves the prepared restore; a conflict writes nothing and prepares it again. */
  saveRestore(applicationId: string): Promise<RestoreOutcome>;
  /** Creates a deleted application anew from its last version, with its user groups. */
  restoreDeletedApplication(applicationId: string): Promise<RestoredApplication>;
}

export const historyBackend: HistoryBackend = {
  applicationHistory: (id) => unwrap(commands.versions(id)),
  compareVersions: (id, from, to) => unwrap(commands.compareVersions(id, from, to)),
  reviewRestore: (id, version) => unwrap(commands.reviewRestore(id, version)),
  saveRestore: (id) => unwrap(commands.saveRestore(id)),
  restoreDeletedApplication: (id) => unwrap(commands.restoreDeleted(id)),
};
