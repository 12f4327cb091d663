// Benchmark (not a test): keystroke to painted results in the catalog search of the real app, on
// the large sample catalog (10,000 connectors). Types a scripted sequence of 60+ keystrokes
// (words, typos, corrections, deletions) at a brisk typist's pace and reads the page's
// `catalog-keystroke-to-paint` measures: from each input event's timestamp to the first animation
// frame after the results it led to are in the DOM. Also reports the size of one search reply
// over IPC and how many rows a result list renders.
//   scripts/e2e-local.sh ../bench/catalog-keystrokes.mjs   (or tests/bench/felt-speed.sh)
import { test, after } from "node:test";
import { launch } from "../e2e/lib/app.mjs";
import { percentile } from "./lib.mjs";

// Each entry is typed key by key; "\b" is Backspace.
const SCRIPT = [
  "slak", "\b", "ck", "\b\b\b\b\b",
  "zoon", "\b", "m", " vid", "\b\b\b\b\b\b\b\b",
  "salesfroce", "\b\b\b\b", "orce", "\b\b\b\b\b\b\b\b\b\b",
  "gogle", "\b\b\b", "ogle", "\b\b\b\b\b\b",
  "saml",
];
const PAUSE_MS = 90;

let browser;
after(async () => {
  await browser?.deleteSession();
});

test("catalog: keystroke to painted results, large catalog", { timeout: 15 * 60_000 }, async () => {
  ({ browser } = await launch({ args: ["--sandbox-size", "large"] }));
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Add application")).click();
  const box = await browser.$("aria/Search the catalog");
  await box.waitForExist({ timeout: 60_000 });
  await browser.waitUntil(
    () => browser.execute(() => document.querySelectorAll("#catalog-results [role=option]").length > 0),
    { timeout: 10 * 60_000, interval: 500, timeoutMsg: "the large catalog never loaded" },
  );
  await box.click();
  await browser.execute(() => performance.clearMeasures("catalog-keystroke-to-paint"));

  let keystrokes = 0;
  for (const chunk of SCRIPT) {
    for (const ch of chunk) {
      await browser.keys([ch === "\b" ? "Backspace" : ch]);
      keystrokes += 1;
      await browser.pause(PAUSE_MS);
    }
  }
  await browser.pause(500);
  const durations = await browser.execute(() =>
    performance.getEntriesByName("catalog-keystroke-to-paint").map((e) => e.duration),
  );
  const rows = await browser.execute(
    () => document.querySelectorAll("#catalog-results [role=option]").length,
  );
  // One reply as the page receives it: the same command the search box calls.
  const reply = await browser.executeAsync((done) => {
    const started = performance.now();
    window.__TAURI_INTERNALS__
      .invoke("search_catalog", {
        query: "sa",
        filter: { jitOnly: false, scimOnly: false, includeEndOfLife: false },
        limit: 50,
      })
      .then((found) => done({ bytes: JSON.stringify(found).length, rows: found.length, ms: performance.now() - started }));
  });

  const lines = [
    `keystrokes: ${keystrokes} (${PAUSE_MS} ms apart), painted measures: ${durations.length}`,
    `keystroke to painted: p50 ${percentile(durations, 50).toFixed(1)} ms, p95 ${percentile(durations, 95).toFixed(1)} ms, max ${Math.max(...durations).toFixed(1)} ms`,
    `all (ms, in typing order): ${durations.map((d) => d.toFixed(1)).join(" ")}`,
    `one search reply: ${reply.rows} rows, ${reply.bytes} bytes of JSON, ${reply.ms.toFixed(1)} ms round trip; rows rendered: ${rows}`,
  ];
  console.log(`\ncatalog-keystrokes\n  ${lines.join("\n  ")}\n`);
  if (durations.length < keystrokes) throw new Error("some keystrokes were never painted");
});
