// Words and proportions for the Overview's pieces, kept apart from the components so they are
// plain functions.
import type { ApplicationReadinessSummary } from "../../lib/backend";

/** The ready and not-ready parts of a bar `width` pixels wide (both 0 for no users). */
export function shares(
  app: Pick<ApplicationReadinessSummary, "users" | "ready" | "notReady">,
  width: number,
): { ready: number; notReady: number } {
  const total = app.ready + app.notReady;
  if (total === 0) return { ready: 0, notReady: 0 };
  const ready = Math.round((app.ready / total) * width);
  return { ready, notReady: width - ready };
}

/** "18 ready, 2 not ready", or "no users" for an application nobody can sign in to. */
export function readinessText(
  app: Pick<ApplicationReadinessSummary, "ready" | "notReady">,
): string {
  if (app.ready + app.notReady === 0) return "no users";
  return `${app.ready} ready, ${app.notReady} not ready`;
}

const ACTIONS: Record<string, string> = {
  save: "Saved",
  create: "Created",
  bind: "Bound a user group to",
  unbind: "Unbound a user group from",
  delete: "Deleted",
  activate: "Activated",
  deactivate: "Deactivated",
};

/** The change log's action as the start of a sentence about an application. */
export function actionText(action: string): string {
  return ACTIONS[action] ?? `${action[0]?.toUpperCase() ?? ""}${action.slice(1)}`;
}

/** "10:42" for a time today, else a short date and time, in the admin's locale. */
export function changeTime(ms: number | null, now = Date.now()): string {
  if (ms == null) return "";
  const at = new Date(ms);
  const today = new Date(now).toDateString() === at.toDateString();
  return today
    ? at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : at.toLocaleString(undefined, {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
      });
}
