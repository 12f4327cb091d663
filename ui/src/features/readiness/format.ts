// Words for what readiness reports: the time of a run, where a value comes from, how a user is
// bound, load progress.
import type { BoundBy, ReadinessLoadProgress, ValueSource } from "../../lib/backend";

/** The time of a run as the admin's locale writes it (`null` is how JSON carries a broken time). */
export function formatRunTime(ms: number | null): string {
  return ms == null ? "an unknown time" : new Date(ms).toLocaleString();
}

export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case "property":
      return `User property ${source.property}`;
    case "custom":
      return `Custom attribute ${source.attribute}`;
    case "constant":
      return `Constant "${source.value}"`;
  }
}

const STAGES: Record<ReadinessLoadProgress["stage"], string> = {
  templates: "Reading the catalogue",
  users: "Reading users",
  applications: "Reading applications and their groups",
  memberships: "Reading group members",
  directUsers: "Reading users bound directly",
};

/** How a not-ready user comes to be able to sign in, in the admin's words. */
export function describeBoundBy(boundBy: BoundBy): string {
  switch (boundBy) {
    case "groups":
      return "Through a group";
    case "directly":
      return "Directly";
    case "directlyAndGroups":
      return "Directly and through a group";
  }
}

export interface ProgressParts {
  label: string;
  done: number | null;
  total: number | null;
}

/** A progress report as LoadState shows it: the stage, then its counts. */
export function progressParts(progress: ReadinessLoadProgress): ProgressParts {
  const { itemsDone, itemsTotal } = progress.progress;
  return { label: `${STAGES[progress.stage]}:`, done: itemsDone, total: itemsTotal ?? null };
}
