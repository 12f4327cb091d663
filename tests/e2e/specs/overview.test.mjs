// The Overview, the page SSO Desk opens on (in a fresh profile): the certificate timeline has one
// mark per SAML application (as many as the Certificates page has rows), with the same facts in
// text for screen readers; readiness checked from the Overview draws one bar per JIT application
// (as many as the Readiness page lists); each number opens the list it counts.
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

async function nav(label) {
  await (
    await browser.$("nav[aria-label='Main navigation']").$(`aria/${label}`)
  ).click();
}

async function count(selector) {
  return browser.execute((s) => document.querySelectorAll(s).length, selector);
}

let marks = 0;
let bars = 0;

test("the app opens on the Overview, with a mark per SAML application", async () => {
  await (await browser.$("h1=Overview")).waitForExist({ timeout: 20000 });
  const entry = await browser
    .$("nav[aria-label='Main navigation']")
    .$("aria/Overview");
  assert.equal(
    await entry.getAttribute("aria-current"),
    "page",
    "Overview is the current page",
  );
  const timeline = await browser.$("svg[data-testid='certificate-timeline']");
  await timeline.waitForExist({
    timeout: 30000,
    timeoutMsg: "the timeline never showed",
  });
  marks = await count("svg[data-testid='certificate-timeline'] [data-mark]");
  assert.ok(
    marks > 5,
    `the sample organisation has SAML applications: ${marks} marks`,
  );
  assert.match(
    await timeline.getAttribute("aria-label"),
    new RegExp(`of ${marks} SAML`),
  );
  assert.equal(
    await count("ul[aria-label='Certificates by expiry'] li"),
    marks,
    "every mark is also a line of text",
  );
  await screenshot(browser, "overview");
});

test("readiness checked from the Overview draws one bar per JIT application", async () => {
  await (await browser.$("button=Check readiness")).click();
  const list = await browser.$("ul[aria-label='JIT readiness by application']");
  await list.waitForExist({
    timeout: 60000,
    timeoutMsg: "the readiness bars never showed",
  });
  bars = await count(
    "ul[aria-label='JIT readiness by application'] li[data-readiness-bar]",
  );
  assert.ok(
    bars > 3,
    `the sample organisation has JIT applications: ${bars} bars`,
  );
  await screenshot(browser, "overview-readiness");
});

test("the Certificates and Readiness pages count the same", async () => {
  await nav("Certificates");
  await (
    await browser.$("table[aria-label='IdP certificates']")
  ).waitForExist({
    timeout: 30000,
    timeoutMsg: "the certificates never showed",
  });
  assert.equal(
    await count("table[aria-label='IdP certificates'] tbody tr"),
    marks,
  );
  await nav("Readiness");
  await (
    await browser.$("table[aria-label='Applications by readiness']")
  ).waitForExist({
    timeout: 30000,
    timeoutMsg: "the readiness results never showed",
  });
  assert.equal(
    await count("table[aria-label='Applications by readiness'] tbody tr"),
    bars,
  );
});

test("a number opens the list it counts", async () => {
  await nav("Overview");
  const jit = await browser.$("button*=with JIT Provisioning");
  await jit.waitForExist({ timeout: 20000 });
  const n = Number((await jit.getText()).split(" ")[0]);
  await jit.click();
  await (await browser.$("h1=Applications")).waitForExist({ timeout: 10000 });
  const counted = await browser.$("[data-testid='row-count']");
  await browser.waitUntil(
    async () => (await counted.getText()).startsWith(`${n} of `),
    {
      timeout: 30000,
      timeoutMsg: `the list never showed the ${n} JIT applications alone`,
    },
  );
  assert.equal(await (await browser.$("select")).getValue(), "jit");
});
