// Starts the real SSO Desk release binary under WebKitWebDriver (through tauri-driver) and hands the
// test a WebdriverIO browser. Each session gets a fresh app data dir unless told to reuse one.
import { remote } from "webdriverio";
import { createServer } from "node:net";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const artifacts = process.env.SSO_DESK_ARTIFACTS ?? join(process.cwd(), "artifacts");
mkdirSync(artifacts, { recursive: true });

/** A fresh set of XDG folders: the app's config, data and logs land there and nowhere else. */
export function freshHome() {
  const root = mkdtempSync(join(tmpdir(), "sso-desk-e2e-"));
  return { root, data: join(root, "data"), config: join(root, "config"), cache: join(root, "cache") };
}

/**
 * Launches the app with `--profile <fresh folder>`, so its settings, data, cache and logs land in a
 * folder of this test's own. Pass the same `home` again to restart the app on the same data.
 */
export async function launch({ home = freshHome(), args = [] } = {}) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.TAURI_DRIVER_PORT ?? 4444),
    logLevel: "error",
    connectionRetryCount: 1,
    capabilities: {
      "tauri:options": {
        application: process.env.SSO_DESK_APP,
        args: ["--profile", home.root, ...args],
      },
    },
  });
  return { browser, home };
}

/** Waits two animation frames so a screenshot shows the frame after the last DOM change. */
export async function settle(browser) {
  await browser.executeAsync((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done())),
  );
}

/**
 * Opens "Review changes" once the edits just made have reached the draft: "Discard draft" is
 * enabled and the button has stopped moving (an edit's issue line appearing or going shifts it,
 * and a click aimed at where it was lands elsewhere). Resolves to the review dialog.
 */
export async function openReview(browser) {
  const button = await browser.$("button=Review changes");
  let last = "";
  await browser.waitUntil(
    async () => {
      const discard = await browser.$("button=Discard draft");
      const where = JSON.stringify(await button.getLocation());
      const still = where === last;
      last = where;
      return still && (await discard.isEnabled());
    },
    { timeout: 15000, interval: 250, timeoutMsg: "the edit never reached the draft" },
  );
  await button.click();
  const dialog = await browser.$("[role='dialog']");
  await dialog.waitForExist({ timeout: 15000 }).catch(async () => {
    const alerts = await browser.execute(() =>
      [...document.querySelectorAll("[role='alert']")].map((e) => e.textContent).join(" | "),
    );
    throw new Error(`the review never opened${alerts ? `: ${alerts}` : ""}`);
  });
  return dialog;
}

/** A picture of the window in artifacts/, when the run asked for them (SSO_DESK_SCREENSHOTS=1). */
export async function screenshot(browser, name) {
  if (process.env.SSO_DESK_SCREENSHOTS !== "1") return;
  await settle(browser);
  await browser.saveScreenshot(join(artifacts, `${name}.png`));
}

/**
 * Applications → the application labelled `label`, as an admin gets there: the list's search, then
 * a click on its row; resolves once its page shows.
 */
export async function openApplication(browser, label) {
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Applications")).click();
  const search = await browser.$("input[type='search']");
  await search.waitForExist({ timeout: 30000, timeoutMsg: "the applications list never showed" });
  await search.setValue(label);
  await browser.waitUntil(
    () =>
      browser.execute((l) => {
        const cell = [...document.querySelectorAll("[role='row'] *")].find(
          (e) => e.textContent === l,
        );
        cell?.closest("[role='row']")?.click();
        return !!cell;
      }, label),
    { timeout: 30000, timeoutMsg: `the applications list never showed ${label}` },
  );
  await (await browser.$(`h1=${label}`)).waitForExist({ timeout: 15000 });
}

/**
 * A JSON call to the sandbox on `port` with its API key, failing the test on an error status: what
 * a test reads and changes next to the app, as someone in the console would.
 */
export async function sandboxCall(port, key, path, init = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    ...init,
    headers: { "x-api-key": key, "content-type": "application/json" },
  });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}`);
  return res.json();
}

/** Waits until a status region of the page says something matching `pattern`; resolves to it. */
export async function statusText(browser, pattern) {
  let text = "";
  await browser.waitUntil(
    async () => {
      text = await browser.execute(() =>
        [...document.querySelectorAll("[role='status']")].map((e) => e.textContent).join(" | "),
      );
      return pattern.test(text);
    },
    { timeout: 30000, timeoutMsg: `no status matched ${pattern} (last: ${text})` },
  );
  return text;
}

/** A free loopback port, for a sandbox the test reads and changes next to the app. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
