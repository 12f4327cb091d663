// The applications area's calls to the Rust side: the list, an application's Overview, and its
// lifecycle (activate, deactivate, delete).
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type ActiveState,
  type ApplicationOverview,
  type ApplicationRows,
  type ApplicationsLoadProgress,
} from "../bindings";
import { unwrap } from "./result";

export interface ApplicationsBackend {
  /** The last list read for the active connection, instantly; null before the first refresh. */
  cachedApplications(): Promise<ApplicationRows | null>;
  /** Reads every application (all pages), reporting progress, and keeps it as the last list. */
  refreshApplications(
    onProgress: (progress: ApplicationsLoadProgress) => void,
  ): Promise<ApplicationRows>;
  /** One application at a glance, with its bound user groups. */
  applicationOverview(id: string): Promise<ApplicationOverview>;
  /** Turns the application on or off; `unchanged` says so when JumpCloud kept the other state. */
  setApplicationActive(applicationId: string, active: boolean): Promise<ActiveState>;
  /** Refused (`Invalid`, field `confirmLabel`) unless `confirmLabel` is the label (the id when it
   *  has none), and (field `force`) when a draft with changes is open and `force` is false. */
  deleteApplication(applicationId: string, confirmLabel: string, force: boolean): Promise<null>;
}

export const applicationsBackend: ApplicationsBackend = {
  cachedApplications: () => unwrap(commands.cachedApplications()),
  refreshApplications: (onProgress) => {
    const channel = new Channel<ApplicationsLoadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.refreshApplications(channel));
  },
  applicationOverview: (id) => unwrap(commands.applicationOverview(id)),
  setApplicationActive: (id, active) => unwrap(commands.setApplicationActive(id, active)),
  deleteApplication: (id, label, force) => unwrap(commands.deleteApplication(id, label, force)),
};
