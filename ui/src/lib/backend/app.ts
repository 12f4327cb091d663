// The shell: what the status bar shows.
import { commands, type AppStatus } from "../bindings";
import { unwrap } from "./result";

export interface AppBackend {
  appStatus(): Promise<AppStatus>;
}

export const appBackend: AppBackend = {
  appStatus: () => unwrap(commands.appStatus()),
};
