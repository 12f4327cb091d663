// The whole mission with the keyboard alone, in the real app against its embedded sandbox: add a
// JIT application from the catalog through the create workflow, stop sending one of its JIT
// attributes, review and save, and bind a user group to it. No click anywhere: only Tab,
// Shift+Tab, Enter, Space, the arrows and typing into the focused element. After every move the
// focus is somewhere (never on the page's body) and, on a control, visibly drawn.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";
import { focusState } from "../lib/a11y.mjs";

const LABEL = "Zoom (keyboard)";
const GROUP = "Sales (sample data)";

let browser;
before(async () => {
  ({ browser } = await launch());
  await (
    await browser.$("[data-testid='active-connection']")
  ).waitForExist({
    timeout: 30000,
    timeoutMsg: "the app never connected to its sandbox",
  });
});
after(async () => {
  await browser?.deleteSession();
});

/**
 * The focus is not lost to the page's body, and a control that has it shows a focus indicator.
 * A container the app focuses by script (the main area after a page change, a dialog's box) is
 * not a control: it only has to hold the focus so the next Tab starts there.
 */
async function assertFocus(context) {
  const state = await focusState(browser);
  assert.ok(!state.onBody, `${context}: the focus was lost to the page (${state.describe})`);
  if (!state.programmatic) {
    assert.ok(
      state.visible,
      `${context}: ${state.describe} has the focus but no visible indicator`,
    );
  }
  return state;
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's name matches, checking the indicator on
 * every control passed on the way.
 */
async function tabTo(name, { back = false, max = 40 } = {}) {
  const matches = typeof name === "string" ? (n) => n === name : (n) => name.test(n);
  for (let i = 0; i < max; i++) {
    await browser.keys(back ? ["Shift", "Tab"] : ["Tab"]);
    const state = await assertFocus(`${back ? "Shift+Tab" : "Tab"} towards ${name}`);
    if (matches(state.name)) return state;
  }
  throw new Error(`${max} presses of ${back ? "Shift+Tab" : "Tab"} never reached ${name}`);
}

async function press(key, context) {
  await browser.keys([key]);
  return assertFocus(`${context} (after ${key})`);
}

/** Types into whatever has the focus, as a keyboard would. */
async function typeHere(text) {
  const el = await browser.$(() => document.activeElement);
  await el.addValue(text);
}

async function selectAllAndType(text) {
  await browser.keys(["Control", "a"]);
  await browser.keys(["Backspace"]);
  await typeHere(text);
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function waitForFocus(predicate, what) {
  await browser.waitUntil(async () => predicate(await focusState(browser)), {
    timeout: 10000,
    timeoutMsg: `the focus never reached ${what}`,
  });
}

test("add a JIT application from the catalog with the keyboard", async () => {
  await tabTo("Add application");
  await press("Enter", "opening Add application");
  await (await browser.$("h1=Add application")).waitForExist({ timeout: 10000 });
  // A page change puts the focus on the main area (or the page's own first field).
  const landed = await assertFocus("Add application");
  if (landed.name !== "Search the catalog") await tabTo("Search the catalog");
  await browser.waitUntil(
    async () => (await browser.$$("#catalog-results [role='option']")).length > 0,
    {
      timeout: 30000,
      timeoutMsg: "the catalog never showed results",
    },
  );
  await typeHere("zoom");
  // The arrows move the active option; Zoom (a JIT connector) is chosen by its name.
  let index = -1;
  await browser.waitUntil(
    async () => {
      index = await browser.execute(() =>
        [...document.querySelectorAll("#catalog-results [role='option']")].findIndex(
          (o) => o.querySelector(".name")?.textContent.trim() === "Zoom",
        ),
      );
      return index >= 0;
    },
    { timeout: 20000, timeoutMsg: "Zoom is not among the results for zoom" },
  );
  const activeOption = () =>
    browser.execute(() =>
      [...document.querySelectorAll("#catalog-results [role='option']")].findIndex(
        (o) => o.getAttribute("aria-selected") === "true",
      ),
    );
  for (let i = 0; i < 30 && (await activeOption()) !== index; i++)
    await browser.keys(["ArrowDown"]);
  assert.equal(await activeOption(), index, "the arrows reach Zoom");
  assert.ok(
    (await (await browser.$(`#catalog-option-${index}`)).getText()).includes("JIT"),
    "Zoom supports JIT provisioning",
  );
  await browser.keys(["Enter"]);

  const label = await browser.$("aria/Display label (required)");
  await label.waitForExist({ timeout: 20000, timeoutMsg: "the create workflow did not open" });
  await assertFocus("the create workflow opened");
  await tabTo("Display label (required)");
  await typeHere(LABEL);
  await tabTo("Next");
  await browser.keys(["Enter"]);
  await (await browser.$("aria/ACS URL (required)")).waitForExist({ timeout: 10000 });
  await assertFocus("the Single sign-on step");
  await tabTo("ACS URL (required)", { back: true });
  await selectAllAndType("https://zoom.example.com/saml/acs-keyboard");
  await tabTo("Next");
  await browser.keys(["Enter"]);
  await (await browser.$("aria/SP attribute name, row 1")).waitForExist({ timeout: 10000 });
  await assertFocus("User attributes step");
  await tabTo("Next");
  await browser.keys(["Enter"]);
  await (
    await browser.$("pre[aria-labelledby='request-body-title']")
  ).waitForExist({ timeout: 10000 });
  await assertFocus("the Review step");
  await screenshot(browser, "keyboard-create-review");
  const create = await browser.$("button=Create");
  await create.waitForEnabled({ timeout: 10000 });
  await tabTo("Create");
  await browser.keys(["Enter"]);
  await (
    await browser.$(`h1=${LABEL}`)
  ).waitForExist({
    timeout: 20000,
    timeoutMsg: "the new application's page did not open",
  });
  await assertFocus("the new application's page");
});

test("stop sending a JIT attribute, review and save, with the keyboard", async () => {
  await tabTo("Overview");
  await press("ArrowRight", "to the User attributes tab");
  assert.equal(
    await (await browser.$("#tab-attributes")).getAttribute("aria-selected"),
    "true",
    "ArrowRight selects User attributes",
  );
  await (
    await browser.$("aria/Send lastName")
  ).waitForExist({
    timeout: 20000,
    timeoutMsg: "the attribute rows never showed",
  });
  await tabTo("Send lastName");
  await press("Space", "switching lastName off");
  await browser.waitUntil(
    async () =>
      (await (await browser.$("aria/Send lastName")).getAttribute("aria-checked")) === "false",
    { timeout: 10000, timeoutMsg: "Space did not switch lastName off" },
  );
  await tabTo("Review changes", { back: true });
  await press("Enter", "opening the review");
  const dialog = await browser.$("[role='dialog'][aria-labelledby='review-title']");
  await dialog.waitForExist({ timeout: 10000, timeoutMsg: "the review dialog never opened" });
  await assertFocus("the review dialog");
  assert.ok(
    await browser.execute((d) => d.contains(document.activeElement), dialog),
    "the focus is inside the review dialog",
  );
  assert.match(await dialog.getText(), /lastName/);
  await screenshot(browser, "keyboard-review");
  await tabTo(/^(Save|Retry save)$/);
  await browser.keys(["Enter"]);
  await browser.waitUntil(
    async () =>
      (
        (await browser
          .$("p[role='status']")
          .getText()
          .catch(() => "")) ?? ""
      ).includes("Saved"),
    { timeout: 20000, timeoutMsg: "the save never finished" },
  );
  await dialog.waitForExist({ reverse: true, timeout: 10000 });
  await assertFocus("after the review dialog closed");
});

test("bind a user group to the new application with the keyboard", async () => {
  // The Applications page reads the list again on every visit; the group's picker offers the
  // applications of the last list read, so the new one is there once it has been listed.
  await tabTo("Applications", { back: true, max: 80 });
  await press("Enter", "opening Applications");
  await (await browser.$("h1=Applications")).waitForExist({ timeout: 10000 });
  await assertFocus("Applications");
  await tabTo("Filter applications");
  await typeHere(LABEL);
  await browser.waitUntil(
    () =>
      browser.execute(
        (label) =>
          [...document.querySelectorAll("[role='grid'] [role='row'] .label")].some(
            (e) => e.textContent.trim() === label,
          ),
        LABEL,
      ),
    { timeout: 30000, timeoutMsg: `${LABEL} never showed among the applications` },
  );
  await tabTo("User groups", { back: true, max: 80 });
  await press("Enter", "opening User groups");
  const filter = await browser.$("section[aria-label='User groups'] input[type='search']");
  await filter.waitForExist({ timeout: 30000, timeoutMsg: "the user groups never loaded" });
  await assertFocus("User groups");
  await tabTo("Filter user groups");
  await typeHere("Sales");
  await (await browser.$(`[role='option'][data-id]`)).waitForExist({ timeout: 10000 });
  await tabTo(new RegExp(`^${escape(GROUP)}`));
  // Home selects the first (here the only) group, as the arrows do.
  await press("Home", "selecting the group");
  await (await browser.$(`h2=${GROUP}`)).waitForExist({ timeout: 10000 });
  const bind = await browser.$("aria/Bind an application");
  await bind.waitForEnabled({ timeout: 15000 });
  await tabTo("Bind an application");
  await press("Enter", "opening the bind dialog");
  const dialog = await browser.$("[role='dialog']");
  await dialog.waitForExist({ timeout: 5000 });
  await waitForFocus((s) => s.name === "Search applications", "the bind dialog's search");
  await typeHere(LABEL);
  await browser
    .waitUntil(
      () =>
        browser.execute(
          (label) =>
            [
              ...document.querySelectorAll(
                "[role='dialog'] ul[aria-label='Applications to bind'] .name",
              ),
            ]
              .map((e) => e.textContent.trim())
              .join("|") === label,
          LABEL,
        ),
      { timeout: 15000, timeoutMsg: `the picker did not narrow to ${LABEL}` },
    )
    .catch(async (err) => {
      await screenshot(browser, "keyboard-bind-failed");
      throw err;
    });
  await screenshot(browser, "keyboard-bind");
  await tabTo(new RegExp(`^${escape(LABEL)}`));
  await browser.keys(["Enter"]);
  await dialog.waitForExist({ reverse: true, timeout: 10000 });
  await browser.waitUntil(
    () =>
      browser.execute((label) => {
        const li = [...document.querySelectorAll("ul.apps li")].find(
          (l) => l.querySelector("button")?.textContent.trim() === label,
        );
        return Boolean(li && /Bound directly/.test(li.textContent));
      }, LABEL),
    { timeout: 15000, timeoutMsg: `${LABEL} never showed as bound to ${GROUP}` },
  );
  await assertFocus("after binding");
  await screenshot(browser, "keyboard-bound");
});
