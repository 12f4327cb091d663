// The shell: what the status bar shows.
import { commands, type AppStatus } from "../bindings";
import { unwrap } from "./result";

export interface AppBackend {
  appStatus(): Promise<AppStatus>;
  /** A page has painted its data (the finish line of launch benchmarks). */
  reportPaint(what: string, rows: number): Promise<void>;
}

export const appBackend: AppBackend = {
  appStatus: () => unwrap(commands.appStatus()),
  reportPaint: (what, rows) => commands.reportPaint(what, rows),
};
