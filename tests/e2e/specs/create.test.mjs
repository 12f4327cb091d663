// The Create New Application Integration workflow in the real app against the embedded sandbox:
// bad input is refused next to the field, a create adds Zoom with its JIT-required attributes,
// and the application's page opens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, screenshot } from "../lib/app.mjs";

let browser;
let home;
before(async () => {
  ({ browser, home } = await launch());
});
after(async () => {
  await browser?.deleteSession();
});

const LABEL = "Zoom (end to end)";

async function openZoom() {
  const nav = await browser.$("nav[aria-label='Main navigation']");
  await nav.waitForExist({ timeout: 20000 });
  await (await nav.$("aria/Add application")).click();
  const box = await browser.$("aria/Search the catalog");
  await box.waitForDisplayed({ timeout: 20000 });
  await browser.waitUntil(
    async () => (await browser.$$("[role='option']")).length > 0,
    { timeout: 30000, timeoutMsg: "the catalog never showed results" },
  );
  // One key per action: WebKitWebDriver merges repeated letters sent in one keys() call.
  await box.click();
  for (const key of "zoom") await browser.keys([key]);
  let zoom;
  await browser.waitUntil(
    async () => {
      for (const option of await browser.$$("[role='option']")) {
        if ((await (await option.$(".name")).getText()) === "Zoom") {
          zoom = option;
          return true;
        }
      }
      return false;
    },
    { timeout: 20000, timeoutMsg: "Zoom is not among the results for zoom" },
  ).catch(async (err) => {
    await screenshot(browser, "create-search-failed");
    throw err;
  });
  await zoom.click();
  await (await browser.$("aria/Display label (required)")).waitForDisplayed({ timeout: 20000 });
}

async function next() {
  await (await browser.$("button=Next")).click();
}

async function errorFor(inputName) {
  const input = await browser.$(`aria/${inputName}`);
  await browser.waitUntil(async () => (await input.getAttribute("aria-invalid")) === "true", {
    timeout: 10000,
    timeoutMsg: `${inputName} was never marked invalid`,
  });
  const id = await input.getAttribute("aria-describedby");
  return (await browser.$(`#${id}`)).getText();
}

/**
 * The sandbox's stored applications, read from its data folder inside the test's profile
 * (`<profile>/data/<app identifier>/sandbox/`; the app's own caches live elsewhere).
 */
function storedApplications() {
  const path = join(home.root, "data", "dev.ssodesk.desktop", "sandbox", "applications.json");
  if (!existsSync(path)) return null;
  const data = JSON.parse(readFileSync(path, "utf8"));
  return Array.isArray(data) ? data : (data.items ?? Object.values(data));
}

test("the workflow refuses a missing label and a non-https URL, then creates Zoom", async () => {
  await openZoom();
  const header = await browser.$("section[aria-labelledby='workflow-title']");
  assert.ok((await header.getText()).includes("JIT Provisioning"), "the connector shows its JIT label");

  await next();
  assert.equal(await errorFor("Display label (required)"), "Enter a display label.");
  await (await browser.$("aria/Display label (required)")).setValue(LABEL);
  await next();

  const acs = await browser.$("aria/ACS URL (required)");
  await acs.waitForDisplayed({ timeout: 10000 });
  await acs.clearValue();
  await acs.setValue("http://zoom.example.com/saml/acs");
  await next();
  assert.equal(await errorFor("ACS URL (required)"), "ACS URL must start with https://.");
  await acs.clearValue();
  await acs.setValue("https://zoom.example.com/saml/acs-e2e");
  await next();

  const first = await browser.$("aria/SP attribute name, row 1");
  await first.waitForDisplayed({ timeout: 10000 });
  assert.equal(await first.getAttribute("readonly"), "true", "a JIT-required name is locked");
  await next();

  const body = await browser.$("pre[aria-labelledby='request-body-title']");
  await body.waitForDisplayed({ timeout: 10000 });
  const sent = JSON.parse(await body.getText());
  assert.equal(sent.displayLabel, LABEL);
  assert.equal(sent.config.acsUrl.value, "https://zoom.example.com/saml/acs-e2e");
  const required = sent.config.databaseAttributes.value.filter((r) => r.required && r.readOnly);
  assert.ok(required.length >= 4, `the JIT-required rows are sent: ${JSON.stringify(required)}`);
  await screenshot(browser, "create-review");

  const create = await browser.$("button=Create");
  await create.waitForEnabled({ timeout: 10000 });
  // Two clicks in the same task, as a double click delivers them.
  await create.scrollIntoView();
  await browser.execute((button) => {
    button.click();
    button.click();
  }, create);
  await (await browser.$("[role='tablist'][aria-label='Application sections']")).waitForExist({
    timeout: 20000,
    timeoutMsg: "the application's page did not open",
  });
  await screenshot(browser, "create-done");

  const created = () => (storedApplications() ?? []).filter((a) => a.displayLabel === LABEL);
  await browser.waitUntil(async () => created().length > 0, {
    timeout: 10000,
    timeoutMsg: "the sandbox never stored the new application",
  });
  const stored = created();
  assert.equal(stored.length, 1, "exactly one application was created, even on a double click");
  const names = stored[0].config.databaseAttributes.value.map((r) => r.name);
  for (const name of ["email", "firstName", "lastName", "department"]) {
    assert.ok(names.includes(name), `the stored application has JIT-required ${name}: ${names}`);
  }
  // The page that opened is the new application's: its Overview names it.
  await browser.waitUntil(
    async () => (await (await browser.$("main")).getText()).includes(LABEL),
    { timeout: 10000, timeoutMsg: "the page that opened is not the new application's" },
  );
});

test("the new application is in the organisation: its label is now taken", async () => {
  await openZoom();
  await (await browser.$("aria/Display label (required)")).setValue(LABEL);
  await next();
  assert.match(await errorFor("Display label (required)"), /already exists/);
});
