// The Assertion debugger on the real app against its embedded sandbox (on a port and key this
// test picks, so the test asks the sandbox for signed SAML responses next to the app): a response
// for a user whose JIT-required attribute is empty names the application, says the signature is
// valid with its current certificate and fails exactly the JIT line, naming the attribute; a
// tampered response fails the signature line; one for the wrong audience fails the audience line.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, freshHome, screenshot, freePort } from "../lib/app.mjs";
import { axeViolations, formatViolations } from "../lib/a11y.mjs";

const API_KEY = "sso-desk-sandbox-key"; // passed to the app with --sandbox-api-key
const SLACK = "Slack (sample data)";
// The first of the sample users with an empty `lastname`, bound to Slack (sample data).
const USER_WITHOUT_LASTNAME = "5f0000000004000000000007";

let browser;
let port;

async function api(path) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: { "x-api-key": API_KEY },
  });
  assert.ok(res.ok, `GET ${path} answered ${res.status}`);
  return res.json();
}

async function slackId() {
  const { results } = await api("/api/applications?limit=100");
  const app = results.find((a) => a.displayLabel === SLACK);
  assert.ok(app, `the sandbox has ${SLACK}`);
  return app._id;
}

async function samlResponse(variant) {
  const app = await slackId();
  const extra = variant ? `&variant=${variant}` : "";
  const body = await api(
    `/sandbox/assertion?application=${app}&user=${USER_WITHOUT_LASTNAME}&format=saml${extra}`,
  );
  assert.equal(typeof body.samlResponse, "string", "the sandbox signs a response");
  return body.samlResponse;
}

before(async () => {
  port = await freePort();
  ({ browser } = await launch({
    home: freshHome(),
    args: ["--sandbox-port", String(port), "--sandbox-api-key", API_KEY],
  }));
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({ timeout: 30000, timeoutMsg: "the app never connected to its sandbox" });
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Assertion debugger")).click();
  await (await browser.$("h1=Assertion debugger")).waitForExist({ timeout: 10000 });
});

after(async () => {
  await browser?.deleteSession();
});

/** Pastes `value` (as a clipboard paste would fill the box) and checks it; answers the lines. */
async function check(value) {
  await browser.execute((text) => {
    const box = document.getElementById("saml-response");
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
  await (await browser.$("button=Check response")).click();
  const report = await browser.$("section[aria-label='Report']");
  await report.waitForExist({ timeout: 30000, timeoutMsg: "no report was shown" });
  const subject = await (await report.$("h2")).getText();
  const lines = await browser.execute(() =>
    [...document.querySelectorAll("ul[aria-label='Checks'] > li")].map((li) => ({
      check: li.dataset.check,
      outcome: li.dataset.outcome,
      text: li.textContent,
    })),
  );
  return { subject, lines };
}

const failing = (lines) => lines.filter((l) => l.outcome === "fail").map((l) => l.check);
const lineOf = (lines, check) => lines.find((l) => l.check === check);

test("a user missing a JIT-required attribute fails exactly the JIT line, naming it", async () => {
  const { subject, lines } = await check(await samlResponse());
  await screenshot(browser, "debugger-jit");
  assert.match(subject, /Slack \(sample data\)/, "the debugger names the application");
  const signature = lineOf(lines, "signature");
  assert.equal(signature.outcome, "pass", signature.text);
  assert.match(signature.text, /valid.*current IdP certificate/, signature.text);
  assert.deepEqual(failing(lines), ["jitAttributes"], JSON.stringify(lines, null, 2));
  assert.match(lineOf(lines, "jitAttributes").text, /lastName/, "it names the attribute");
  const fingerprint = await browser.$("table[aria-label='Signatures'] code");
  assert.match(await fingerprint.getText(), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, "SHA-256 shown");
  const violations = await axeViolations(browser);
  assert.equal(violations.length, 0, `axe on the report:\n${formatViolations(violations)}`);
});

test("a tampered response fails the signature line", async () => {
  const { subject, lines } = await check(await samlResponse("tampered"));
  assert.match(subject, /Slack \(sample data\)/);
  const signature = lineOf(lines, "signature");
  assert.equal(signature.outcome, "fail", signature.text);
  assert.match(signature.text, /changed after it was signed/, signature.text);
});

test("a response for the wrong audience fails the audience line", async () => {
  const { subject, lines } = await check(await samlResponse("wrong-audience"));
  await screenshot(browser, "debugger-audience");
  assert.match(subject, /Slack \(sample data\)/, "found by its issuer all the same");
  const audience = lineOf(lines, "audience");
  assert.equal(audience.outcome, "fail", audience.text);
  assert.match(audience.text, /SP entity ID/, audience.text);
  assert.equal(lineOf(lines, "signature").outcome, "pass", "validly signed for another audience");
  const link = await browser.$("button=Open “Single sign-on”");
  await link.click();
  const tab = await browser.$("[role='tab'][aria-selected='true']");
  await tab.waitForExist({ timeout: 10000 });
  assert.equal(await tab.getText(), "Single sign-on", "the link opens the tab that fixes it");
});
