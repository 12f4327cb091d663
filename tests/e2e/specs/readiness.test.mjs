// JIT readiness end to end: the real app against its embedded sandbox. The sample org's readiness
// demo application (Slack) has users with an empty lastName, one of them bound to it directly
// (no group); filling one through the sandbox's API and refreshing moves that user to ready,
// binding another user directly counts them, and the assertion preview matches the sandbox's own
// computation of the assertion, attribute for attribute.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot, freePort } from "../lib/app.mjs";

// Facts of the sample organisation (sso-desk-sandbox's `sample` module).
const DEMO_APP_ID = "5f0000000002000000000000";
const DEMO_APP_LABEL = "Slack (sample data)";
const USERS_WITHOUT_LASTNAME = [
  "5f0000000004000000000007",
  "5f0000000004000000000013",
  "5f000000000400000000003a",
  "5f0000000004000000000085",
  "5f000000000400000000012d",
];
// Bound to Slack directly, in no group that reaches it.
const DIRECTLY_BOUND_USER = USERS_WITHOUT_LASTNAME[2];
// In no group that reaches Slack, and with every attribute Slack's JIT needs.
const OUTSIDER = "5f0000000004000000000002";
const API_KEY = "sso-desk-sandbox-key"; // passed to the app with --sandbox-api-key

let browser;
let sandbox;

async function api(method, path, body) {
  const response = await fetch(`${sandbox}${path}`, {
    method,
    headers: {
      "x-api-key": API_KEY,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
  return response.json();
}

/** The ids of the users the not-ready table lists, once it is shown. */
async function notReadyIds(scope) {
  const table = await scope.$("aria/Users not ready");
  await table.waitForExist({ timeout: 30000, timeoutMsg: "the not-ready table never showed" });
  return browser.execute(
    (el) => [...el.querySelectorAll("tbody tr[data-user-id]")].map((r) => r.dataset.userId),
    table,
  );
}

before(async () => {
  const port = await freePort();
  sandbox = `http://127.0.0.1:${port}`;
  ({ browser } = await launch({ args: ["--sandbox-port", String(port), "--sandbox-api-key", API_KEY] }));
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({
    timeout: 30000,
    timeoutMsg: "the app never connected to its sandbox",
  });
});

after(async () => {
  await browser?.deleteSession();
});

test("the Readiness page lists the demo application with its users lacking lastName", async () => {
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Readiness")).click();
  await (await browser.$("button=Refresh")).click();
  const ranAt = await browser.$("[data-testid='org-ran-at']");
  await ranAt.waitForExist({ timeout: 60000, timeoutMsg: "the refresh never finished" });
  const open = await browser.$(`button=${DEMO_APP_LABEL}`);
  await open.waitForExist({ timeout: 10000, timeoutMsg: "the demo application is not listed" });
  await open.click();
  const ids = await notReadyIds(browser);
  for (const id of USERS_WITHOUT_LASTNAME) {
    assert.ok(ids.includes(id), `user ${id} has no lastName, so must be listed as not ready`);
  }
  const missing = await browser.execute(
    (id) => document.querySelector(`tr[data-user-id="${id}"]`)?.lastElementChild?.textContent,
    USERS_WITHOUT_LASTNAME[0],
  );
  assert.match(missing ?? "", /lastName/, "the table names the attribute the user lacks");
  const bound = await browser.execute(
    () =>
      Object.fromEntries(
        [...document.querySelectorAll("tr[data-user-id]")].map((r) => [
          r.dataset.userId,
          r.querySelector("[data-bound-by]")?.textContent?.trim(),
        ]),
      ),
  );
  assert.equal(bound[DIRECTLY_BOUND_USER], "Directly", "the user bound with no group says so");
  assert.equal(bound[USERS_WITHOUT_LASTNAME[0]], "Through a group", "a group member says so");
  await screenshot(browser, "readiness-org");
});

test("filling lastName through the API and refreshing moves that user to ready", async () => {
  const [filled] = USERS_WITHOUT_LASTNAME;
  await api("PUT", `/api/systemusers/${filled}`, { lastname: "Filled-In" });
  const before = Number(await (await browser.$("[data-testid='count-ready']")).getText());
  await (await browser.$("button=Refresh")).click();
  await browser.waitUntil(
    async () => !(await notReadyIds(browser).catch(() => [filled])).includes(filled),
    { timeout: 60000, timeoutMsg: "the user with a lastName now is still listed as not ready" },
  );
  const ids = await notReadyIds(browser);
  for (const id of USERS_WITHOUT_LASTNAME.slice(1)) {
    assert.ok(ids.includes(id), `user ${id} still lacks lastName and stays not ready`);
  }
  const after = Number(await (await browser.$("[data-testid='count-ready']")).getText());
  assert.equal(after, before + 1, "one more user is ready");
});

test("a user bound directly through the API counts after a refresh and shows on the overview", async () => {
  const count = async (id) => Number(await (await browser.$(`[data-testid='${id}']`)).getText());
  const [users, ready] = [await count("count-users"), await count("count-ready")];
  const reached = await api("GET", `/api/v2/applications/${DEMO_APP_ID}/users?limit=100`);
  assert.ok(!reached.some((u) => u.id === OUTSIDER), "the outsider starts without access");
  const response = await fetch(`${sandbox}/api/v2/applications/${DEMO_APP_ID}/associations`, {
    method: "POST",
    headers: { "x-api-key": API_KEY, "content-type": "application/json" },
    body: JSON.stringify({ op: "add", type: "user", id: OUTSIDER }),
  });
  assert.equal(response.status, 204, "the sandbox binds the user directly");
  await (await browser.$("button=Refresh")).click();
  await browser.waitUntil(async () => (await count("count-users")) === users + 1, {
    timeout: 60000,
    timeoutMsg: "the user bound directly was never counted among those who can sign in",
  });
  assert.equal(await count("count-ready"), ready + 1, "with every attribute, they are ready");

  await (await browser.$("button=Open application")).click();
  const list = await browser.$("ul[aria-labelledby='direct-users-heading']");
  await list.waitForExist({ timeout: 20000, timeoutMsg: "the overview lists no direct user" });
  const listed = await browser.execute(
    (el) => [...el.querySelectorAll("li[data-user-id]")].map((li) => li.dataset.userId),
    list,
  );
  assert.deepEqual(
    [...listed].sort(),
    [DIRECTLY_BOUND_USER, OUTSIDER].sort(),
    "the overview names exactly the users bound directly",
  );
  await screenshot(browser, "overview-direct-users");
});

test("the assertion preview matches the sandbox's assertion for a user", async () => {
  const userId = USERS_WITHOUT_LASTNAME[1];
  const user = await api("GET", `/api/systemusers/${userId}`);
  const expected = await api("GET", `/sandbox/assertion?application=${DEMO_APP_ID}&user=${userId}`);

  await (await browser.$("aria/Assertion preview")).click();
  const search = await browser.$("aria/Find a user");
  await search.waitForExist({ timeout: 10000 });
  await search.setValue(user.email);
  const pick = await browser.$(`button*=${user.email}`);
  await pick.waitForExist({ timeout: 20000, timeoutMsg: "the user search never found the user" });
  await pick.click();
  const table = await browser.$("aria/Attribute statements");
  await table.waitForExist({ timeout: 20000, timeoutMsg: "the preview never showed" });
  const shown = await browser.execute(
    (el) =>
      [...el.querySelectorAll("tbody tr[data-attribute]")].map((r) => ({
        name: r.dataset.attribute,
        empty: r.classList.contains("empty"),
        value: r.classList.contains("empty") ? "" : r.children[1].textContent.trim(),
        source: r.children[2].textContent.trim(),
      })),
    table,
  );
  const sourceWords = {
    property: "User property",
    customAttribute: "Custom attribute",
    constant: "Constant",
  };
  assert.deepEqual(
    shown.map((s) => s.name),
    expected.attributes.map((a) => a.name),
    "the same statements, in the same order",
  );
  expected.attributes.forEach((a, i) => {
    const s = shown[i];
    const empty = a.value.trim() === "";
    assert.equal(s.empty, empty, `${a.name}: flagged empty exactly when the sandbox sends ""`);
    if (!empty) assert.equal(s.value, a.value.trim(), `${a.name}: same value as the sandbox`);
    assert.ok(s.source.startsWith(sourceWords[a.source]), `${a.name}: source ${a.source}`);
  });
  assert.ok(
    shown.some((s) => s.name === "lastName" && s.empty),
    "this user's lastName is flagged empty",
  );
  const nameId = await (await browser.$("[data-testid='name-id']")).getText();
  assert.equal(nameId, expected.nameId, "the NameID is what the sandbox sends");
  await screenshot(browser, "readiness-preview");
});
