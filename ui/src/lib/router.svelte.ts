// Where the admin is in the app. Plain state, no URL: the app has one window and no deep links.

export type Page =
  | { name: "overview" }
  /** `functionality`: show only the applications with it (the Overview's counts open these). */
  | { name: "applications"; functionality?: "jit" | "scim" }
  /** `tab`: the application page's tab to open (a link from the assertion debugger). */
  | { name: "application"; id: string; tab?: ApplicationTabKey }
  | { name: "add" }
  /** `id`: the group to select on arrival. */
  | { name: "groups"; id?: string }
  /** `run`: read the organisation again on arrival. */
  | { name: "readiness"; run?: boolean }
  /** `across`: every organisation of a provider connection, each row naming its own. */
  | { name: "certificates"; across?: boolean }
  | { name: "organisations" }
  | { name: "snapshots" }
  | { name: "settings" }
  | { name: "debugger" };

/** The application page's tabs, by key. */
export type ApplicationTabKey =
  "overview" | "attributes" | "sso" | "readiness" | "preview" | "history";

export type PageName = Page["name"];

class Router {
  page = $state<Page>({ name: "overview" });

  go(page: Page): void {
    this.page = page;
  }
}

export const router = new Router();

const NAMES: readonly PageName[] = [
  "overview",
  "applications",
  "application",
  "add",
  "groups",
  "readiness",
  "certificates",
  "snapshots",
  "organisations",
  "settings",
  "debugger",
];

/** `page` as kept for the next start: its route, without a one-off request such as `run`. */
export function describePage(page: Page): string {
  if (page.name === "readiness") return JSON.stringify({ name: "readiness" });
  return JSON.stringify(page);
}

/** The page `text` (from `describePage`) describes, or null when it is not one this app has. */
export function restorePage(text: string | null | undefined): Page | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { name, id, functionality } = value as Record<string, unknown>;
  if (typeof name !== "string" || !NAMES.includes(name as PageName)) return null;
  if (name === "application") return typeof id === "string" && id ? { name, id } : null;
  if (name === "groups") return typeof id === "string" ? { name, id } : { name };
  if (name === "applications" && (functionality === "jit" || functionality === "scim")) {
    return { name, functionality };
  }
  return { name } as Page;
}
