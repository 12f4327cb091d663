// What the benchmarks share: a standalone sandbox, a process tree's memory, percentiles.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SANDBOX_KEY = "bench-sandbox-key";

/**
 * Everything `child` prints on stdout from now on; `until(pattern)` resolves with the first match
 * in it, including text printed before the call (two lines can arrive in one chunk, or before the
 * caller asks for the second).
 */
export function output(child, what) {
  let out = "";
  let exited = null;
  const waiting = new Set();
  const check = () => {
    for (const w of waiting) {
      const m = out.match(w.pattern);
      if (m) {
        waiting.delete(w);
        w.resolve(m);
      } else if (exited !== null) {
        waiting.delete(w);
        w.reject(new Error(`${what} exited with ${exited} before ${w.pattern}`));
      }
    }
  };
  child.stdout.on("data", (chunk) => {
    out += chunk;
    check();
  });
  child.once("exit", (code, signal) => {
    exited = code ?? signal;
    check();
  });
  return {
    until(pattern, timeoutMs = 10 * 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(w);
          reject(new Error(`${what} printed no ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        const w = {
          pattern,
          resolve: (m) => (clearTimeout(timer), resolve(m)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        };
        waiting.add(w);
        check();
      });
    },
  };
}

/** Resolves once `child` prints a line matching `pattern`, with the match; fails after `timeoutMs`. */
export function waitForLine(child, pattern, what, timeoutMs = 10 * 60_000) {
  return output(child, what).until(pattern, timeoutMs);
}

/**
 * Starts `sso-desk-sandbox` (SSO_DESK_SANDBOX_BIN) with `args` on a free port and a data folder
 * (a fresh one unless given); resolves once it listens, with its URL, pid and time to listen.
 */
export async function startSandbox(args = [], data = mkdtempSync(join(tmpdir(), "sso-desk-bench-"))) {
  const started = performance.now();
  const child = spawn(
    process.env.SSO_DESK_SANDBOX_BIN,
    ["--port", "0", "--data", data, "--api-key", SANDBOX_KEY, ...args],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [, url] = await waitForLine(child, /listening on (http:\/\/\S+)/, "the sandbox");
  return {
    url,
    pid: child.pid,
    data,
    readyMs: performance.now() - started,
    async stop({ keepData = false } = {}) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill();
      await exited;
      if (!keepData) rmSync(data, { recursive: true, force: true });
    },
  };
}

/** How many `/api` requests the sandbox at `url` has answered since it started. */
export async function sandboxRequests(url) {
  const res = await fetch(`${url}/sandbox/faults`, { headers: { "x-api-key": SANDBOX_KEY } });
  if (!res.ok) throw new Error(`GET /sandbox/faults answered ${res.status}`);
  return (await res.json()).requests;
}

function status(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return "";
  }
}

function kib(text, field) {
  const m = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) : 0;
}

/** `pid` and every process below it (WebKit's web and network processes, bubblewrap). */
export function processTree(pid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = Number(status(name).match(/^PPid:\s+(\d+)/m)?.[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const all = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    all.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return all;
}

/**
 * Memory of a process tree in MiB: `peak` sums each process's peak resident set (VmHWM; the
 * processes peak at different moments, so this is an upper bound of the tree's peak), `now` sums
 * their current resident sets; `byName` splits the peak by process name.
 */
export function treeMemory(pid) {
  let peak = 0;
  let now = 0;
  const byName = {};
  for (const p of processTree(pid)) {
    const text = status(p);
    const name = text.match(/^Name:\s+(\S+)/m)?.[1] ?? String(p);
    const hwm = kib(text, "VmHWM");
    peak += hwm;
    now += kib(text, "VmRSS");
    byName[name] = (byName[name] ?? 0) + hwm / 1024;
  }
  return { peak: peak / 1024, now: now / 1024, byName };
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values) {
  return percentile(values, 50);
}

/** The page's performance marks in `browser`, by name (start times in ms). */
export async function marks(browser) {
  return browser.execute(() =>
    Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])),
  );
}

/** Waits until the page in `browser` has the mark `name`; resolves with every mark. */
export async function waitForMark(browser, name, timeout, interval = 100) {
  await browser.waitUntil(async () => name in (await marks(browser)), {
    timeout,
    interval,
    timeoutMsg: `no ${name} mark within ${timeout} ms`,
  });
  return marks(browser);
}
