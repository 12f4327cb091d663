// The page the app opens on: the last one the admin was on, kept by the Rust side in the profile.
import { commands } from "../bindings";
import { unwrap } from "./result";

export interface LastPageBackend {
  /** The page kept by `rememberPage`, as it was given; null on the first start. */
  lastPage(): Promise<string | null>;
  rememberPage(page: string): Promise<void>;
}

export const lastPageBackend: LastPageBackend = {
  lastPage: () => unwrap(commands.lastPage()),
  rememberPage: async (page) => {
    await unwrap(commands.rememberPage(page));
  },
};
