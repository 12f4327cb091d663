// Words for what readiness reports: the time of a run, where a value comes from, load progress.
import type { ReadinessLoadProgress, ValueSource } from "../../lib/backend";

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
};

export function describeProgress(progress: ReadinessLoadProgress): string {
  const { itemsDone, itemsTotal } = progress.progress;
  const count = itemsTotal != null ? `${itemsDone} of ${itemsTotal}` : `${itemsDone}`;
  return `${STAGES[progress.stage]}: ${count}`;
}
