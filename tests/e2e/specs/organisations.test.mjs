// A provider connection on the real app: the embedded sandbox serves three organisations
// (--sandbox-orgs 3). The Organisations page lists them with the sandbox's counts (read here with
// each organisation's x-org-id), switching to the second and opening an application shows that
// organisation's, and the Certificates view across organisations lists every SAML application.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot, openApplication, freePort } from "../lib/app.mjs";

const API_KEY = "sso-desk-sandbox-key";
const RENAMED = "Only In The Second Organisation (sample data)";

let browser;
let home;
let base;
async function api(path, org, init = {}) {
  const headers = { "x-api-key": API_KEY, "content-type": "application/json" };
  if (org) headers["x-org-id"] = org;
  const res = await fetch(`${base}${path}`, { ...init, headers });
  assert.equal(res.status, 200, `${path} for ${org}`);
  return res.json();
}

/** Starts the app on the three organisations (again on the same profile once `home` is set). */
async function start() {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  ({ browser, home } = await launch({
    home,
    args: ["--sandbox-orgs", "3", "--sandbox-port", String(port), "--sandbox-api-key", API_KEY],
  }));
  const active = await browser.$("[data-testid='active-organisation']");
  await active.waitForExist({ timeout: 60000, timeoutMsg: "the organisation switcher never showed" });
}

before(start);
after(async () => {
  await browser?.deleteSession();
});

/** The organisation ids the Organisations page lists, once it shows `count` rows. */
async function listedRows(count) {
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Organisations")).click();
  await (await browser.$("h1=Organisations")).waitForExist({ timeout: 10000 });
  let ids = [];
  await browser.waitUntil(
    async () => {
      ids = await browser.execute(() =>
        [...document.querySelectorAll("table[aria-label='Organisations'] tbody tr")].map(
          (r) => r.dataset.orgId,
        ),
      );
      return ids.length === count;
    },
    { timeout: 30000, timeoutMsg: `the page never listed ${count} organisations` },
  );
  return ids;
}

async function organisations() {
  const listed = await api("/api/organizations?limit=100");
  assert.equal(listed.totalCount, 3, "the sandbox serves three organisations");
  const orgs = [];
  for (const o of listed.results) {
    const apps = await api("/api/applications?limit=100", o._id);
    orgs.push({
      id: o._id,
      name: o.displayName,
      apps: apps.results,
      saml: apps.results.filter((a) => a.sso?.type === "saml").length,
    });
  }
  return orgs;
}

test("the Organisations page lists the three with the sandbox's counts", async () => {
  const orgs = await organisations();
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Organisations")).click();
  await (await browser.$("h1=Organisations")).waitForExist({ timeout: 10000 });
  for (const org of orgs) {
    // A row shows "—" until its organisation has been read: wait for a number.
    await browser.waitUntil(
      async () =>
        /^\d+$/.test(
          ((await browser.execute(
            (id) =>
              document.querySelector(`tr[data-org-id='${id}'] [data-column='applications']`)
                ?.textContent,
            org.id,
          )) ?? "").trim(),
        ),
      { timeout: 60000, timeoutMsg: `${org.name} never showed its count` },
    );
    const shown = await browser.execute(
      (id) => ({
        name: document.querySelector(`tr[data-org-id='${id}'] th`)?.textContent,
        count: document.querySelector(`tr[data-org-id='${id}'] [data-column='applications']`)
          ?.textContent,
      }),
      org.id,
    );
    assert.ok(shown.name?.includes(org.name), `the row names ${org.name}: ${shown.name}`);
    assert.equal(shown.count?.trim(), String(org.apps.length), `${org.name}'s applications`);
  }
  await screenshot(browser, "organisations-page");
});

test("switching to the second and opening an application shows that organisation's", async () => {
  const orgs = await organisations();
  const second = orgs[1];
  const app = { ...second.apps[0], displayLabel: RENAMED };
  await api(`/api/applications/${app._id}`, second.id, { method: "PUT", body: JSON.stringify(app) });
  const select = await browser.$("aria/Switch organisation");
  await select.selectByAttribute("value", second.id);
  await browser.waitUntil(
    async () => (await (await browser.$("[data-testid='active-organisation']")).getText()) === second.name,
    { timeout: 20000, timeoutMsg: "the status bar never named the second organisation" },
  );
  await openApplication(browser, RENAMED);
  await screenshot(browser, "organisations-second-application");
});

test("an application search across organisations finds the second organisation's application", async () => {
  const orgs = await organisations();
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Organisations")).click();
  const form = await browser.$("form[aria-label='Applications in every organisation']");
  await form.waitForExist({ timeout: 20000, timeoutMsg: "the search across organisations never showed" });
  await (await form.$("input[type='search']")).setValue("only in the second");
  await (await form.$("button=Search every organisation")).click();
  const table = await browser.$("table[aria-label='Applications found in every organisation']");
  await table.waitForExist({ timeout: 30000 }).catch(async () => {
    const said = await browser.execute(
      () => document.querySelector("section[aria-labelledby='across-search-heading']")?.textContent,
    );
    assert.fail(`the search found nothing: ${said}`);
  });
  const rows = await browser.execute(() =>
    [...document.querySelectorAll("table[aria-label='Applications found in every organisation'] tbody tr")].map(
      (r) => [r.querySelector("[data-column='organisation']")?.textContent, r.querySelector("th")?.textContent.trim()],
    ),
  );
  assert.deepEqual(rows, [[orgs[1].name, RENAMED]], "one row, naming the second organisation");
});

test("the Certificates view across organisations lists every SAML application of the three", async () => {
  const orgs = await organisations();
  const expected = orgs.reduce((n, o) => n + o.saml, 0);
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Certificates")).click();
  const across = await browser.$("button=Across organisations");
  await across.waitForExist({ timeout: 20000 });
  await across.click();
  const table = await browser.$("table[aria-label='IdP certificates across organisations']");
  await table.waitForExist({ timeout: 60000, timeoutMsg: "the certificates across never showed" });
  const rows = await browser.execute(() =>
    [...document.querySelectorAll("table[aria-label='IdP certificates across organisations'] tbody tr")].map(
      (r) => r.querySelector("[data-column='organisation']")?.textContent,
    ),
  );
  assert.equal(rows.length, expected, "one row per SAML application of every organisation");
  for (const org of orgs) {
    assert.equal(
      rows.filter((name) => name === org.name).length,
      org.saml,
      `${org.name}'s certificates, each naming it`,
    );
  }
  await screenshot(browser, "organisations-certificates-across");
});

test("the organisations picked to work with are the page's, and stay picked after a restart", async () => {
  const orgs = await organisations();
  await listedRows(3);
  await (await browser.$("summary*=Organisations to work with")).click();
  await (await browser.$("details.work-with").$(`label*=${orgs[0].name}`)).click();
  await (await browser.$("button=Work with these")).click();
  const picked = [orgs[1].id, orgs[2].id];
  assert.deepEqual((await listedRows(2)).sort(), [...picked].sort(), "the page lists the two picked");
  await screenshot(browser, "organisations-work-with");

  await browser.deleteSession();
  await start();
  assert.deepEqual((await listedRows(2)).sort(), [...picked].sort(), "still the two after a restart");
  const summary = await (await browser.$("summary*=Organisations to work with")).getText();
  assert.match(summary, /\(2 of 3\)/);
});
