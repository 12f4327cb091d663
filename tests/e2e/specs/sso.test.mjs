// The Single sign-on tab and the Certificates page on the real app against its embedded sandbox:
// the controls an admin reaches by name are there, the settings come from the sandbox, and the
// delete dialog asks for the label before anything goes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";

const APP_LABEL = "Slack (sample data)";

let browser;

before(async () => {
  ({ browser } = await launch());
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({ timeout: 30000, timeoutMsg: "the app never connected to its sandbox" });
});

after(async () => {
  await browser?.deleteSession();
});

async function nav(label) {
  await (await browser.$("nav[aria-label='Main navigation']").$(`aria/${label}`)).click();
}

test("the Certificates page lists the IdP certificates in a named table", async () => {
  await nav("Certificates");
  const table = await browser.$("aria/IdP certificates");
  await table.waitForExist({ timeout: 30000, timeoutMsg: "the certificates table never showed" });
  assert.equal(await table.getTagName(), "table");
  assert.ok(await (await browser.$("aria/Export CSV")).isExisting(), "Export CSV is offered");
  await screenshot(browser, "certificates");
});

test("an application's Single sign-on tab offers its settings, metadata and lifecycle", async () => {
  await nav("Applications");
  const search = await browser.$("input[type='search']");
  await search.waitForExist({ timeout: 30000, timeoutMsg: "the applications list never showed" });
  await search.setValue(APP_LABEL);
  await browser.waitUntil(
    () =>
      browser.execute((label) => {
        const cell = [...document.querySelectorAll("[role='row'] *")].find(
          (e) => e.textContent === label,
        );
        cell?.closest("[role='row']")?.click();
        return !!cell;
      }, APP_LABEL),
    { timeout: 30000, timeoutMsg: "the applications list never showed Slack" },
  );
  await (await browser.$(`h1=${APP_LABEL}`)).waitForExist({ timeout: 15000 });
  await (await browser.$("aria/Single sign-on")).click();
  const form = await browser.$("form[aria-label='SSO settings']");
  await form.waitForExist({ timeout: 30000, timeoutMsg: "the SSO settings never showed" });
  for (const name of [
    "Copy metadata URL",
    "Save metadata…",
    "Import SP metadata",
    "Paste XML",
    "Review changes",
    "Delete application",
  ]) {
    assert.ok(await (await browser.$(`aria/${name}`)).isExisting(), `"${name}" is on the tab`);
  }
  await screenshot(browser, "sso-tab");

  await (await browser.$("button=Delete application")).click();
  const dialog = await browser.$("[role='alertdialog']");
  await dialog.waitForExist({ timeout: 10000 });
  const confirm = await dialog.$("button=Delete application");
  assert.equal(await confirm.isEnabled(), false, "nothing can be deleted before the label is typed");
  await (await dialog.$("button=Cancel")).click();
  await dialog.waitForExist({ reverse: true, timeout: 10000 });
});
