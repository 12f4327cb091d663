// Layout at a small laptop's window (1024x768), in the light and the dark theme (--theme): no
// cell of the applications grid spills out of its column (text that does not fit ends in an
// ellipsis, with the whole text in its tooltip), the last column's header "User groups" is whole
// and uncovered, no Supported Functionality chip leaves its row (at 1024x768 and 1280x800: the
// list is virtualised with fixed row heights, so a chip that wrapped would lie over the next row),
// and a screenshot of every page lands in the artifacts folder for a look.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";

const WIDTH = 1024;
const HEIGHT = 768;
/** The window sizes SSO Desk supports at least: a small laptop and its default size. */
const SIZES = [
  [1024, 768],
  [1280, 800],
];

/** Sets the window's size through WebDriver and waits until the page has it. */
async function resize(browser, width, height) {
  await browser.setWindowSize(width, height);
  await browser.waitUntil(
    async () => (await browser.execute(() => window.innerWidth)) === width,
    {
      timeout: 10000,
      timeoutMsg: `the window never became ${width} pixels wide`,
    },
  );
}

/**
 * Every visible chip of every rendered row of the applications grid whose box is not inside its
 * row's box (or its cell's), and every cut text without a tooltip naming it whole.
 */
function chipReport(grid) {
  const strays = [];
  const untitled = [];
  const jitFolded = [];
  let chips = 0;
  const rows = [...grid.querySelectorAll("[role='row'][data-id]")];
  for (const row of rows) {
    const r = row.getBoundingClientRect();
    for (const chip of row.querySelectorAll(".chip")) {
      const c = chip.getBoundingClientRect();
      // JIT Provisioning is what SSO Desk is about: it is the last label to fold into a "+N".
      if (chip.textContent.trim() === "JIT Provisioning" && c.width <= 1)
        jitFolded.push(row.dataset.id);
      // A chip kept for screen readers only (visually hidden) has no box to check.
      if (c.width <= 1 || c.height <= 1) continue;
      chips++;
      const cell = chip.closest("[role='gridcell']").getBoundingClientRect();
      const inside =
        c.top >= r.top - 0.5 &&
        c.bottom <= r.bottom + 0.5 &&
        c.left >= cell.left - 0.5 &&
        c.right <= cell.right + 0.5;
      if (!inside) {
        strays.push(
          `"${chip.textContent.trim()}" of ${row.dataset.id} at ${Math.round(c.left)},${Math.round(c.top)}-${Math.round(c.right)},${Math.round(c.bottom)} outside row ${Math.round(r.top)}-${Math.round(r.bottom)} / cell ${Math.round(cell.left)}-${Math.round(cell.right)}`,
        );
      }
    }
    for (const el of row.querySelectorAll(
      "[role='gridcell'], [role='gridcell'] *",
    )) {
      if (el.children.length > 0 || el.scrollWidth <= el.clientWidth + 1)
        continue;
      const text = el.textContent.trim();
      const titled = el.closest("[title]")?.getAttribute("title") ?? "";
      if (text && !titled.includes(text.replace(/…$/, ""))) untitled.push(text);
    }
  }
  return { rows: rows.length, chips, strays, untitled, jitFolded };
}

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
      await browser.setWindowSize(WIDTH, HEIGHT);
      await browser.waitUntil(
        async () => (await browser.execute(() => window.innerWidth)) <= WIDTH,
        {
          timeout: 10000,
          timeoutMsg: `the window never became ${WIDTH} pixels wide`,
        },
      );
    });
    after(async () => {
      await browser?.deleteSession();
    });

    /** A screenshot of the page, which keeps to the window: nothing scrolls it sideways. */
    async function shot(page) {
      await screenshot(browser, `layout-${theme}-${page}`);
      const sideways = await browser.execute(
        () =>
          document.documentElement.scrollWidth >
          document.documentElement.clientWidth + 1,
      );
      assert.ok(!sideways, `${page} does not scroll sideways`);
    }

    async function nav(label) {
      await (
        await browser.$("nav[aria-label='Main navigation']").$(`aria/${label}`)
      ).click();
    }

    test("the app follows the theme it was launched with", async () => {
      const dark = await browser.execute(
        () => window.matchMedia("(prefers-color-scheme: dark)").matches,
      );
      assert.equal(
        dark,
        theme === "dark",
        `prefers-color-scheme is ${dark ? "dark" : "light"}`,
      );
      const size = await browser.execute(() => [
        window.innerWidth,
        window.innerHeight,
      ]);
      assert.ok(
        size[0] <= WIDTH && size[1] <= HEIGHT,
        `the page is ${size} at most`,
      );
    });

    test("no grid cell overflows its column; User groups is fully visible", async () => {
      await nav("Applications");
      const grid = await browser.$(
        "[role='grid'][aria-label='Configured applications']",
      );
      await grid.waitForExist({
        timeout: 30000,
        timeoutMsg: "the applications list never showed",
      });
      await (
        await grid.$("[role='row'][data-id]")
      ).waitForExist({ timeout: 30000 });
      await shot("applications");
      const report = await browser.execute((g) => {
        const overflowing = [];
        for (const cell of g.querySelectorAll(
          "[role='gridcell'], [role='columnheader']",
        )) {
          if (cell.scrollWidth <= cell.clientWidth + 1) continue;
          // Text cut by CSS with an ellipsis is fine; anything else spills out of its column.
          const style = getComputedStyle(cell);
          if (
            style.textOverflow === "ellipsis" &&
            style.overflowX !== "visible"
          )
            continue;
          overflowing.push(
            `${cell.getAttribute("role")} ${cell.getAttribute("aria-colindex")} "${cell.textContent.trim()}" (${cell.scrollWidth} > ${cell.clientWidth})`,
          );
        }
        const headers = [...g.querySelectorAll("[role='columnheader']")];
        const last = headers[headers.length - 1];
        const box = last.getBoundingClientRect();
        const frame = g.getBoundingClientRect();
        const button = last.querySelector("button");
        const cx = box.left + box.width / 2;
        const cy = box.top + box.height / 2;
        const top = document.elementFromPoint(cx, cy);
        return {
          overflowing,
          lastHeader: last.textContent.replace(/\s+/g, " ").trim(),
          box: {
            left: box.left,
            right: box.right,
            top: box.top,
            bottom: box.bottom,
          },
          frame: {
            left: frame.left,
            right: frame.right,
            top: frame.top,
            bottom: frame.bottom,
          },
          buttonCut: button
            ? button.scrollWidth > button.clientWidth + 1
            : false,
          covered: !(top && last.contains(top)),
          coveredBy: top
            ? `${top.tagName.toLowerCase()}.${top.className}`
            : "nothing",
          viewport: [window.innerWidth, window.innerHeight],
        };
      }, grid);
      assert.deepEqual(
        report.overflowing,
        [],
        "every grid cell fits its column or ends in an ellipsis",
      );
      assert.match(report.lastHeader, /^User groups/);
      const { box, frame } = report;
      assert.ok(
        box.left >= frame.left - 1 &&
          box.right <= frame.right + 1 &&
          box.top >= frame.top - 1 &&
          box.bottom <= frame.bottom + 1,
        `"User groups" lies within the grid: ${JSON.stringify(report)}`,
      );
      assert.ok(
        box.right <= report.viewport[0],
        `"User groups" is inside the window: ${JSON.stringify(report)}`,
      );
      assert.ok(
        !report.buttonCut,
        `"User groups" is not cut: ${JSON.stringify(report)}`,
      );
      assert.ok(
        !report.covered,
        `nothing covers "User groups": ${report.coveredBy}`,
      );
    });

    for (const [width, height] of SIZES) {
      test(`no chip leaves its row at ${width}x${height}; cut labels have a tooltip`, async () => {
        await resize(browser, width, height);
        await nav("Applications");
        const grid = await browser.$(
          "[role='grid'][aria-label='Configured applications']",
        );
        await grid.waitForExist({
          timeout: 30000,
          timeoutMsg: "the applications list never showed",
        });
        await (
          await grid.$("[role='row'][data-id]")
        ).waitForExist({ timeout: 30000 });
        await screenshot(
          browser,
          `layout-${theme}-applications-${width}x${height}`,
        );
        const report = await browser.execute(chipReport, grid);
        assert.ok(
          report.rows > 5 && report.chips > report.rows,
          `rows and chips: ${JSON.stringify(report)}`,
        );
        assert.deepEqual(
          report.strays,
          [],
          "every chip lies inside its row and its cell",
        );
        assert.deepEqual(
          report.untitled,
          [],
          "a cut text has its whole text as a tooltip",
        );
        // Put the window back for the tests that follow.
        await resize(browser, WIDTH, HEIGHT);
      });
    }

    test("screenshots of every page", async () => {
      await nav("Add application");
      await (
        await browser.$("aria/Search the catalog")
      ).waitForExist({ timeout: 20000 });
      await browser.waitUntil(
        async () =>
          (await browser.$$("#catalog-results [role='option']")).length > 0,
        {
          timeout: 30000,
          timeoutMsg: "the catalog never showed results",
        },
      );
      await shot("add-application");

      await nav("User groups");
      const option = await browser.$(
        "[role='listbox'][aria-label='User groups'] [role='option']",
      );
      await option.waitForExist({
        timeout: 30000,
        timeoutMsg: "the user groups never loaded",
      });
      await option.click();
      await (
        await browser.$("aria/Bind an application")
      ).waitForExist({ timeout: 10000 });
      await shot("user-groups");

      await nav("Readiness");
      await (
        await browser.$("table[aria-label='Applications by readiness']")
      ).waitForExist({
        timeout: 60000,
        timeoutMsg: "the readiness results never showed",
      });
      await shot("readiness");

      await nav("Settings");
      await (
        await browser.$("table[aria-label='Connections']")
      ).waitForExist({ timeout: 20000 });
      await shot("settings");

      await nav("Applications");
      const row = await browser.$("[role='grid'] [role='row'][data-id]");
      await row.waitForExist({ timeout: 30000 });
      await row.click();
      await (
        await browser.$("[role='tablist'][aria-label='Application sections']")
      ).waitForExist({
        timeout: 15000,
      });
      await shot("application");
    });
  });
}
