// The applications area's calls to the Rust side.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
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
}

export const applicationsBackend: ApplicationsBackend = {
  cachedApplications: () => unwrap(commands.cachedApplications()),
  refreshApplications: (onProgress) => {
    const channel = new Channel<ApplicationsLoadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.refreshApplications(channel));
  },
  applicationOverview: (id) => unwrap(commands.applicationOverview(id)),
};
