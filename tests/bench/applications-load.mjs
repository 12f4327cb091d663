// Benchmark (not a test): how long the applications list takes to load and paint on the first page
// (the Overview) for the large sample organisation (2,000 applications, 10,000 connectors, 500
// user groups), first from the network with no saved list, then from the saved list after a
// restart.
//
// Runs the release app under the end-to-end harness with `--sandbox-size large`:
//   scripts/e2e-local.sh ../bench/applications-load.mjs
// The page marks `overview:<source>-start` and `overview:<source>-painted` (after two
// animation frames, once the figures are on screen); the figures are the gaps between them.
import { test, after } from "node:test";
import { launch } from "../e2e/lib/app.mjs";
import { waitForMark } from "./lib.mjs";

// The app opens on the Overview, which reads the list as the Applications page does.
const OVERVIEW = "[data-testid='overview']";
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
  const first = await waitForMark(browser, "overview:network-painted", 15 * 60_000, 250);
  const rows = await (await browser.$(OVERVIEW)).getAttribute("data-total");
  const firstWall = Date.now() - started;
  await browser.deleteSession();

  const restarted = Date.now();
  ({ browser } = await launch({ home, args: ["--sandbox-size", "large"] }));
  const second = await waitForMark(browser, "overview:network-painted", 15 * 60_000, 250);
  const secondWall = Date.now() - restarted;

  const lines = [
    `rows: ${rows}`,
    `first start, from the network (sandbox seeded on first use): ` +
      `${ms(first["overview:network-painted"] - first["overview:network-start"])} ` +
      `(page load to painted ${ms(first["overview:network-painted"])}, wall ${ms(firstWall)})`,
    `restart, from the saved list: ` +
      `${ms(second["overview:cache-painted"] - second["overview:cache-start"])} ` +
      `(page load to painted ${ms(second["overview:cache-painted"])})`,
    `restart, refreshed from the network: ` +
      `${ms(second["overview:network-painted"] - second["overview:network-start"])} ` +
      `(wall ${ms(secondWall)})`,
  ];
  console.log(`\napplications-load\n  ${lines.join("\n  ")}\n`);
});
