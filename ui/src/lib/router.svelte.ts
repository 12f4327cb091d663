// Where the admin is in the app. Plain state, no URL: the app has one window and no deep links.

export type Page =
  | { name: "overview" }
  /** `functionality`: show only the applications with it (the Overview's counts open these). */
  | { name: "applications"; functionality?: "jit" | "scim" }
  | { name: "application"; id: string }
  | { name: "add" }
  /** `id`: the group to select on arrival. */
  | { name: "groups"; id?: string }
  /** `run`: read the organisation again on arrival. */
  | { name: "readiness"; run?: boolean }
  | { name: "certificates" }
  | { name: "settings" };

export type PageName = Page["name"];

class Router {
  page = $state<Page>({ name: "overview" });

  go(page: Page): void {
    this.page = page;
  }
}

export const router = new Router();
