// Where the admin is in the app. Plain state, no URL: the app has one window and no deep links.

export type Page =
  | { name: "applications" }
  /** `tab`: the application page's tab to open (a link from the assertion debugger). */
  | { name: "application"; id: string; tab?: ApplicationTabKey }
  | { name: "add" }
  /** `id`: the group to select on arrival. */
  | { name: "groups"; id?: string }
  /** `run`: read the organisation again on arrival. */
  | { name: "readiness"; run?: boolean }
  | { name: "certificates" }
  | { name: "settings" }
  | { name: "debugger" };

/** The application page's tabs, by key. */
export type ApplicationTabKey = "overview" | "attributes" | "sso" | "readiness" | "preview";

export type PageName = Page["name"];

class Router {
  page = $state<Page>({ name: "applications" });

  go(page: Page): void {
    this.page = page;
  }
}

export const router = new Router();
