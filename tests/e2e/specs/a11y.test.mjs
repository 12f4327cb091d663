// axe-core (WCAG 2.0 and 2.1, A and AA) inside the real app on every page, dialog and tab an admin
// goes through, in the light and the dark theme (--theme): no serious or critical violation
// anywhere. Each failure prints axe's findings.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";
import { axeViolations, formatViolations } from "../lib/a11y.mjs";

const APP_LABEL = "Slack (sample data)";
const GROUP = "Sales (sample data)";

for (const theme of ["light", "dark"]) {
  describe(`${theme} theme`, () => {
    let browser;
    before(async () => {
      ({ browser } = await launch({ args: ["--theme", theme] }));
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

    async function check(name) {
      await screenshot(browser, `a11y-${theme}-${name}`);
      const violations = await axeViolations(browser);
      assert.equal(
        violations.length,
        0,
        `axe found ${violations.length} serious or critical violation(s) on ${name}:\n${formatViolations(violations)}`,
      );
    }

    async function nav(label) {
      await (await browser.$("nav[aria-label='Main navigation']").$(`aria/${label}`)).click();
    }

    async function waitFor(selector, what, timeout = 30000) {
      const el = await browser.$(selector);
      await el.waitForExist({ timeout, timeoutMsg: `${what} never showed` });
      return el;
    }

    /** Clicks the element among `selector` whose text is `text` (in the page, so no stale handles). */
    async function clickText(selector, text, what) {
      await browser.waitUntil(
        () =>
          browser.execute(
            (sel, t) => {
              const el = [...document.querySelectorAll(sel)].find(
                (e) => e.textContent.trim() === t,
              );
              el?.click();
              return Boolean(el);
            },
            selector,
            text,
          ),
        { timeout: 20000, timeoutMsg: `${what} never showed` },
      );
    }

    test("Overview, the first page, with its readiness bars", async () => {
      await waitFor("h1=Overview", "the Overview");
      await waitFor("svg[data-testid='certificate-timeline']", "the certificate timeline");
      await (await browser.$("button=Check readiness")).click();
      await waitFor("ul[aria-label='JIT readiness by application']", "the readiness bars", 60000);
      await check("overview");
    });

    test("Applications", async () => {
      await nav("Applications");
      await waitFor(
        "[role='grid'][aria-label='Configured applications'] [role='row'][data-id]",
        "a row",
      );
      await check("applications");
    });

    test("Add application, with results", async () => {
      await nav("Add application");
      const box = await waitFor("aria/Search the catalog", "the catalog search");
      await browser.waitUntil(async () => (await browser.$$("[role='option']")).length > 0, {
        timeout: 30000,
        timeoutMsg: "the catalog never showed results",
      });
      await box.click();
      for (const key of "zoom") await browser.keys([key]);
      await browser.waitUntil(
        () =>
          browser.execute(() =>
            [...document.querySelectorAll("#catalog-results [role='option'] .name")].some(
              (e) => e.textContent.trim() === "Zoom",
            ),
          ),
        { timeout: 20000, timeoutMsg: "Zoom is not among the results" },
      );
      await check("add-application");
    });

    test("the create workflow, every step", async () => {
      await clickText("#catalog-results [role='option'] .name", "Zoom", "Zoom in the results");
      const label = await waitFor("aria/Display label (required)", "the workflow's General step");
      await check("workflow-general");
      await label.setValue("Zoom (accessibility)");
      await (await browser.$("button=Next")).click();
      await waitFor("aria/ACS URL (required)", "the SSO step");
      await check("workflow-sso");
      await (await browser.$("button=Next")).click();
      await waitFor("aria/SP attribute name, row 1", "the attributes step");
      await check("workflow-attributes");
      await (await browser.$("button=Next")).click();
      await waitFor("pre[aria-labelledby='request-body-title']", "the review step");
      await check("workflow-review");
      await (await browser.$("button=Cancel")).click();
    });

    test("an application's tabs: Overview, User attributes, JIT readiness, Assertion preview", async () => {
      await nav("Applications");
      await waitFor("[role='grid'] [role='row'][data-id]", "a row");
      // The grid renders only the rows in view: narrow it to the one wanted.
      await (await browser.$("input[type='search']")).setValue(APP_LABEL);
      await clickText("[role='grid'] [role='row'] .label", APP_LABEL, APP_LABEL);
      await waitFor(`h1=${APP_LABEL}`, "the application's page");
      await waitFor("ul.groups", "the Overview's groups");
      await check("tab-overview");

      await (await browser.$("aria/User attributes")).click();
      await waitFor("aria/Send email", "the attribute rows");
      await check("tab-attributes");

      await (await browser.$("#tab-readiness")).click();
      await waitFor("[aria-label='Readiness counts']", "the readiness counts", 60000);
      await check("tab-readiness");

      await (await browser.$("#tab-preview")).click();
      const find = await waitFor(
        "section[aria-label='Assertion preview'] input[type='search']",
        "the user search",
      );
      await find.setValue("a");
      await waitFor("ul[aria-label='Matching users'] button", "the matching users");
      await (await browser.$("ul[aria-label='Matching users'] button")).click();
      await waitFor("table[aria-label='Attribute statements']", "the assertion preview");
      await check("tab-preview");
    });

    test("the review dialog", async () => {
      await (await browser.$("aria/User attributes")).click();
      const send = await waitFor("aria/Send lastName", "the lastName row");
      if ((await send.getAttribute("aria-checked")) === "true") await send.click();
      const review = await browser.$("aria/Review changes");
      await review.waitForEnabled({ timeout: 10000 });
      await review.click();
      await waitFor("[role='dialog'][aria-labelledby='review-title']", "the review dialog");
      await check("review-dialog");
      await (await browser.$("button=Back to editing")).click();
    });

    test("User groups, a group's panel and the bind dialog", async () => {
      await nav("User groups");
      await waitFor("[role='listbox'][aria-label='User groups'] [role='option']", "the groups");
      await check("groups");
      await clickText(
        "[role='listbox'][aria-label='User groups'] [role='option'] .name",
        GROUP,
        GROUP,
      );
      await waitFor(`h2=${GROUP}`, "the group's panel");
      await browser.waitUntil(
        async () =>
          (await browser.$("ul.apps").isExisting()) ||
          (await browser.$("*=No application is bound to this group").isExisting()),
        { timeout: 15000, timeoutMsg: "the group's applications never loaded" },
      );
      await check("group-panel");
      const bind = await browser.$("aria/Bind an application");
      await bind.waitForEnabled({ timeout: 10000 });
      await bind.click();
      await waitFor(
        "[role='dialog'] ul[aria-label='Applications to bind'] button",
        "the applications to bind",
      );
      await check("bind-dialog");
      await browser.keys(["Escape"]);
    });

    test("Readiness", async () => {
      await nav("Readiness");
      await waitFor(
        "table[aria-label='Applications by readiness']",
        "the readiness results",
        60000,
      );
      await check("readiness");
    });

    test("Assertion debugger", async () => {
      await nav("Assertion debugger");
      await waitFor("form[aria-label='SAML response input']", "the debugger's input");
      await check("debugger");
    });

    test("Settings, with the connection form", async () => {
      await nav("Settings");
      await waitFor("table[aria-label='Connections']", "the connections");
      await check("settings");
      await (await browser.$("button=Add connection")).click();
      await waitFor("form[aria-label='Add connection']", "the connection form");
      await check("connection-form");
      await (await browser.$("form[aria-label='Add connection']").$("button=Cancel")).click();
    });

    test("Snapshots", async () => {
      await nav("Snapshots");
      await waitFor("button=Compare with a folder…", "the Snapshots page");
      await check("snapshots");
    });

    test("the command palette", async () => {
      await browser.keys(["Control", "k"]);
      await waitFor("[role='dialog'][aria-labelledby='palette-title']", "the palette");
      for (const key of "sla") await browser.keys([key]);
      await waitFor("#palette-results [role='option']", "the palette's results");
      await check("palette");
      await browser.keys(["Escape"]);
    });
  });
}
