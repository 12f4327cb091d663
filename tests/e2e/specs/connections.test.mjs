// Connections end to end on the real app: a second sandbox with its own random key stands in for a
// remote JumpCloud organisation. The admin adds it (a wrong key first), tests it, saves it; the app
// restarts on the same profile and reconnects with the key from the real keyring; removing the
// connection deletes the keyring item. Throughout, the key must appear in no file of the profile
// and in no IPC reply: every reply is recorded in the webview by wrapping `window.fetch`, which
// carries every command to Tauri's `ipc://` protocol.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  existsSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, screenshot, artifacts } from "../lib/app.mjs";

const SERVICE = "dev.ssodesk.desktop";
const key = `e2e-${randomBytes(18).toString("hex")}`;
const wrongKey = `wrong-${randomBytes(18).toString("hex")}`;
const replies = [];
let remote;
let remoteDir;
let remoteUrl;
let browser;
let home;
let connectionId;

/** Starts the sandbox binary on a free port with its own data and key; resolves its URL. */
function startRemote() {
  remoteDir = mkdtempSync(join(tmpdir(), "sso-desk-remote-"));
  const bin = process.env.SSO_DESK_SANDBOX_BIN;
  assert.ok(
    bin && existsSync(bin),
    "SSO_DESK_SANDBOX_BIN must name the sandbox binary",
  );
  remote = spawn(bin, ["--port", "0", "--data", remoteDir, "--api-key", key], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    remote.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
    remote.on("exit", (code) =>
      reject(new Error(`the remote sandbox exited (${code}): ${out}`)),
    );
  });
}

/**
 * Records every IPC reply of this app session. Tauri fixes `__TAURI_INTERNALS__.invoke` in place,
 * but every command travels as a `fetch` to its `ipc://` protocol, so wrapping `window.fetch`
 * sees each reply's body as the webview receives it.
 */
async function recordReplies() {
  const installed = await browser.execute(() => {
    const original = window.fetch;
    window.__ssoDeskReplies = [];
    window.fetch = async (input, init) => {
      const url = String(input && input.url ? input.url : input);
      const response = await original(input, init);
      if (url.startsWith("ipc:") || url.includes("ipc.localhost")) {
        const cmd = decodeURIComponent(url.split("?")[0].split("/").pop());
        const body = await response.clone().text();
        window.__ssoDeskReplies.push({ cmd, status: response.status, body });
      }
      return response;
    };
    return window.fetch !== original;
  });
  assert.ok(
    installed,
    "the IPC recorder must be in place, or the reply check proves nothing",
  );
}

/** Whether the command has answered (or failed) in this app session. */
function replied(cmd) {
  return browser.execute(
    (c) => window.__ssoDeskReplies.some((r) => r.cmd === c),
    cmd,
  );
}

async function collectReplies() {
  const json = await browser.execute(() =>
    JSON.stringify(window.__ssoDeskReplies ?? []),
  );
  replies.push(...JSON.parse(json));
}

async function endSession() {
  await collectReplies();
  await browser.deleteSession();
  browser = undefined;
}

function secretToolLookup(account) {
  const r = spawnSync(
    "secret-tool",
    ["lookup", "service", SERVICE, "username", account],
    {
      encoding: "utf8",
    },
  );
  assert.ok(!r.error, `secret-tool must run (libsecret-tools): ${r.error}`);
  return r.status === 0 ? r.stdout : undefined;
}

function settingsFile() {
  return join(home.config, SERVICE, "settings.json");
}

async function openSettings() {
  const nav = await browser.$("nav[aria-label='Main navigation']");
  await nav.waitForExist({ timeout: 20000 });
  await (await nav.$("aria/Settings")).click();
  const table = await browser.$("table[aria-label='Connections']");
  await table.waitForExist({
    timeout: 20000,
    timeoutMsg: "the connections table never showed",
  });
}

async function statusBarConnection(expected) {
  const active = await browser.$("[data-testid='active-connection']");
  await browser.waitUntil(
    async () =>
      (await active.isExisting()) && (await active.getText()) === expected,
    {
      timeout: 20000,
      timeoutMsg: `the status bar never named "${expected}"`,
    },
  );
}

async function typeInto(form, label, value) {
  const input = await form.$(`aria/${label}`);
  await input.waitForExist({
    timeout: 5000,
    timeoutMsg: `no field labelled "${label}"`,
  });
  await input.clearValue();
  await input.setValue(value);
}

before(async () => {
  remoteUrl = await startRemote();
  ({ browser, home } = await launch());
  await browser
    .$("nav[aria-label='Main navigation']")
    .then((n) => n.waitForExist({ timeout: 20000 }));
  await recordReplies();
});

after(async () => {
  if (browser) await browser.deleteSession().catch(() => {});
  remote?.kill("SIGINT");
  if (remoteDir) rmSync(remoteDir, { recursive: true, force: true });
});

test("a wrong key shows the 401 message and saves nothing", async () => {
  await openSettings();
  await (await browser.$("aria/Add connection")).click();
  const form = await browser.$("form[aria-label='Add connection']");
  await form.waitForExist({ timeout: 5000 });
  await typeInto(form, "Name", "Remote org");
  await (await form.$("aria/Custom address")).click();
  await typeInto(form, "Address", remoteUrl);
  await typeInto(form, "API key", wrongKey);
  await (await form.$("aria/Test connection")).click();
  const error = await form.$("[data-testid='connection-error']");
  await error.waitForExist({
    timeout: 20000,
    timeoutMsg: "no error for a wrong key",
  });
  assert.match(
    await error.getText(),
    /rejected the key \(401\)/,
    "the 401 is named",
  );

  await (await form.$("button[type='submit']")).click();
  await browser.waitUntil(() => replied("save_connection"), {
    timeout: 20000,
    timeoutMsg: "save_connection never answered",
  });
  const saveError = await form.$("[data-testid='connection-error']");
  await saveError.waitForExist({ timeout: 5000 });
  assert.match(
    await saveError.getText(),
    /401/,
    "saving with a wrong key fails the same way",
  );
  assert.equal(
    await form.$("aria/Name").getValue(),
    "Remote org",
    "the form keeps what was typed",
  );
  await screenshot(browser, "connections-wrong-key");
  assert.ok(
    !existsSync(settingsFile()),
    "nothing was written to the settings file",
  );
  const rows = await browser.$$("table[aria-label='Connections'] tbody tr");
  assert.equal(rows.length, 1, "only the sandbox is listed");
});

test("the right key tests green, saves, and becomes the active connection", async () => {
  const form = await browser.$("form[aria-label='Add connection']");
  await typeInto(form, "API key", key);
  await (await form.$("aria/Test connection")).click();
  const ok = await form.$("[data-testid='connection-check']");
  await ok.waitForExist({
    timeout: 20000,
    timeoutMsg: "the test never succeeded",
  });
  assert.match(
    await ok.getText(),
    /Example Org \(sample data\)/,
    "the organisation's name shows",
  );

  await (await form.$("button[type='submit']")).click();
  await form.waitForExist({
    reverse: true,
    timeout: 20000,
    timeoutMsg: "the form did not close",
  });
  await statusBarConnection("Remote org");
  await screenshot(browser, "connections-saved");

  const settings = JSON.parse(readFileSync(settingsFile(), "utf8"));
  assert.equal(settings.connections.length, 1, "one stored connection");
  connectionId = settings.connections[0].id;
  assert.equal(settings.active, connectionId, "the new connection is active");
  assert.equal(
    secretToolLookup(connectionId),
    key,
    "the key is in the Secret Service",
  );
});

test("after a restart the app reconnects with the key from the keyring", async () => {
  await endSession();
  ({ browser } = await launch({ home }));
  await browser
    .$("nav[aria-label='Main navigation']")
    .then((n) => n.waitForExist({ timeout: 20000 }));
  await recordReplies();
  await statusBarConnection("Remote org");
  const problem = await browser.$("[data-testid='connection-problem-status']");
  assert.ok(!(await problem.isExisting()), "no fallback to the sandbox");
  await openSettings();
  const row = await browser.$(`tr[data-connection-id='${connectionId}']`);
  assert.match(await row.getText(), /Active/, "Settings marks it active");
});

test("with the key gone from the keyring the app falls back to the sandbox and says why", async () => {
  const cleared = spawnSync("secret-tool", [
    "clear",
    "service",
    SERVICE,
    "username",
    connectionId,
  ]);
  assert.equal(cleared.status, 0, "secret-tool cleared the item");
  await endSession();
  ({ browser } = await launch({ home }));
  await browser
    .$("nav[aria-label='Main navigation']")
    .then((n) => n.waitForExist({ timeout: 20000 }));
  await recordReplies();
  await statusBarConnection("Sandbox — sample data");
  const problem = await browser.$("[data-testid='connection-problem-status']");
  await problem.waitForDisplayed({
    timeout: 10000,
    timeoutMsg: "the status bar did not say why",
  });
  assert.match(
    await problem.getText(),
    /Remote org[\s\S]*keyring has no secret/,
  );
  await screenshot(browser, "connections-fallback");
  // Put the key back as another program would, for the removal below.
  const restored = spawnSync(
    "secret-tool",
    [
      "store",
      "--label=SSO Desk test",
      "service",
      SERVICE,
      "username",
      connectionId,
    ],
    { input: key },
  );
  assert.equal(restored.status, 0, "secret-tool stored the item again");
  assert.equal(secretToolLookup(connectionId), key);
  await openSettings();
});

test("removing the connection deletes the keyring item", async () => {
  await (await browser.$("aria/Remove Remote org")).click();
  await (await browser.$("aria/Remove connection")).click();
  const row = await browser.$(`tr[data-connection-id='${connectionId}']`);
  await row.waitForExist({
    reverse: true,
    timeout: 20000,
    timeoutMsg: "the row stayed",
  });
  await statusBarConnection("Sandbox — sample data");
  assert.equal(
    secretToolLookup(connectionId),
    undefined,
    "the keyring item is gone",
  );
  const settings = JSON.parse(readFileSync(settingsFile(), "utf8"));
  assert.deepEqual(settings.connections, [], "the settings no longer list it");
});

test("the key is in no file of the profile and in no IPC reply", async () => {
  await endSession();
  assert.ok(
    replies.length > 5,
    `the recorder saw the session's replies (${replies.length})`,
  );
  const cmds = new Set(replies.map((r) => r.cmd));
  for (const cmd of [
    "test_connection",
    "save_connection",
    "list_connections",
    "remove_connection",
  ]) {
    assert.ok(cmds.has(cmd), `a reply of ${cmd} was recorded`);
  }
  const leaks = replies.filter((r) => JSON.stringify(r).includes(key));
  assert.deepEqual(leaks, [], "no IPC reply carries the key");

  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(home.root);
  assert.ok(
    files.some((f) => f.endsWith("settings.json")),
    "the walk covers the config folder",
  );
  const driverLog = join(artifacts, "tauri-driver.log");
  if (existsSync(driverLog)) files.push(driverLog);
  const needle = Buffer.from(key);
  // WebKit's storage files come and go while the app runs: a file gone before it is read held
  // nothing that is still on disk.
  const contents = (f) => {
    try {
      return readFileSync(f);
    } catch (err) {
      if (err.code === "ENOENT") return Buffer.alloc(0);
      throw err;
    }
  };
  const found = files.filter((f) => contents(f).includes(needle));
  assert.deepEqual(
    found,
    [],
    "no file of the profile (config, data, cache, logs) holds the key",
  );
});
