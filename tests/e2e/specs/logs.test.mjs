// The log file on the real app: launched on a fresh profile with a known sandbox key, the admin
// opens a couple of pages; the app's log file lands under the profile (Tauri's log folder, which
// `--profile` moves), holds a line for each command the UI called, and never the key. Settings
// offers "Open log folder".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { launch, screenshot } from "../lib/app.mjs";

const KEY = `e2e-log-${randomBytes(12).toString("hex")}`;
let browser;
let home;

before(async () => {
  ({ browser, home } = await launch({ args: ["--sandbox-api-key", KEY] }));
});
after(async () => {
  await browser?.deleteSession();
});

/** Every log file of the profile, as one text. */
function logged() {
  const dir = join(home.root, "data", "dev.ssodesk.desktop", "logs");
  assert.ok(existsSync(dir), `the log folder is under the profile: ${dir}`);
  const files = readdirSync(dir).filter((f) => /^sso-desk\..*\.log$/.test(f));
  assert.ok(files.length > 0, `a log file is in ${dir}: ${readdirSync(dir)}`);
  return files.map((f) => readFileSync(join(dir, f), "utf8")).join("");
}

test("each command the UI calls leaves a line in the profile's log file, and the key none", async () => {
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({ timeout: 30000, timeoutMsg: "the status bar never named a connection" });
  const nav = await browser.$("nav[aria-label='Main navigation']");
  await (await nav.$("aria/Settings")).click();
  const openLogs = await browser.$("aria/Open log folder");
  await openLogs.waitForExist({ timeout: 15000, timeoutMsg: "Settings offers no Open log folder" });
  assert.equal(await openLogs.getTagName(), "button", "a real button");
  await (await browser.$("table")).waitForExist({ timeout: 15000 });
  await (await nav.$("aria/Applications")).click();
  await (await browser.$("input[type='search']")).waitForExist({ timeout: 30000 });
  await screenshot(browser, "logs-settings");

  let text = "";
  await browser.waitUntil(
    () => {
      text = logged();
      return ["app_status", "list_connections", "refresh_applications"].every((c) =>
        text.includes(`${c}: `),
      );
    },
    { timeout: 15000, timeoutMsg: "the log never named the commands called" },
  );
  for (const command of ["app_status", "list_connections", "refresh_applications"]) {
    assert.ok(
      new RegExp(`INFO ${command}: .*close`).test(text),
      `a line says ${command} ran: ${text.slice(0, 2000)}`,
    );
  }
  assert.ok(!text.includes(KEY), "the sandbox's key is not in the log");
  assert.ok(!text.includes("PRIVATE KEY"), "no private key is in the log");
});
