import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { styleProps } from "./style-props";

describe("styleProps", () => {
  it("sets, changes and removes properties through the CSSOM", () => {
    const node = document.createElement("div");
    const setAttribute = vi.spyOn(node, "setAttribute");
    const action = styleProps(node, { transform: "translateY(44px)", background: "red" });
    expect(node.style.getPropertyValue("transform")).toBe("translateY(44px)");
    expect(node.style.getPropertyValue("background")).toBe("red");
    action?.update?.({ transform: "translateY(88px)", background: null });
    expect(node.style.getPropertyValue("transform")).toBe("translateY(88px)");
    expect(node.style.getPropertyValue("background")).toBe("");
    expect(setAttribute).not.toHaveBeenCalled();
  });
});

/** Every .svelte file under `dir`. */
function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return svelteFiles(path);
    return path.endsWith(".svelte") ? [path] : [];
  });
}

describe("the UI under a CSP without 'unsafe-inline' styles", () => {
  it("writes no style attribute or style: directive in markup", () => {
    const root = join(__dirname, "..");
    const offenders = svelteFiles(root).filter((file) => {
      const markup = readFileSync(file, "utf8")
        .replace(/<style[\s\S]*?<\/style>/g, "")
        .replace(/<script[\s\S]*?<\/script>/g, "");
      return /\sstyle(=|:[a-z-]+=)/.test(markup);
    });
    expect(offenders, "use the styleProps action or a class instead").toEqual([]);
  });
});
