// Accessibility checks run inside the real app: axe-core for WCAG 2.0/2.1 A and AA, and the
// keyboard focus (where it is, and whether it can be seen).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe on the whole document and returns its serious and critical violations, one line per
 * failing element. The CSP refuses injected <script> tags, so axe's source is evaluated as the
 * body of a WebDriver script, which defines `window.axe`.
 */
export async function axeViolations(browser) {
  const loaded = await browser.execute(() => typeof window.axe === "object");
  if (!loaded) await browser.execute(AXE_SOURCE);
  const result = await browser.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then(
        (r) =>
          done(
            r.violations
              .filter((v) => v.impact === "serious" || v.impact === "critical")
              .flatMap((v) =>
                v.nodes.map((n) => ({
                  id: v.id,
                  impact: n.impact ?? v.impact,
                  target: n.target.join(" "),
                  summary: (n.failureSummary ?? v.help).replace(/\s+/g, " ").trim(),
                })),
              ),
          ),
        (err) => done({ error: String(err) }),
      );
  }, WCAG_TAGS);
  if (result && result.error) throw new Error(`axe did not run: ${result.error}`);
  return result;
}

export function formatViolations(violations) {
  return violations.map((v) => `- [${v.impact}] ${v.id} at ${v.target}: ${v.summary}`).join("\n");
}

/**
 * Where the focus is: the element's description, and whether a focus indicator is drawn on it
 * (a non-none outline of some width, or a box-shadow).
 */
export async function focusState(browser) {
  return browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) {
      return { onBody: true, describe: el ? el.tagName.toLowerCase() : "nothing" };
    }
    const style = getComputedStyle(el);
    const outline =
      style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
        ? style.outlineStyle
        : null;
    const shadow = style.boxShadow && style.boxShadow !== "none" ? style.boxShadow : null;
    const name =
      el.getAttribute("aria-label") ??
      (el.labels && el.labels[0] ? el.labels[0].textContent : null) ??
      el.textContent;
    return {
      onBody: false,
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute("role"),
      name: (name ?? "").replace(/\s+/g, " ").trim().slice(0, 80),
      describe: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}[${el.getAttribute("role") ?? ""}] "${(name ?? "").replace(/\s+/g, " ").trim().slice(0, 60)}"`,
      visible: Boolean(outline || shadow),
      programmatic: el.getAttribute("tabindex") === "-1",
    };
  });
}
