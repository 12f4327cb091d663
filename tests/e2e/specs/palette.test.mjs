// The command palette in the real app: opened from the top bar's button and with Ctrl+K, a typo
// still finds an application, the arrows and Enter open it, Escape closes it and gives the focus
// back to whatever opened it, and pages and actions are reached the same way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";

let browser;
before(async () => {
  ({ browser } = await launch());
  await (
    await browser.$("[data-testid='active-connection']")
  ).waitForExist({
    timeout: 30000,
    timeoutMsg: "the app never connected to its sandbox",
  });
  // Applications first, so the palette has the list read to offer (the app opens on the Overview).
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Applications")).click();
  const grid = await browser.$("[role='grid'][aria-label='Configured applications']");
  await grid.waitForExist({ timeout: 30000, timeoutMsg: "the applications list never showed" });
});
after(async () => {
  await browser?.deleteSession();
});

const DIALOG = "[role='dialog'][aria-labelledby='palette-title']";

async function palette() {
  const dialog = await browser.$(DIALOG);
  await dialog.waitForExist({ timeout: 5000, timeoutMsg: "the command palette did not open" });
  const title = await browser.$("#palette-title");
  assert.equal(await title.getText(), "Command palette");
  const box = await dialog.$(
    "[role='combobox'][aria-label='Go to an application, user group, page or action']",
  );
  await box.waitForExist({ timeout: 5000 });
  const results = await dialog.$("[role='listbox'][aria-label='Results']");
  assert.ok(await results.isExisting(), "the palette has a Results listbox");
  // The query field has the focus on open.
  await browser.waitUntil(() => browser.execute((el) => document.activeElement === el, box), {
    timeout: 5000,
    timeoutMsg: "the palette's field did not get the focus",
  });
  return { dialog, box, results };
}

/** Types one key per action: WebKitWebDriver merges repeated letters sent in one keys() call. */
async function type(text) {
  for (const key of text) await browser.keys([key]);
}

/** The labels of the options, in order, and which one is selected. */
async function options() {
  return browser.execute(() =>
    [...document.querySelectorAll("#palette-results [role='option']")].map((o) => ({
      label: o.querySelector(".label").textContent.trim(),
      kind: o.querySelector(".kind").textContent.trim(),
      selected: o.getAttribute("aria-selected") === "true",
    })),
  );
}

async function waitForOption(label, kind) {
  let found;
  await browser.waitUntil(
    async () => {
      found = (await options()).findIndex((o) => o.label === label && (!kind || o.kind === kind));
      return found >= 0;
    },
    { timeout: 10000, timeoutMsg: `the palette never offered ${label}` },
  );
  return found;
}

/** Moves the active option to `index` with the arrows, from the first one. */
async function arrowTo(index) {
  for (let i = 0; i < index; i++) await browser.keys(["ArrowDown"]);
  await browser.waitUntil(async () => (await options())[index]?.selected === true, {
    timeout: 5000,
    timeoutMsg: `option ${index} never became the selected one`,
  });
}

test("the top bar's button opens it; a typo finds Slack; ArrowDown and Enter open it", async () => {
  // Found by its accessible name; the Ctrl+K hint next to it is hidden from assistive technology.
  const opener = await browser.$("aria/Command palette");
  assert.equal(await opener.getTagName(), "button");
  assert.equal(await opener.getAttribute("aria-keyshortcuts"), "Control+K");
  await opener.click();
  await palette();
  await type("slakc");
  const index = await waitForOption("Slack (sample data)", "Application");
  // The first result is selected until the arrows move; go one down and back if Slack is first.
  if (index === 0) {
    await browser.keys(["ArrowDown"]);
    await browser.keys(["ArrowUp"]);
  } else {
    await arrowTo(index);
  }
  assert.ok((await options())[index].selected, "Slack is the active option");
  await screenshot(browser, "palette-typo");
  await browser.keys(["Enter"]);
  await (await browser.$(DIALOG)).waitForExist({ reverse: true, timeout: 5000 });
  await (
    await browser.$("h1=Slack (sample data)")
  ).waitForExist({
    timeout: 15000,
    timeoutMsg: "Enter did not open Slack's page",
  });
});

test("Ctrl+K opens it, Escape closes it and the focus returns to the opener", async () => {
  const opener = await browser.$("aria/Command palette");
  // Keyboard first: the opener has the focus, then Ctrl+K.
  await browser.execute((el) => el.focus(), opener);
  await browser.keys(["Control", "k"]);
  await palette();
  await browser.keys(["Escape"]);
  await (
    await browser.$(DIALOG)
  ).waitForExist({
    reverse: true,
    timeout: 5000,
    timeoutMsg: "Escape did not close the palette",
  });
  await browser.waitUntil(() => browser.execute((el) => document.activeElement === el, opener), {
    timeout: 5000,
    timeoutMsg: "the focus did not return to the palette's button",
  });

  // The button opens it too, and Escape gives the focus back to it.
  await browser.keys(["Enter"]);
  await palette();
  await browser.keys(["Escape"]);
  await (await browser.$(DIALOG)).waitForExist({ reverse: true, timeout: 5000 });
  assert.ok(
    await browser.execute((el) => document.activeElement === el, opener),
    "the focus is back on the button after Enter and Escape",
  );
});

test("a page: User groups", async () => {
  await browser.keys(["Control", "k"]);
  await palette();
  await type("user gr");
  const index = await waitForOption("User groups", "Page");
  if (index > 0) await arrowTo(index);
  await browser.keys(["Enter"]);
  await (
    await browser.$("h1=User groups")
  ).waitForExist({
    timeout: 10000,
    timeoutMsg: "the palette did not go to User groups",
  });
  await (
    await browser.$("[role='listbox'][aria-label='User groups']")
  ).waitForExist({
    timeout: 30000,
    timeoutMsg: "the user groups never loaded",
  });
});

test("an action: Refresh readiness runs a readiness check", async () => {
  await browser.keys(["Control", "k"]);
  await palette();
  await type("refresh rea");
  const index = await waitForOption("Refresh readiness", "Action");
  if (index > 0) await arrowTo(index);
  await screenshot(browser, "palette-action");
  await browser.keys(["Enter"]);
  await (
    await browser.$("h1=Readiness")
  ).waitForExist({
    timeout: 10000,
    timeoutMsg: "the action did not open Readiness",
  });
  // The action runs a check: its time of run appears once the organisation has been read.
  const ranAt = await browser.$("[data-testid='org-ran-at']");
  await ranAt.waitForExist({ timeout: 60000, timeoutMsg: "the readiness run never finished" });
  await (
    await browser.$("table[aria-label='Applications by readiness']")
  ).waitForExist({
    timeout: 10000,
  });
});
