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

test("the window is SSO Desk", async () => {
  assert.equal(await browser.getTitle(), "SSO Desk", "the window title names the app");
});

test("the navigation holds its entries, by accessible name, and opens on the Overview", async () => {
  const nav = await browser.$("nav[aria-label='Main navigation']");
  await nav.waitForExist({ timeout: 10000 });
  const names = ["Overview", "Applications", "Add application", "User groups", "Readiness", "Settings", "Certificates", "Snapshots"];
  for (const name of names) {
    const entry = await nav.$(`aria/${name}`);
    assert.ok(await entry.isExisting(), `navigation entry "${name}" is missing`);
    assert.equal(await entry.getTagName(), "button", `"${name}" is a real button`);
  }
  const first = await nav.$("aria/Overview");
  assert.equal(await first.getAttribute("aria-current"), "page", "the app opens on the Overview");
  await (await browser.$("h1=Overview")).waitForExist({ timeout: 10000 });
});

test("with no connection configured, the status bar shows the sandbox", async () => {
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({ timeout: 20000, timeoutMsg: "the status bar never named a connection" });
  assert.equal(await active.getText(), "Sandbox — sample data");
  await screenshot(browser, "smoke-shell");
});
