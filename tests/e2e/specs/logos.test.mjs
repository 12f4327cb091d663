// Connector logos in the real app: the backend fetches each connector's logo (here from the
// embedded sandbox, which serves a PNG for every connector) and serves it through the app's
// `logo://` protocol; the applications list and the catalog show real images, not initials.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";

let browser;
before(async () => {
  ({ browser } = await launch());
});
after(async () => {
  await browser?.deleteSession();
});

async function nav(label) {
  await (await browser.$("nav[aria-label='Main navigation']").$(`aria/${label}`)).click();
}

/** How many logo images inside `selector` have loaded and been drawn (and their sources). */
function loadedLogos(selector) {
  return browser.execute((s) => {
    const images = [...document.querySelectorAll(`${s} img`)];
    const drawn = images.filter(
      (i) => i.complete && i.naturalWidth > 0 && getComputedStyle(i).visibility === "visible",
    );
    return { drawn: drawn.length, sources: drawn.slice(0, 2).map((i) => i.getAttribute("src")) };
  }, selector);
}

async function waitForLogos(selector, what) {
  let seen = { drawn: 0, sources: [] };
  await browser.waitUntil(
    async () => {
      seen = await loadedLogos(selector);
      return seen.drawn > 0;
    },
    { timeout: 30000, timeoutMsg: `no logo image was drawn in ${what}` },
  );
  return seen;
}

test("the applications list shows the connectors' logos", async () => {
  await nav("Applications");
  const grid = "[role='grid'][aria-label='Configured applications']";
  await (await browser.$(`${grid} [role='row'][data-id]`)).waitForExist({ timeout: 30000 });
  const seen = await waitForLogos(grid, "the applications list");
  assert.ok(
    seen.sources.every((s) => s.startsWith("logo://")),
    `logos come through the app's protocol: ${seen.sources}`,
  );
  await screenshot(browser, "logos-applications");
});

test("the catalog shows the connectors' logos", async () => {
  await nav("Add application");
  await browser.waitUntil(
    async () => (await browser.$$("#catalog-results [role='option']")).length > 0,
    { timeout: 30000, timeoutMsg: "the catalog never showed results" },
  );
  await waitForLogos("#catalog-results", "the catalog");
  await screenshot(browser, "logos-catalog");
});
