// The Snapshots page on the real app against its embedded sandbox (a port and key this test
// picks, `--save-dir` standing in for the folder dialog): export, one field changed through the
// API (the console), Compare names exactly that field by its label with both values, and Apply
// (after its confirmation) brings the sandbox's object back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  launch,
  freshHome,
  freePort,
  sandboxCall,
  statusText as waitForStatus,
} from "../lib/app.mjs";

const API_KEY = "sso-desk-sandbox-key"; // passed to the app with --sandbox-api-key
const SLACK = "Slack (sample data)";

let browser;
let port;
let saveDir;

const api = (path, init) => sandboxCall(port, API_KEY, path, init);

const statusText = (pattern) => waitForStatus(browser, pattern);

before(async () => {
  port = await freePort();
  saveDir = mkdtempSync(join(tmpdir(), "sso-desk-snapshots-"));
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

test("export, drift through the API, compare names the field, apply brings it back", async () => {
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Snapshots")).click();
  await (await browser.$("button=Export to a folder…")).click();
  await statusText(/Exported \d+ application/);
  const files = readdirSync(join(saveDir, "snapshot", "applications"));
  assert.ok(files.length > 0, "one file per application");

  const { results } = await api("/api/applications?limit=100");
  const app = results.find((a) => a.displayLabel === SLACK);
  assert.ok(app, `the sandbox has ${SLACK}`);
  const exported = app.config.spEntityId.value;
  const drifted = structuredClone(app);
  drifted.config.spEntityId.value = "https://drifted.example.com/sp";
  await api(`/api/applications/${app._id}`, { method: "PUT", body: JSON.stringify(drifted) });

  await (await browser.$("button=Compare with a folder…")).click();
  const table = await browser.$("aria/Fields that change");
  await table.waitForExist({ timeout: 30000, timeoutMsg: "the comparison never showed" });
  const rows = await browser.execute(
    (el) => [...el.querySelectorAll("tbody tr")].map((tr) => tr.textContent.trim()),
    table,
  );
  assert.equal(rows.length, 1, `exactly one field: ${rows}`);
  assert.match(rows[0], new RegExp(`${SLACK.replace(/[()]/g, "\\$&")}: SP Entity ID`));
  assert.match(rows[0], /drifted\.example\.com/);

  await (await browser.$("button=Apply snapshot…")).click();
  const dialog = await browser.$("[role='alertdialog']");
  await dialog.waitForExist({ timeout: 10000 });
  await (await dialog.$("button=Apply")).click();
  await statusText(/No drift/);
  const now = await api(`/api/applications/${app._id}`);
  assert.equal(now.config.spEntityId.value, exported, "the sandbox holds the exported value again");
});
