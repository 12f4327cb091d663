// The "User attributes" tab on the real app against its embedded sandbox. The sandbox listens on a
// port this test picks (--sandbox-port), so the test reads and changes the application over HTTP
// exactly as another admin in the console would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launch, freshHome, screenshot, openApplication, freePort } from "../lib/app.mjs";

const APP_ID = "5f0000000002000000000000";
const APP_LABEL = "Slack (sample data)";
const API_KEY = "sso-desk-sandbox-key"; // passed to the app with --sandbox-api-key

function sandbox(port) {
  const url = `http://127.0.0.1:${port}/api/applications/${APP_ID}`;
  const headers = { "x-api-key": API_KEY, "content-type": "application/json" };
  return {
    async read() {
      const res = await fetch(url, { headers });
      assert.equal(res.status, 200, "the sandbox serves the application");
      return res.json();
    },
    /** Another admin's edit: a complete PUT, as the console sends it. */
    async change(edit) {
      const app = await this.read();
      edit(app);
      const res = await fetch(url, { method: "PUT", headers, body: JSON.stringify(app) });
      assert.equal(res.status, 200, "the other edit lands");
    },
  };
}

async function start(home, port) {
  const { browser } = await launch({ home, args: ["--sandbox-port", String(port), "--sandbox-api-key", API_KEY] });
  const active = await browser.$("[data-testid='active-connection']");
  await active.waitForExist({ timeout: 30000, timeoutMsg: "the sandbox never came up" });
  return browser;
}

/** Applications -> the Slack sample -> "User attributes", as an admin gets there. */
async function openEditor(browser) {
  await openApplication(browser, APP_LABEL);
  const tab = await browser.$("aria/User attributes");
  await tab.waitForExist({ timeout: 10000 });
  await tab.click();
  const email = await browser.$("aria/Send email");
  await email.waitForExist({ timeout: 20000, timeoutMsg: "the attribute rows never showed" });
}

async function checked(browser, name) {
  return (await browser.$(`aria/Send ${name}`).getAttribute("aria-checked")) === "true";
}

async function waitChecked(browser, name, expected) {
  await browser.waitUntil(async () => (await checked(browser, name)) === expected, {
    timeout: 10000,
    timeoutMsg: `"Send ${name}" never became ${expected}`,
  });
}

async function typeInto(browser, label, text) {
  // The input itself (not its label), once it accepts typing: the row re-renders when its source
  // changes, and WebKitWebDriver refuses to clear a field that is not editable yet.
  const input = await browser.$(`input[aria-label='${label}']`);
  await input.waitForEnabled({ timeout: 10000, timeoutMsg: `"${label}" never became editable` });
  await input.click();
  await browser.keys(["Control", "a"]);
  await browser.keys("Backspace");
  await input.addValue(text);
  await browser.keys("Tab");
}

async function reviewAndSave(browser) {
  await (await browser.$("aria/Review changes")).click();
  const dialog = await browser.$("[role='dialog'][aria-labelledby='review-title']");
  await dialog.waitForExist({ timeout: 10000, timeoutMsg: "the review dialog never opened" });
  return dialog;
}

async function confirmSave(browser, dialog) {
  await (await dialog.$("aria/Save")).click();
  await browser.waitUntil(
    async () =>
      (
        await browser
          .$("p[role='status']")
          .getText()
          .catch(() => "")
      ).includes("Saved"),
    { timeout: 20000, timeoutMsg: "the save never finished" },
  );
}

const entries = (app, list) => app.config?.[list]?.value ?? [];
const byName = (app, list, name) => entries(app, list).find((e) => e.name === name);
/** The application without its attribute lists: what must not change. */
function rest(app) {
  const copy = structuredClone(app);
  delete copy.config.databaseAttributes;
  delete copy.config.constantAttributes;
  return copy;
}

test("switch off, map to a constant, add a custom attribute, review, save; reopening shows it", async () => {
  const home = freshHome();
  const port = await freePort();
  const api = sandbox(port);
  let browser = await start(home, port);
  try {
    const before = await api.read();
    await openEditor(browser);

    await (await browser.$("aria/Send firstName")).click();
    await waitChecked(browser, "firstName", false);

    await (await browser.$("aria/Source of lastName")).selectByAttribute("value", "constant");
    await typeInto(browser, "Constant value of lastName", "Doe");

    const rowsNow = () => browser.$$("table[aria-label='User attributes'] tbody tr").length;
    const count = await rowsNow();
    await (await browser.$("aria/Add attribute")).click();
    await browser.waitUntil(async () => (await rowsNow()) === count + 1, {
      timeout: 10000,
      timeoutMsg: "no row was added",
    });
    // The new row takes the focus; its name is empty until typed.
    await browser.keys("region".split(""));
    await browser.keys("Tab");
    const source = await browser.$("aria/Source of region");
    await source.waitForExist({ timeout: 10000 });
    await source.selectByAttribute("value", "custom:region");

    const dialog = await reviewAndSave(browser);
    const text = await dialog.getText();
    assert.match(text, /firstName/, "the review names the row switched off");
    assert.match(text, /Adds region/, "the review names the new row");
    await screenshot(browser, "attributes-review");
    await confirmSave(browser, dialog);

    const after = await api.read();
    assert.deepEqual(
      rest(after),
      rest(before),
      "every other field of the application is unchanged",
    );
    assert.equal(
      byName(after, "databaseAttributes", "firstName")?.visible,
      false,
      "firstName is off",
    );
    assert.equal(
      byName(after, "databaseAttributes", "lastName"),
      undefined,
      "lastName left the properties",
    );
    assert.equal(
      byName(after, "constantAttributes", "lastName")?.value,
      "Doe",
      "lastName is a constant",
    );
    assert.equal(
      byName(after, "databaseAttributes", "region")?.value,
      "region",
      "a custom attribute is stored by its bare name, as JumpCloud stores it",
    );
    for (const entry of entries(before, "databaseAttributes")) {
      if (["firstName", "lastName"].includes(entry.name)) continue;
      assert.deepEqual(
        byName(after, "databaseAttributes", entry.name),
        entry,
        `${entry.name} untouched`,
      );
    }

    // The assertion preview sends a user's own custom attribute value for the new row.
    const users = await fetch(`http://127.0.0.1:${port}/api/systemusers?limit=100`, {
      headers: { "x-api-key": API_KEY },
    }).then((r) => r.json());
    const withRegion = users.results.find((u) =>
      (u.attributes ?? []).some((a) => a.name === "region" && String(a.value).trim() !== ""),
    );
    assert.ok(withRegion, "the sample org has a user with a region custom attribute");
    const region = withRegion.attributes.find((a) => a.name === "region").value;
    await (await browser.$("aria/Assertion preview")).click();
    const find = await browser.$("aria/Find a user");
    await find.waitForExist({ timeout: 10000 });
    await find.setValue(withRegion.email);
    const pick = await browser.$(`button*=${withRegion.email}`);
    await pick.waitForExist({ timeout: 30000, timeoutMsg: "the user search never found the user" });
    await pick.click();
    const statements = await browser.$("aria/Attribute statements");
    await statements.waitForExist({ timeout: 30000, timeoutMsg: "the preview never showed" });
    const shown = await browser.execute(
      (el) =>
        [...el.querySelectorAll("tbody tr[data-attribute='region']")].map((r) =>
          r.children[1].textContent.trim(),
        ),
      statements,
    );
    assert.deepEqual(shown, [String(region)], "the preview sends the user's region value");

    await browser.deleteSession();
    browser = await start(home, port);
    await openEditor(browser);
    assert.equal(await checked(browser, "firstName"), false, "reopened: firstName is still off");
    assert.equal(await browser.$("aria/Constant value of lastName").getValue(), "Doe");
    assert.ok(
      await browser.$("aria/Send region").isExisting(),
      "reopened: the region row is there",
    );
  } finally {
    await browser?.deleteSession().catch(() => {});
  }
});

test("someone else's edit of the same row shows both sides; keep mine, then take theirs", async () => {
  const home = freshHome();
  const port = await freePort();
  const api = sandbox(port);
  const browser = await start(home, port);
  try {
    await openEditor(browser);
    await (await browser.$("aria/Source of lastName")).selectByAttribute("value", "constant");
    await typeInto(browser, "Constant value of lastName", "Mine");
    await api.change((app) => {
      byName(app, "databaseAttributes", "lastName").value = "username";
      app.description = "changed elsewhere";
    });

    let dialog = await reviewAndSave(browser);
    await (await dialog.$("aria/Save")).click();
    const conflict = await browser.$("[role='dialog'][aria-labelledby='conflict-title']");
    await conflict.waitForExist({ timeout: 20000, timeoutMsg: "no conflict view" });
    assert.match(await conflict.getText(), /Property username/, "their side is shown");
    assert.match(await conflict.getText(), /Constant "Mine"/, "my side is shown");
    await screenshot(browser, "attributes-conflict");
    await (await conflict.$("aria/Keep mine")).click();
    await (await conflict.$("aria/Apply choices and review")).click();
    dialog = await browser.$("[role='dialog'][aria-labelledby='review-title']");
    await dialog.waitForExist({ timeout: 10000 });
    await confirmSave(browser, dialog);
    let now = await api.read();
    assert.equal(byName(now, "constantAttributes", "lastName")?.value, "Mine", "mine was kept");
    assert.equal(now.description, "changed elsewhere", "their other change was kept");

    // Now the other way: I switch firstName off and change the constant; they change it too.
    await (await browser.$("aria/Send firstName")).click();
    await waitChecked(browser, "firstName", false);
    await typeInto(browser, "Constant value of lastName", "Mine again");
    await api.change((app) => {
      byName(app, "constantAttributes", "lastName").value = "Theirs";
    });
    dialog = await reviewAndSave(browser);
    await (await dialog.$("aria/Save")).click();
    const again = await browser.$("[role='dialog'][aria-labelledby='conflict-title']");
    await again.waitForExist({ timeout: 20000, timeoutMsg: "no second conflict view" });
    await (await again.$("aria/Take theirs")).click();
    await (await again.$("aria/Apply choices and review")).click();
    dialog = await browser.$("[role='dialog'][aria-labelledby='review-title']");
    await dialog.waitForExist({ timeout: 10000 });
    await confirmSave(browser, dialog);
    now = await api.read();
    assert.equal(
      byName(now, "constantAttributes", "lastName")?.value,
      "Theirs",
      "theirs was taken",
    );
    assert.equal(
      byName(now, "databaseAttributes", "firstName")?.visible,
      false,
      "my other change was kept",
    );
  } finally {
    await browser.deleteSession().catch(() => {});
  }
});

test("a crash with unsaved edits brings the draft back", async () => {
  const home = freshHome();
  const port = await freePort();
  let browser = await start(home, port);
  try {
    await openEditor(browser);
    await (await browser.$("aria/Send firstName")).click();
    await waitChecked(browser, "firstName", false);

    const pid = execFileSync("pgrep", ["-f", `sso-desk.*--profile ${home.root}`], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")[0];
    assert.ok(pid, "the app's process is found");
    process.kill(Number(pid), "SIGKILL");
    await browser.deleteSession().catch(() => {});

    browser = await start(home, port);
    await openEditor(browser);
    assert.equal(await checked(browser, "firstName"), false, "the unsaved edit came back");
    const notice = await browser.$("p[role='status']");
    assert.match(await notice.getText(), /restored/, "the admin is told the draft was restored");
    assert.ok(await browser.$("aria/Undo").isEnabled(), "the edit can still be undone");
  } finally {
    await browser?.deleteSession().catch(() => {});
  }
});
