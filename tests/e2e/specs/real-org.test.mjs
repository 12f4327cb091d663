// A real organisation, safely, on the real app: values nobody touched never block a save (an
// application whose stored NameID format, RelayState and options are shapes real organisations
// hold saves an unrelated edit, and those values stay byte for byte); a custom application's
// several ACS URLs round-trip as the list they are; and with JumpCloud masking the IdP private key,
// a save is refused with the reason and nothing reaches the server.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, freshHome, openApplication, screenshot, openReview } from "../lib/app.mjs";

const API_KEY = "sso-desk-sandbox-key"; // the standalone sandbox binary's default key
const MIXPANEL = "Mixpanel EU (sample data)";
const PORTAL = "Partner Portal (sample data)";

const stops = [];
after(async () => {
  for (const stop of stops) await stop();
});

/** `sso-desk-sandbox` on a free port with a fresh data folder and `flags`; resolves to its URL. */
async function startSandbox(flags = []) {
  const data = mkdtempSync(join(tmpdir(), "sso-desk-real-org-"));
  const child = spawn(
    process.env.SSO_DESK_SANDBOX_BIN,
    ["--port", "0", "--data", data, ...flags],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1].replace(/\/$/, ""));
    });
    child.on("exit", (code) =>
      reject(new Error(`the sandbox exited with ${code}`)),
    );
  });
  stops.push(() => {
    child.kill();
    rmSync(data, { recursive: true, force: true });
  });
  return url;
}

/** Runs `use` with the app on the sandbox at `url`; the session ends whatever happens. */
async function withApp(url, use) {
  const browser = await appOn(url);
  try {
    await use(browser);
  } finally {
    await browser.deleteSession();
  }
}

async function appOn(url) {
  const { browser } = await launch({
    home: freshHome(),
    args: ["--sandbox-url", url, "--sandbox-api-key", API_KEY],
  });
  await (
    await browser.$("[data-testid='active-connection']")
  ).waitForExist({ timeout: 30000 });
  return browser;
}

/** The application labelled `label` as the sandbox holds it (its raw JSON, and the parsed). */
async function stored(url, label) {
  const res = await fetch(`${url}/api/applications?limit=100`, {
    headers: { "x-api-key": API_KEY },
  });
  assert.equal(res.status, 200);
  const app = (await res.json()).results.find((a) => a.displayLabel === label);
  assert.ok(app, `the sandbox has ${label}`);
  const one = await fetch(`${url}/api/applications/${app._id}`, {
    headers: { "x-api-key": API_KEY },
  });
  return one.json();
}

async function openSsoTab(browser, label) {
  await openApplication(browser, label);
  await (await browser.$("aria/Single sign-on")).click();
  await (
    await browser.$("form[aria-label='SSO settings']")
  ).waitForExist({ timeout: 30000 });
}

async function setField(browser, selector, value) {
  const input = await browser.$(selector);
  await input.waitForEnabled({
    timeout: 10000,
    timeoutMsg: `${selector} never became editable`,
  });
  await input.click();
  await input.clearValue();
  // The field may be drawn anew once the draft takes the cleared value: find it again.
  await (await browser.$(selector)).setValue(value);
  await browser.keys("Tab");
}

/** Opens "Review changes" once the draft holds `expected`, saves, and resolves to the dialog's end. */
async function reviewAndSave(browser, expected) {
  const dialog = await openReview(browser);
  await browser.waitUntil(
    async () => (await dialog.getText()).includes(expected),
    {
      timeout: 10000,
      timeoutMsg: `the review never showed ${expected}`,
    },
  );
  await (await dialog.$("button=Save")).click();
  return dialog;
}

async function statusOrAlert(browser, pattern) {
  let text = "";
  await browser.waitUntil(
    async () => {
      text = await browser.execute(() =>
        [...document.querySelectorAll("[role='status'], [role='alert']")]
          .map((e) => e.textContent)
          .join(" | "),
      );
      return pattern.test(text);
    },
    { timeout: 30000, timeoutMsg: `nothing said ${pattern}` },
  );
  return text;
}

test("values nobody touched never block a save, and stay as they were", async () => {
  const url = await startSandbox();
  await withApp(url, async (browser) => {
    const before = await stored(url, MIXPANEL);
    assert.match(
      before.config.overrideNameIdFormat.value,
      /nameid-format:unspecified/,
    );
    await openSsoTab(browser, MIXPANEL);
    await setField(
      browser,
      "#sso-field-spEntityId",
      "https://mixpanel.example.eu/saml/sso-desk",
    );
    const dialog = await reviewAndSave(browser, "sso-desk");
    await dialog.waitForExist({
      reverse: true,
      timeout: 30000,
      timeoutMsg: "the save never ended",
    });
    await statusOrAlert(browser, /Saved/);
    const after = await stored(url, MIXPANEL);
    assert.equal(
      after.config.spEntityId.value,
      "https://mixpanel.example.eu/saml/sso-desk",
    );
    for (const key of [
      "overrideNameIdFormat",
      "defaultTargetUrl",
      "authClaimConfiguration",
    ]) {
      assert.deepEqual(
        after.config[key],
        before.config[key],
        `${key} is untouched`,
      );
    }
  });
});

test("several ACS URLs round-trip as the list they are", async () => {
  const url = await startSandbox();
  await withApp(url, async (browser) => {
    const before = await stored(url, PORTAL);
    const list = JSON.parse(before.config.acsUrl.value);
    assert.ok(
      list.length >= 2,
      "the sample holds several ACS URLs in one string",
    );
    await openSsoTab(browser, PORTAL);
    await setField(
      browser,
      "#sso-field-acsUrl-1",
      "https://partner.example.com/acs/edited",
    );
    const dialog = await reviewAndSave(browser, "edited");
    await dialog.waitForExist({
      reverse: true,
      timeout: 30000,
      timeoutMsg: "the save never ended",
    });
    await statusOrAlert(browser, /Saved/);
    const after = await stored(url, PORTAL);
    assert.equal(
      typeof after.config.acsUrl.value,
      "string",
      "still a list inside a string",
    );
    const saved = JSON.parse(after.config.acsUrl.value);
    assert.equal(saved.length, list.length);
    assert.equal(saved[1].url, "https://partner.example.com/acs/edited");
    assert.deepEqual(saved[0], list[0], "the other entries are as they were");
    assert.deepEqual(saved.slice(2), list.slice(2));
  });
});

test("with the private key masked, a save is refused with the reason and nothing is written", async () => {
  const url = await startSandbox(["--mask-private-key"]);
  await withApp(url, async (browser) => {
    const before = await stored(url, MIXPANEL);
    await openSsoTab(browser, MIXPANEL);
    await setField(
      browser,
      "#sso-field-spEntityId",
      "https://mixpanel.example.eu/never-sent",
    );
    await reviewAndSave(browser, "never-sent");
    const said = await statusOrAlert(browser, /private key/i);
    assert.match(
      said,
      /Nothing was saved|new certificate/i,
      `the reason is given: ${said}`,
    );
    await screenshot(browser, "real-org-masked-key");
    assert.deepEqual(
      await stored(url, MIXPANEL),
      before,
      "the sandbox's object is unchanged",
    );
  });
});
