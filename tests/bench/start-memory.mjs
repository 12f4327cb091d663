// Benchmark (not a test): launch time and memory of the real app against an empty Tauri v2 app
// built in the same workspace with the same profile (tests/bench/empty-app: one window, one line).
// Each binary is started directly (no WebDriver) under the same display; the clock runs from the
// spawn to the line the app prints once the first page has painted its data (`--report-paints`:
// the Overview, from the saved list when there is one) and the empty app prints once its
// line is painted. Memory: the peak resident set of the app and every process below it (WebKit's
// web and network processes), read once the list has been refreshed from the network.
// Variants: the demo organisation and the large one (2,000 applications), with the sandbox
// embedded and in its own process (`sso-desk-sandbox`, counted apart).
//   scripts/e2e-local.sh ../bench/start-memory.mjs   (or tests/bench/felt-speed.sh)
import { test, after } from "node:test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SANDBOX_KEY, median, output, processTree, startSandbox, treeMemory } from "./lib.mjs";

const RUNS = Number(process.env.SSO_DESK_BENCH_RUNS ?? 5);
const APP = process.env.SSO_DESK_APP;
const EMPTY =
  process.env.SSO_DESK_EMPTY_APP ?? resolve(import.meta.dirname, "../../target/release/empty-app");

const cleanups = [];
after(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

/** Kills `pid` and everything below it. */
async function killTree(child) {
  const pids = processTree(child.pid).reverse();
  const exited = new Promise((r) => child.once("exit", r));
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Gone already.
    }
  }
  await exited;
}

/**
 * One launch: spawn `bin args`, time until a line matches `first`, then wait for `loaded` and read
 * the tree's memory.
 */
/** The environment a user's launch has: the harness's choice of WebKit compositing removed. */
const USER_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name !== "WEBKIT_DISABLE_COMPOSITING_MODE"),
);

async function launchOnce(bin, args, first, loaded, env = USER_ENV) {
  const started = performance.now();
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "ignore"], env });
  const printed = output(child, bin);
  try {
    await printed.until(first);
    const startMs = performance.now() - started;
    if (loaded) await printed.until(loaded);
    // A moment for the frame after the last paint to settle.
    await new Promise((r) => setTimeout(r, 500));
    return { startMs, memory: treeMemory(child.pid) };
  } finally {
    await killTree(child);
  }
}

async function series(bin, args, first, loaded, env = USER_ENV) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await launchOnce(bin, args, first, loaded, env));
  return {
    startMs: median(runs.map((r) => r.startMs)),
    peak: median(runs.map((r) => r.memory.peak)),
    byName: runs.at(-1).memory.byName,
  };
}

function profile() {
  const dir = mkdtempSync(join(tmpdir(), "sso-desk-bench-profile-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const mib = (n) => `${Math.round(n)} MiB`;
const split = (byName) =>
  Object.entries(byName)
    .sort((a, b) => b[1] - a[1])
    .map(([name, m]) => `${name} ${mib(m)}`)
    .join(", ");

test("launch time and memory against an empty Tauri app", { timeout: 30 * 60_000 }, async () => {
  const FIRST = /painted: \S+/;
  // The first page (the Overview, in a fresh profile) reads the list again as the Applications
  // page does.
  const NETWORK = /painted: (overview|applications):network-painted/;
  const empty = await series(EMPTY, [], FIRST, null);
  // SSO Desk turns WebKit's compositing off where there is no GPU (see src-tauri/src/lib.rs); the
  // empty app keeps WebKit's default, and is also measured with it off, for a like-for-like view.
  const emptyPlain = await series(EMPTY, [], FIRST, null, {
    ...USER_ENV,
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
  });
  const results = [];

  for (const size of ["demo", "large"]) {
    // Embedded: the first launch seeds the sandbox and saves the list; the measured ones reuse both.
    const embedded = profile();
    const args = ["--profile", embedded, "--report-paints", "--sandbox-size", size];
    const seeded = await launchOnce(APP, args, NETWORK, null);
    results.push([`${size} org, embedded sandbox`, await series(APP, args, FIRST, NETWORK), null]);

    // Standalone: the sandbox runs in its own process, started (and seeded) before the app.
    const sandbox = await startSandbox(["--size", size]);
    cleanups.push(() => sandbox.stop());
    const own = profile();
    const standaloneArgs = [
      "--profile", own, "--report-paints",
      "--sandbox-url", sandbox.url, "--sandbox-api-key", SANDBOX_KEY,
    ];
    await launchOnce(APP, standaloneArgs, NETWORK, null);
    const standalone = await series(APP, standaloneArgs, FIRST, NETWORK);
    results.push([`${size} org, standalone sandbox`, standalone, treeMemory(sandbox.pid).peak]);
    results.push([`${size} org, first launch ever (embedded, seeding the sandbox)`, seeded, null]);
  }

  const lines = [
    `runs per variant: ${RUNS} (medians); start = spawn to first page painted with data; memory = peak RSS of the app's process tree once the list is loaded`,
    `empty Tauri app: start ${empty.startMs.toFixed(0)} ms, memory ${mib(empty.peak)} (${split(empty.byName)})`,
    `empty Tauri app, compositing off: start ${emptyPlain.startMs.toFixed(0)} ms, memory ${mib(emptyPlain.peak)}`,
  ];
  for (const [name, r, sandboxPeak] of results) {
    const peak = r.peak ?? r.memory.peak;
    lines.push(
      `${name}: start ${r.startMs.toFixed(0)} ms (${(r.startMs / empty.startMs).toFixed(2)}x), ` +
        `memory ${mib(peak)} (${(peak / empty.peak).toFixed(2)}x)` +
        (sandboxPeak != null ? ` + sandbox process ${mib(sandboxPeak)}` : "") +
        (r.byName ? ` — ${split(r.byName)}` : ""),
    );
  }
  console.log(`\nstart-memory\n  ${lines.join("\n  ")}\n`);
});
