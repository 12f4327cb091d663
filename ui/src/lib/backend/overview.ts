// The Overview page's calls to the Rust side: the organisation at a glance from what is kept, and
// after reading the applications list again.
import { Channel } from "@tauri-apps/api/core";
import { commands, type ApplicationsLoadProgress, type OrgOverview } from "../bindings";
import { unwrap } from "./result";

export interface OverviewBackend {
  /** From the kept list and change log, instantly (no request). */
  overview(): Promise<OrgOverview>;
  /** Reads the applications list again, reporting progress, then answers the overview. */
  refreshOverview(onProgress: (progress: ApplicationsLoadProgress) => void): Promise<OrgOverview>;
}

export const overviewBackend: OverviewBackend = {
  overview: () => unwrap(commands.overview()),
  refreshOverview: (onProgress) => {
    const channel = new Channel<ApplicationsLoadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.refreshOverview(channel));
  },
};
