// Benchmark (not a test): the large organisation's loads in the real app, against the standalone
// sandbox with 25 ms added to every request (a distant JumpCloud): the Configured applications
// list's first load (a fresh profile, nothing saved) and the Readiness page's first run. For each:
// the requests the sandbox answered, the floor no client can beat at the app's concurrency
// (requests / concurrency x latency) and the time between the page's performance marks.
//   scripts/e2e-local.sh ../bench/large-org-loads.mjs   (or tests/bench/felt-speed.sh)
import { test, after } from "node:test";
import { launch } from "../e2e/lib/app.mjs";
import { SANDBOX_KEY, sandboxRequests, startSandbox, waitForMark } from "./lib.mjs";

const LATENCY_MS = 25;
// Requests in flight at once on one connection: `ConnectionOptions::default().page_concurrency`.
const CONCURRENCY = Number(process.env.SSO_DESK_CONCURRENCY ?? 8);

let browser;
let sandbox;
after(async () => {
  await browser?.deleteSession();
  await sandbox?.stop();
});

function line(name, requests, ms) {
  const floor = (requests / CONCURRENCY) * LATENCY_MS;
  return (
    `${name}: ${requests} requests; floor ${requests} / ${CONCURRENCY} x ${LATENCY_MS} ms = ` +
    `${(floor / 1000).toFixed(2)} s; took ${(ms / 1000).toFixed(2)} s (${(ms / floor).toFixed(2)}x the floor)`
  );
}

test("large organisation loads at 25 ms per request", { timeout: 20 * 60_000 }, async () => {
  sandbox = await startSandbox(["--size", "large", "--latency-ms", String(LATENCY_MS)]);
  const atStart = await sandboxRequests(sandbox.url);
  ({ browser } = await launch({
    args: ["--sandbox-url", sandbox.url, "--sandbox-api-key", SANDBOX_KEY],
  }));
  const list = await waitForMark(browser, "overview:network-painted", 10 * 60_000);
  const listRequests = (await sandboxRequests(sandbox.url)) - atStart;
  const rows = await (await browser.$("[data-testid='overview']")).getAttribute("data-total");

  const beforeReadiness = await sandboxRequests(sandbox.url);
  await (await browser.$("nav[aria-label='Main navigation']").$("aria/Readiness")).click();
  const readiness = await waitForMark(browser, "readiness:painted", 10 * 60_000);
  const readinessRequests = (await sandboxRequests(sandbox.url)) - beforeReadiness;
  const jitApplications = await browser.execute(
    () => document.querySelectorAll("table[aria-label='Applications by readiness'] tbody tr").length,
  );

  const lines = [
    `sandbox: large sample organisation, ${LATENCY_MS} ms per request, ready in ${(sandbox.readyMs / 1000).toFixed(1)} s`,
    line(
      `applications list, first load (${rows} rows)`,
      listRequests,
      list["overview:network-painted"] - list["overview:network-start"],
    ),
    `  of which the rows reaching the page: ${(
      (list["overview:network-received"] - list["overview:network-start"]) / 1000
    ).toFixed(2)} s; from there to painted: ${(
      (list["overview:network-painted"] - list["overview:network-received"]) / 1000
    ).toFixed(2)} s`,
    line(
      `readiness, first run (${jitApplications} JIT applications)`,
      readinessRequests,
      readiness["readiness:painted"] - readiness["readiness:start"],
    ),
  ];
  console.log(`\nlarge-org-loads\n  ${lines.join("\n  ")}\n`);
});
