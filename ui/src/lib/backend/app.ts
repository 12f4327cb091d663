// The shell: what the status bar shows, and the app's own log folder.
import { commands, type AppStatus } from "../bindings";
import { unwrap } from "./result";

export interface AppBackend {
  appStatus(): Promise<AppStatus>;
  /** A page has painted its data (the finish line of launch benchmarks). */
  reportPaint(what: string, rows: number): Promise<void>;
  /** Opens the folder of the app's log files in the desktop's file manager. */
  openLogFolder(): Promise<void>;
}

export const appBackend: AppBackend = {
  appStatus: () => unwrap(commands.appStatus()),
  reportPaint: (what, rows) => commands.reportPaint(what, rows),
  openLogFolder: async () => {
    await unwrap(commands.openLogFolder());
  },
};
