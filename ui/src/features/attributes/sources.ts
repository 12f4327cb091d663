// How a row's source reads in the picker and in summaries. The rules themselves live in Rust.
import type { RowSide, Source, SourceChoices } from "../../lib/backend";

/** The picker's value for a source: `property:<name>`, `custom:<name>`, `custom-new`, `constant`. */
export function pickerValue(source: Source, choices: SourceChoices, typingNew: boolean): string {
  switch (source.kind) {
    case "property":
      return `property:${source.value}`;
    case "custom":
      return !typingNew && choices.customAttributes.includes(source.value)
        ? `custom:${source.value}`
        : "custom-new";
    case "constant":
      return "constant";
  }
}

/** The source a picker value stands for; `current` keeps a constant or new name being typed. */
export function sourceOf(value: string, current: Source): Source {
  if (value.startsWith("property:")) return { kind: "property", value: value.slice(9) };
  if (value.startsWith("custom:")) return { kind: "custom", value: value.slice(7) };
  if (value === "custom-new") {
    return { kind: "custom", value: current.kind === "custom" ? current.value : "" };
  }
  return { kind: "constant", value: current.kind === "constant" ? current.value : "" };
}

/** A source as an admin reads it: "Property lastname", "Custom attribute badge", "Constant "x"". */
export function describeSource(source: Source): string {
  switch (source.kind) {
    case "property":
      return `Property ${source.value || "(none)"}`;
    case "custom":
      return `Custom attribute ${source.value || "(none)"}`;
    case "constant":
      return `Constant "${source.value}"`;
  }
}

export function describeSide(side: RowSide | null | undefined): string {
  if (!side) return "No such row";
  return `${describeSource(side.source)}${side.on ? "" : ", not sent"}`;
}
