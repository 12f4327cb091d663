// The Single sign-on tab, the Certificates page and an application's lifecycle, on the real app
// against its embedded sandbox (on a port and key this test picks, so it reads JumpCloud's side
// over HTTP): an SP metadata file is imported, reviewed and saved, and the sandbox holds exactly
// the new ACS URL, SP entity ID and SP certificate, private key included; "Save metadata…" writes
// the IdP metadata of the application; certificates are listed soonest first and the list agrees;
// deactivate (confirmed first), reactivate and delete work, and a deleted application leaves every
// view. Every review names fields by their labels ("ACS URL"), never by JSON paths.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  launch,
  freshHome,
  openApplication,
  screenshot,
  freePort,
  openReview,
  sandboxCall,
  statusText as waitForStatus,
} from "../lib/app.mjs";

const API_KEY = "sso-desk-sandbox-key"; // passed to the app with --sandbox-api-key
const SLACK = "Slack (sample data)";
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/sp-metadata.xml");

let browser;
let port;
let saveDir;

const api = (path, init) => sandboxCall(port, API_KEY, path, init);

async function applications() {
  return (await api("/api/applications?limit=100")).results;
}

async function byLabel(label) {
  const app = (await applications()).find((a) => a.displayLabel === label);
  assert.ok(app, `the sandbox has ${label}`);
  return app;
}

before(async () => {
  port = await freePort();
  saveDir = mkdtempSync(join(tmpdir(), "sso-desk-saves-"));
  ({ browser } = await launch({
    home: freshHome(),
    args: ["--sandbox-port", String(port), "--sandbox-api-key", API_KEY, "--save-dir", saveDir],
  }));
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({ timeout: 30000, timeoutMsg: "the app never connected to its sandbox" });
});

after(async () => {
  await browser?.deleteSession();
});

async function nav(label) {
  await (await browser.$("nav[aria-label='Main navigation']").$(`aria/${label}`)).click();
}

async function openSsoTab(label) {
  await openApplication(browser, label);
  await (await browser.$("aria/Single sign-on")).click();
  const form = await browser.$("form[aria-label='SSO settings']");
  await form.waitForExist({ timeout: 30000, timeoutMsg: "the SSO settings never showed" });
}

const statusText = (pattern) => waitForStatus(browser, pattern);

/** Everything but the values the import changes: SP entity ID, ACS URL, SP certificate, NameID format. */
function rest(app) {
  const copy = structuredClone(app);
  delete copy.config.acsUrl.value;
  delete copy.config.spEntityId.value;
  delete copy.config.spCertificate.value;
  // The import also proposes the NameID format the metadata names.
  delete copy.config.overrideNameIdFormat?.value;
  return copy;
}

/** The base64 DER of a certificate, from PEM or from the metadata's element text. */
function certBody(text) {
  return text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

test("an SP metadata file is imported, reviewed and saved; nothing else changes", async () => {
  const before = await byLabel(SLACK);
  assert.ok(before.config.idpPrivateKey?.value, "the sandbox holds an IdP private key");
  await openSsoTab(SLACK);

  const file = await browser.$("#sso-import-file");
  try {
    await file.setValue(FIXTURE);
  } catch {
    // A driver that cannot hand a file to an input: the same file's text through "Paste XML".
    await (await browser.$("#sso-import-paste")).setValue(readFileSync(FIXTURE, "utf8"));
    await (await browser.$("button=Import")).click();
  }
  await (await browser.$("aria/Changes from the metadata")).waitForExist({
    timeout: 30000,
    timeoutMsg: "the import never showed what it changes",
  });

  await (await browser.$("button=Review changes")).click();
  const dialog = await browser.$("[role='dialog']");
  await dialog.waitForExist({ timeout: 10000 });
  const review = await dialog.getText();
  assert.match(review, /ACS URL/, "the review names the ACS URL by its label");
  assert.match(review, /SP Entity ID/, "the review names the SP entity ID by its label");
  assert.doesNotMatch(review, /PRIVATE KEY/, "no private key is ever shown");
  await screenshot(browser, "sso-review");
  await (await dialog.$("button=Save")).click();
  await dialog.waitForExist({ reverse: true, timeout: 30000 });
  await statusText(/Saved/);

  const after = await byLabel(SLACK);
  assert.equal(after.config.acsUrl.value, "https://sp.example.com/saml/acs", "the default POST ACS");
  assert.equal(after.config.spEntityId.value, "https://sp.example.com/saml/metadata");
  const signing = readFileSync(FIXTURE, "utf8").match(/X509Certificate>([^<]+)</)?.[1] ?? "";
  const spCertificate = after.config.spCertificate.value;
  assert.ok(spCertificate.startsWith("-----BEGIN CERTIFICATE-----"), "PEM, as the field held");
  assert.equal(certBody(spCertificate), certBody(signing), "the metadata's signing certificate");
  assert.equal(
    after.config.idpPrivateKey.value,
    before.config.idpPrivateKey.value,
    "the private key JumpCloud holds is kept",
  );
  assert.deepEqual(rest(after), rest(before), "every other field is unchanged");
});

test("the review names an edited field by its label, not its JSON path", async () => {
  await openSsoTab(SLACK);
  const acs = await browser.$("#sso-field-acsUrl");
  await acs.waitForEnabled({ timeout: 10000, timeoutMsg: "the ACS URL never became editable" });
  await acs.click();
  await acs.clearValue();
  await acs.setValue("https://sp.example.com/saml/acs-reviewed");
  await browser.keys("Tab");
  const dialog = await openReview(browser);
  await browser.waitUntil(async () => (await dialog.getText()).includes("acs-reviewed"), {
    timeout: 10000,
    timeoutMsg: "the review never showed the edited value",
  });
  const named = await browser.execute(
    (d) => [...d.querySelectorAll("tbody tr")].map((r) => r.cells[0].textContent.trim()),
    dialog,
  );
  assert.deepEqual(named, ["ACS URL"], "the changed field is named as the form names it");
  assert.doesNotMatch(await dialog.getText(), /config\.acsUrl\.value/, "no JSON path is shown");
  await screenshot(browser, "sso-review-labels");
  await (await dialog.$("button=Back to editing")).click();
  await dialog.waitForExist({ reverse: true, timeout: 10000 });
  await (await browser.$("button=Discard draft")).click();
  await statusText(/discarded/);
});

test("Save metadata… writes the application's IdP metadata", async () => {
  const app = await byLabel(SLACK);
  await (await browser.$("button=Save metadata…")).click();
  await statusText(/saved to/);
  const files = readdirSync(saveDir).filter((f) => f.endsWith("-idp-metadata.xml"));
  assert.equal(files.length, 1, "one metadata file was written");
  const xml = readFileSync(join(saveDir, files[0]), "utf8");
  const entityId = xml.match(/entityID="([^"]+)"/)?.[1];
  assert.equal(entityId, app.config.idpEntityId.value, "entityID is the application's IdP entity ID");
  const inFile = xml.match(/X509Certificate>([^<]+)</)?.[1].replace(/\s+/g, "");
  const held = app.config.idpCertificate.value
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")
    .replace(/\s+/g, "");
  assert.equal(inFile, held, "the certificate is the application's");
});

test("when JumpCloud refuses the metadata, Save metadata… builds it locally and says so", async () => {
  const app = await byLabel(SLACK);
  const refuse = (status) =>
    api("/sandbox/faults", { method: "POST", body: JSON.stringify({ keyedMetadataStatus: status }) });
  await refuse(403);
  try {
    await (await browser.$("button=Save metadata…")).click();
    await statusText(/built locally/);
    const files = readdirSync(saveDir).filter((f) => f.endsWith("-idp-metadata.xml"));
    const xml = readFileSync(join(saveDir, files[0]), "utf8");
    assert.equal(xml.match(/entityID="([^"]+)"/)?.[1], app.config.idpEntityId.value);
    const inFile = xml.match(/X509Certificate>([^<]+)</)?.[1].replace(/\s+/g, "");
    const held = app.config.idpCertificate.value
      .replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")
      .replace(/\s+/g, "");
    assert.equal(inFile, held, "the locally built file carries the application's certificate");
  } finally {
    await refuse(0);
  }
});

test("Certificates lists every SAML certificate soonest first, urgent ones marked; the list agrees", async () => {
  await nav("Certificates");
  const table = await browser.$("aria/IdP certificates");
  await table.waitForExist({ timeout: 30000, timeoutMsg: "the certificates table never showed" });
  const rows = await browser.execute(
    (el) =>
      [...el.querySelectorAll("tbody tr")].map((tr) => ({
        label: tr.cells[0].textContent.trim(),
        urgent: tr.classList.contains("urgent"),
        text: tr.textContent.replace(/\s+/g, " ").trim(),
      })),
    table,
  );
  const day = 86400000;
  const now = Date.now();
  const expected = (await applications())
    .filter((a) => a.sso?.idpCertExpirationAt)
    .map((a) => ({ label: a.displayLabel, at: Date.parse(a.sso.idpCertExpirationAt) }))
    .sort((a, b) => a.at - b.at);
  assert.deepEqual(
    rows.map((r) => r.label),
    expected.map((e) => e.label),
    "every SAML application, soonest expiry first",
  );
  expected.forEach((e, i) => {
    const soon = Math.floor((e.at - now) / day) <= 7; // whole days left, as the app counts them
    assert.equal(rows[i].urgent, soon, `${e.label}: marked exactly when expired or within 7 days`);
  });
  assert.ok(rows.some((r) => r.urgent), "the sample has expired or nearly expired ones");
  await screenshot(browser, "certificates");

  const soonest = expected.find((e) => e.at > now);
  await nav("Applications");
  const search = await browser.$("input[type='search']");
  await search.waitForExist({ timeout: 30000 });
  await search.setValue(soonest.label);
  const days = Math.floor((soonest.at - now) / day);
  await browser.waitUntil(
    () =>
      browser.execute((label) => {
        const row = [...document.querySelectorAll("[role='row']")].find((r) =>
          r.textContent.includes(label),
        );
        return row ? row.textContent : "";
      }, soonest.label),
    { timeout: 30000, timeoutMsg: "the application never showed in the list" },
  );
  const rowText = await browser.execute((label) => {
    const row = [...document.querySelectorAll("[role='row']")].find((r) =>
      r.textContent.includes(label),
    );
    return row.textContent;
  }, soonest.label);
  assert.ok(
    [days, days + 1].some((d) => rowText.includes(`${d} day`)),
    `the list's Certificate column says ${days} days for ${soonest.label}: ${rowText}`,
  );
});

test("deactivate and reactivate; delete, and the application leaves every view", async () => {
  await openSsoTab(SLACK);
  await (await browser.$("button=Deactivate")).click();
  const confirmOff = await browser.$("[role='alertdialog']");
  await confirmOff.waitForExist({ timeout: 10000, timeoutMsg: "deactivating is not confirmed first" });
  assert.equal((await byLabel(SLACK)).active, true, "nothing changes before it is confirmed");
  await (await confirmOff.$("button=Deactivate")).click();
  await browser.waitUntil(async () => (await byLabel(SLACK)).active === false, {
    timeout: 30000,
    timeoutMsg: "the sandbox never saw the deactivation",
  });
  // JumpCloud regenerates the IdP certificate with the reactivation: the app says so loudly.
  const certBefore = (await byLabel(SLACK)).config.idpCertificate.value;
  const regenerate = (on) =>
    api("/sandbox/faults", { method: "POST", body: JSON.stringify({ regenerateCertificate: on }) });
  await regenerate(true);
  try {
    await (await browser.$("button=Activate")).waitForExist({ timeout: 30000 });
    await (await browser.$("button=Activate")).click();
    await browser.waitUntil(async () => (await byLabel(SLACK)).active === true, {
      timeout: 30000,
      timeoutMsg: "the sandbox never saw the reactivation",
    });
  } finally {
    await regenerate(false);
  }
  assert.notEqual((await byLabel(SLACK)).config.idpCertificate.value, certBefore, "a new certificate");
  const warning = await browser.$("p*=JumpCloud issued a new IdP certificate");
  await warning.waitForExist({ timeout: 10000, timeoutMsg: "the new certificate was not shown" });

  // A JIT application bound to a group, so it shows in the groups panel and in readiness.
  const apps = await applications();
  const groups = (await api("/api/v2/usergroups?limit=100")) ?? [];
  let victim;
  let group;
  for (const app of apps.filter((a) => a.sso?.jit && a.displayLabel !== SLACK)) {
    const bound = await api(`/api/v2/applications/${app._id}/usergroups`);
    const direct = bound.find((b) => b.paths?.some((p) => p.length === 1));
    if (direct) {
      victim = app;
      group = groups.find((g) => g.id === direct.id);
      break;
    }
  }
  assert.ok(victim && group, "the sample has a JIT application bound to a group");

  await nav("Readiness");
  await (await browser.$(`button=${victim.displayLabel}`)).waitForExist({
    timeout: 60000,
    timeoutMsg: "readiness never listed the application before the delete",
  });

  await openSsoTab(victim.displayLabel);
  await (await browser.$("button=Delete application")).click();
  const dialog = await browser.$("[role='alertdialog']");
  await dialog.waitForExist({ timeout: 10000 });
  const confirm = await dialog.$("button=Delete application");
  assert.equal(await confirm.isEnabled(), false, "nothing goes before the label is typed");
  await (await dialog.$("input")).setValue(victim.displayLabel);
  await confirm.click();
  await dialog.waitForExist({ reverse: true, timeout: 30000 });
  await browser.waitUntil(
    async () => !(await applications()).some((a) => a._id === victim._id),
    { timeout: 30000, timeoutMsg: "the sandbox still holds the application" },
  );

  await nav("Applications");
  const search = await browser.$("input[type='search']");
  await search.waitForExist({ timeout: 30000 });
  await search.setValue(victim.displayLabel);
  await browser.pause(500); // the filter applies on the next frame
  const listed = await browser.execute(
    (label) => [...document.querySelectorAll("[role='row']")].some((r) => r.textContent.includes(label)),
    victim.displayLabel,
  );
  assert.equal(listed, false, "the list forgot it");

  await nav("User groups");
  const filter = await browser.$("section[aria-label='User groups'] input[type='search']");
  await filter.waitForExist({ timeout: 30000 });
  await filter.setValue(group.name.replace(" (sample data)", ""));
  await browser.waitUntil(
    () =>
      browser.execute((n) => {
        const option = [...document.querySelectorAll("[role='option'] .name")].find(
          (e) => e.textContent.trim() === n,
        );
        option?.closest("[role='option']").click();
        return Boolean(option);
      }, group.name),
    { timeout: 10000, timeoutMsg: `no group ${group.name}` },
  );
  await (await browser.$(`h2=${group.name}`)).waitForExist({ timeout: 10000 });
  await browser.waitUntil(
    async () =>
      (await browser.$("ul.apps").isExisting()) ||
      (await browser.$("*=No application is bound to this group").isExisting()),
    { timeout: 15000 },
  );
  const inGroup = await browser.execute(
    (label) => document.querySelector("ul.apps")?.textContent.includes(label) ?? false,
    victim.displayLabel,
  );
  assert.equal(inGroup, false, "the group's panel forgot it");

  await nav("Readiness");
  await browser.pause(500);
  const inReadiness = await browser.execute(
    (label) => [...document.querySelectorAll("button")].some((b) => b.textContent.trim() === label),
    victim.displayLabel,
  );
  assert.equal(inReadiness, false, "readiness forgot it");
});
