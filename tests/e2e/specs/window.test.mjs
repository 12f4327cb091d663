// The window is remembered: resized and moved to a page, then restarted on the same profile, the
// app opens at that size on that page. (A fresh profile opens on the Overview at the configured
// size, which every other spec relies on.)
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, screenshot } from "../lib/app.mjs";

const WIDTH = 1111;
const HEIGHT = 733;

let browser;
after(async () => {
  await browser?.deleteSession();
});

async function current() {
  const nav = await browser.$("nav[aria-label='Main navigation']");
  await nav.waitForExist({ timeout: 20000 });
  return browser.execute(() => ({
    page: document.querySelector("nav [aria-current='page']")?.textContent.trim() ?? null,
    heading: document.querySelector("main h1")?.textContent.trim() ?? null,
    size: [window.outerWidth, window.outerHeight],
  }));
}

test("a restart on the same profile brings back the window's size and the last page", async () => {
  let home;
  ({ browser, home } = await launch());
  await (await browser.$("h1=Overview")).waitForExist({ timeout: 20000 });
  const first = await current();
  assert.equal(first.page, "Overview", "a fresh profile opens on the Overview");
  assert.notDeepEqual(first.size, [WIDTH, HEIGHT], "the size is not the one this test sets");

  await browser.setWindowSize(WIDTH, HEIGHT);
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Certificates")).click();
  await (await browser.$("h1=Certificates")).waitForExist({ timeout: 20000 });
  // The window's state is written once it settles; wait for the file rather than for a time.
  const stateFile = join(home.root, "config", "dev.ssodesk.desktop", ".window-state.json");
  await browser.waitUntil(
    () =>
      existsSync(stateFile) &&
      JSON.parse(readFileSync(stateFile, "utf8")).main?.width === WIDTH,
    { timeout: 10000, timeoutMsg: `the window's size never reached ${stateFile}` },
  );
  await browser.deleteSession();

  ({ browser } = await launch({ home }));
  await (await browser.$("h1=Certificates")).waitForExist({
    timeout: 20000,
    timeoutMsg: "the restart did not open on the last page",
  });
  const again = await current();
  assert.equal(again.page, "Certificates");
  assert.deepEqual(again.size, [WIDTH, HEIGHT], "the window has the size it was left at");
  await screenshot(browser, "window-restored");
});
