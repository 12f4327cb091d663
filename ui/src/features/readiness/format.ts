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

/** What each stage of a load reads, as counted by its items. */
const STAGES: Record<ReadinessLoadProgress["stage"], string> = {
  templates: "connectors",
  users: "users",
  applications: "applications and their groups",
  memberships: "group members",
  directUsers: "users bound directly",
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
  unit?: string;
}

/**
 * Progress of one load as LoadState shows it. The stages of a load run at the same time, so each
 * report updates its stage and the label names every stage seen so far with its counts; the bar
 * counts requests across them (its total once every stage seen knows its own).
 */
export function progressTracker(): (progress: ReadinessLoadProgress) => ProgressParts {
  const stages = new Map<ReadinessLoadProgress["stage"], ReadinessLoadProgress["progress"]>();
  return ({ stage, progress }) => {
    stages.set(stage, progress);
    const seen = [...stages];
    const parts = seen.map(
      ([name, p]) =>
        `${STAGES[name]} ${p.itemsDone}${p.itemsTotal != null ? ` of ${p.itemsTotal}` : ""}`,
    );
    const done = seen.reduce((sum, [, p]) => sum + p.pagesDone, 0);
    const total = seen.every(([, p]) => p.pagesTotal != null)
      ? seen.reduce((sum, [, p]) => sum + (p.pagesTotal ?? 0), 0)
      : null;
    return { label: `Reading ${parts.join(", ")}:`, done, total, unit: "requests" };
  };
}
