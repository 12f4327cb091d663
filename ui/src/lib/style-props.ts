// Dynamic inline styles, set through the CSSOM (`element.style.setProperty`). A Content Security
// Policy without 'unsafe-inline' in style-src blocks style attributes written in markup or with
// setAttribute, but not CSSOM changes, so every dynamic style goes through this action:
// `<div use:styleProps={{ transform: `translateY(${y}px)` }}>`. Static styles belong in classes.
import type { Action } from "svelte/action";

/** CSS property names (as in a stylesheet, e.g. `background-color`) to values; null removes. */
export type StyleProps = Record<string, string | null | undefined>;

export const styleProps: Action<HTMLElement, StyleProps> = (node, initial) => {
  let current: StyleProps = {};
  function apply(next: StyleProps) {
    for (const key of Object.keys(current)) {
      if (next[key] == null) node.style.removeProperty(key);
    }
    for (const [key, value] of Object.entries(next)) {
      if (value != null && current[key] !== value) node.style.setProperty(key, value);
    }
    current = { ...next };
  }
  apply(initial);
  return { update: apply };
};
