// The Snapshots page's calls to the Rust side: pick a folder (the native dialog, or `--save-dir`),
// then export the organisation to it, compare it with the organisation, or apply it.
import {
  commands,
  type ApplyOutcome,
  type ExportSummary,
  type SnapshotComparison,
} from "../bindings";
import { unwrap } from "./result";

export interface SnapshotsBackend {
  /** A folder the admin picks; null when they cancel. */
  pickSnapshotFolder(): Promise<string | null>;
  exportSnapshot(folder: string): Promise<ExportSummary>;
  /** The drift (also the apply's plan) and its report. */
  compareSnapshot(folder: string): Promise<SnapshotComparison>;
  /** Applies the plan: changes, creates, bindings; never deletes. */
  applySnapshot(folder: string): Promise<ApplyOutcome>;
}

export const snapshotsBackend: SnapshotsBackend = {
  pickSnapshotFolder: () => unwrap(commands.pickSnapshotFolder()),
  exportSnapshot: (folder) => unwrap(commands.exportSnapshot(folder)),
  compareSnapshot: (folder) => unwrap(commands.compareSnapshot(folder)),
  applySnapshot: (folder) => unwrap(commands.applySnapshot(folder)),
};
