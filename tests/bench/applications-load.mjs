// Benchmark (not a test): how long the Configured applications list takes to load and paint for
// the large sample organisation (2,000 applications, 10,000 connectors, 500 user groups), first
// from the network with no saved list, then from the saved list after a restart.
//
// Runs the release app under the end-to-end harness with `--sandbox-size large`:
//   scripts/e2e-local.sh ../bench/applications-load.mjs
// The page marks `applications:<source>-start` and `applications:<source>-painted` (after two
// animation frames, once the rows are on screen); the figures are the gaps between them.
import { test, after } from "node:test";
import { launch } from "../e2e/lib/app.mjs";
import { waitForMark } from "./lib.mjs";

const GRID = "[role='grid'][aria-label='Configured applications']";
let browser;
after(async () => {
  await browser?.deleteSession();
});

function ms(n) {
  return `${Math.round(n)} ms`;
}

test("applications list load, large sample organisation", { timeout: 20 * 60_000 }, async () => {
  const started = Date.now();
  let home;
  ({ browser, home } = await launch({ args: ["--sandbox-size", "large"] }));
  const first = await waitForMark(browser, "applications:network-painted", 15 * 60_000, 250);
  const rows = await (await browser.$(GRID)).getAttribute("data-total");
  const firstWall = Date.now() - started;
  await browser.deleteSession();

  const restarted = Date.now();
  ({ browser } = await launch({ home, args: ["--sandbox-size", "large"] }));
  const second = await waitForMark(browser, "applications:network-painted", 15 * 60_000, 250);
  const secondWall = Date.now() - restarted;

  const lines = [
    `rows: ${rows}`,
    `first start, from the network (sandbox seeded on first use): ` +
      `${ms(first["applications:network-painted"] - first["applications:network-start"])} ` +
      `(page load to painted ${ms(first["applications:network-painted"])}, wall ${ms(firstWall)})`,
    `restart, from the saved list: ` +
      `${ms(second["applications:cache-painted"] - second["applications:cache-start"])} ` +
      `(page load to painted ${ms(second["applications:cache-painted"])})`,
    `restart, refreshed from the network: ` +
      `${ms(second["applications:network-painted"] - second["applications:network-start"])} ` +
      `(wall ${ms(secondWall)})`,
  ];
  console.log(`\napplications-load\n  ${lines.join("\n  ")}\n`);
});
