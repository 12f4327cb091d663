// Catalog search in the real app against the embedded sandbox: results per keystroke, the JIT
// label and filter, and how long a keystroke takes to reach the screen (logged, not asserted).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";

let browser;
before(async () => {
  ({ browser } = await launch());
  const nav = await browser.$("nav[aria-label='Main navigation']");
  await nav.waitForExist({ timeout: 20000 });
  await (await nav.$("aria/Add application")).click();
});
after(async () => {
  await browser?.deleteSession();
});

async function optionTexts() {
  const options = await browser.$$("[role='listbox'][aria-label='Catalog results'] [role='option']");
  const texts = [];
  // The name, then the labels; the logo's initials are left out.
  for (const option of options) {
    const name = await (await option.$(".name")).getText();
    const chips = await (await option.$("[aria-label='Supported functionality']")).getText();
    texts.push(`${name}\n${chips}`);
  }
  return texts;
}

async function clear(box) {
  await box.click();
  await browser.keys(["Control", "a"]);
  await browser.keys(["Backspace"]);
}

async function waitForTop(predicate, message) {
  await browser.waitUntil(async () => predicate(await optionTexts()), {
    timeout: 30000,
    timeoutMsg: message,
  });
}

test("typing zoo puts Zoom in the top three with its JIT label", async () => {
  const box = await browser.$("aria/Search the catalog");
  await box.waitForDisplayed({ timeout: 20000 });
  // The catalog is downloaded on first use; results appear once it is indexed.
  await waitForTop((t) => t.length > 0, "the catalog never showed results");
  await box.click();
  await browser.keys(["z", "o", "o"]);
  await waitForTop(
    (t) => t.slice(0, 3).some((x) => x.split("\n")[0] === "Zoom"),
    "Zoom is not in the top three for zoo",
  );
  const zoom = (await optionTexts()).find((x) => x.split("\n")[0] === "Zoom");
  assert.ok(zoom.includes("JIT Provisioning"), `Zoom carries the JIT label: ${zoom}`);
  await screenshot(browser, "catalog-zoo");
});

test("the JIT filter leaves only JIT connectors", async () => {
  const box = await browser.$("aria/Search the catalog");
  await clear(box);
  await (await browser.$("aria/JIT only")).click();
  await waitForTop(
    (t) => t.length > 1 && t.every((x) => x.includes("JIT Provisioning")),
    "with JIT only, some result lacks the JIT label",
  );
  await screenshot(browser, "catalog-jit-only");
  await (await browser.$("aria/JIT only")).click();
});

test("keystroke to painted results (logged)", async () => {
  const box = await browser.$("aria/Search the catalog");
  await clear(box);
  await browser.execute(() => performance.clearMeasures("catalog-keystroke-to-paint"));
  for (const key of ["s", "a", "l", "e", "s", "f"]) {
    await browser.keys([key]);
    await browser.pause(150);
  }
  await waitForTop((t) => t.length > 0, "no results for salesf");
  const durations = await browser.execute(() =>
    performance.getEntriesByName("catalog-keystroke-to-paint").map((e) => e.duration),
  );
  const sorted = [...durations].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `keystroke to painted results (ms, incl. 2 rAF): ${durations.map((d) => d.toFixed(1)).join(", ")}; median ${median?.toFixed(1)}`,
  );
  assert.ok(durations.length > 0, "the page records its keystroke timings");
});
