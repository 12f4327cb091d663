// Readiness on a first visit, in a fresh profile: with no run to show, the page runs one by itself
// (no click on Refresh), shows its progress meanwhile, and then lists the applications with JIT on.
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
});
after(async () => {
  await browser?.deleteSession();
});

test("the first visit runs readiness by itself, with progress, then lists the JIT applications", async () => {
  // Whatever the run's speed, a progress shown even for a moment is seen: an observer notes it.
  await browser.execute(() => {
    window.__readinessProgress = [];
    new MutationObserver(() => {
      const status = document.querySelector("main .load-progress[role='status']");
      if (status) {
        const text = status.textContent.replace(/\s+/g, " ").trim();
        const bar = Boolean(status.querySelector("progress"));
        const seen = window.__readinessProgress;
        if (!seen.some((s) => s.text === text)) seen.push({ text, bar });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // The only input: the navigation entry. Nothing on the page itself is pressed.
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Readiness")).click();
  await (await browser.$("h1=Readiness")).waitForExist({ timeout: 10000 });

  const table = await browser.$("table[aria-label='Applications by readiness']");
  await table.waitForExist({
    timeout: 60000,
    timeoutMsg: "the results never appeared by themselves",
  });
  await screenshot(browser, "readiness-first-visit");

  const progress = await browser.execute(() => window.__readinessProgress);
  assert.ok(progress.length > 0, "a progress was shown while the first run was under way");
  assert.ok(
    progress.every((p) => p.bar),
    `the progress has a progress bar: ${JSON.stringify(progress)}`,
  );

  const ranAt = await browser.$("[data-testid='org-ran-at']");
  assert.match(await ranAt.getText(), /^Last run: /, "the run's time is shown");
  const rows = await browser.execute(
    (t) =>
      [...t.querySelectorAll("tbody tr")].map((r) => ({
        name: r.querySelector("td button").textContent.trim(),
        users: Number(r.children[2].textContent),
      })),
    table,
  );
  assert.ok(rows.length > 0, "the applications with JIT on are listed");
  assert.ok(
    rows.some((r) => r.name === "Slack (sample data)"),
    `the sample JIT application is among them: ${JSON.stringify(rows)}`,
  );
  assert.ok(
    !(await browser.$("main .load-progress[role='status']").isExisting()),
    "the progress is gone once the results are in",
  );
});
