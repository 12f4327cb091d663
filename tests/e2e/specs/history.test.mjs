// The History tab and restores, on the real app against its embedded sandbox (on a port and key
// this test picks, so it plays "the console" over HTTP): three saves in the app and one change in
// the console show as four versions, the console's marked "Changed outside SSO Desk"; restoring
// the first version makes the sandbox's object equal to it (apart from what JumpCloud owns); a
// deleted application is brought back from "Deleted applications" with its user groups.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  launch,
  freshHome,
  openApplication,
  freePort,
  sandboxCall,
  statusText as waitForStatus,
} from "../lib/app.mjs";

const API_KEY = "sso-desk-sandbox-key";
const SLACK = "Slack (sample data)";

let browser;
let port;

const api = (path, init) => sandboxCall(port, API_KEY, path, init);

const applications = async () => (await api("/api/applications?limit=100")).results;

async function byLabel(label) {
  const app = (await applications()).find((a) => a.displayLabel === label);
  assert.ok(app, `the sandbox has ${label}`);
  return app;
}

/** The groups bound directly to an application, sorted. */
async function directGroups(id) {
  const bound = await api(`/api/v2/applications/${id}/usergroups`);
  return bound
    .filter((b) => b.paths?.some((p) => p.length === 1))
    .map((b) => b.id)
    .sort();
}

/**
 * An application without what JumpCloud owns (core's `edits::target::OWNED`: ids, organisation,
 * creation date, the template it came from, SSO URL, IdP certificate and key, certificate dates).
 */
function owned(app) {
  const copy = structuredClone(app);
  for (const key of ["_id", "id", "organization", "created", "parentApp", "ssoUrl"])
    delete copy[key];
  for (const key of ["idpCertificate", "idpPrivateKey"]) delete copy.config?.[key];
  for (const key of [
    "idpCertExpirationAt",
    "idpCertificateUpdatedAt",
    "idpPrivateKeyUpdatedAt",
    "spCertificateUpdatedAt",
  ])
    delete copy.sso?.[key];
  return copy;
}

before(async () => {
  port = await freePort();
  ({ browser } = await launch({
    home: freshHome(),
    args: ["--sandbox-port", String(port), "--sandbox-api-key", API_KEY],
  }));
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({ timeout: 30000, timeoutMsg: "the app never connected to its sandbox" });
});

after(async () => {
  await browser?.deleteSession();
});

const statusText = (pattern) => waitForStatus(browser, pattern);

/** Presses the enabled page button named `name` (outside any dialog) once it is there. */
async function press(name) {
  await browser.waitUntil(
    () =>
      browser.execute((n) => {
        const button = [...document.querySelectorAll("button")].find(
          (b) => b.textContent.trim() === n && !b.disabled && !b.closest("[role='alertdialog']"),
        );
        button?.scrollIntoView({ block: "center" });
        button?.click();
        return !!button;
      }, name),
    { timeout: 30000, timeoutMsg: `no enabled ${name} button` },
  );
}

async function setActive(active) {
  await press(active ? "Activate" : "Deactivate");
  if (!active) {
    const confirm = await browser.$("[role='alertdialog']");
    await confirm.waitForExist({ timeout: 10000 });
    await (await confirm.$("button=Deactivate")).click();
  }
  await browser.waitUntil(async () => (await byLabel(SLACK)).active === active, {
    timeout: 30000,
    timeoutMsg: `the sandbox never saw active=${active}`,
  });
}

async function versionRows() {
  return browser.execute(() =>
    [...document.querySelectorAll("table[aria-label='Versions'] tbody tr")].map((r) => r.dataset.who),
  );
}

test("three saves and a console change are four versions; restoring the first gives it back", async () => {
  const first = await byLabel(SLACK);
  await openApplication(browser, SLACK);
  await (await browser.$("#tab-sso")).click();
  await setActive(false);
  await setActive(true);
  await setActive(false);

  // The console: a read-modify-write of the whole object, as JumpCloud's console does.
  const theirs = await byLabel(SLACK);
  theirs.description = "changed in the console";
  await api(`/api/applications/${theirs._id}`, { method: "PUT", body: JSON.stringify(theirs) });

  await (await browser.$("#tab-history")).click();
  await browser.waitUntil(async () => (await versionRows()).length >= 5, {
    timeout: 30000,
    timeoutMsg: "the History tab never listed the versions",
  });
  assert.deepEqual(
    (await versionRows()).slice(0, 4),
    ["Changed outside SSO Desk", "SSO Desk", "SSO Desk", "SSO Desk"],
    "all four, newest first, the console's change marked",
  );

  // Restore the first version (the oldest row): review, then a verified save.
  const restore = await browser.$("table[aria-label='Versions'] tbody tr:last-child button");
  await restore.click();
  const dialog = await browser.$("[role='dialog']");
  await dialog.waitForExist({ timeout: 30000, timeoutMsg: "the restore was never reviewed" });
  const text = await dialog.getText();
  assert.match(text, /Active/, "the review names the field by its label");
  await (await dialog.$("button=Save")).click();
  await statusText(/Restored the version of/);
  const now = await byLabel(SLACK);
  assert.deepEqual(owned(now), owned(first), "the sandbox holds the first version again");
  assert.equal(now.config.idpPrivateKey.value, first.config.idpPrivateKey.value, "the key stayed");
});

test("a deleted application comes back from Deleted applications with its groups", async () => {
  let victim;
  let groups;
  for (const app of await applications()) {
    if (app.displayLabel === SLACK) continue;
    const direct = await directGroups(app._id);
    if (direct.length) {
      victim = app;
      groups = direct;
      break;
    }
  }
  assert.ok(victim, "the sample has an application bound to a group");

  await openApplication(browser, victim.displayLabel);
  await (await browser.$("#tab-sso")).click();
  await (await browser.$("button=Delete application")).click();
  const confirm = await browser.$("[role='alertdialog']");
  await confirm.waitForExist({ timeout: 10000 });
  await (await confirm.$("input")).setValue(victim.displayLabel);
  await (await confirm.$("button=Delete application")).click();
  await browser.waitUntil(async () => !(await applications()).some((a) => a._id === victim._id), {
    timeout: 30000,
    timeoutMsg: "the sandbox still holds the application",
  });

  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Applications")).click();
  const summary = await browser.$("summary*=Deleted applications");
  await summary.waitForExist({ timeout: 30000, timeoutMsg: "no Deleted applications section" });
  await summary.click();
  await (await browser.$(`aria/Restore ${victim.displayLabel}…`)).click();
  const dialog = await browser.$("[role='dialog']");
  await dialog.waitForExist({ timeout: 10000 });
  assert.match(await dialog.getText(), /new IdP certificate and SSO URL/);
  await (await dialog.$("button=Restore")).click();
  await statusText(/bound again/);

  const back = (await applications()).filter((a) => a.displayLabel === victim.displayLabel);
  assert.equal(back.length, 1, "created once");
  assert.notEqual(back[0]._id, victim._id, "JumpCloud gave it a new id");
  assert.deepEqual(owned(back[0]), owned(victim), "same connector, label, settings, attributes");
  assert.deepEqual(await directGroups(back[0]._id), groups, "its groups are bound again");
});
