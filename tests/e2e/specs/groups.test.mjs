// A user group's applications against the app's embedded sandbox: direct and indirect bindings,
// and binding/unbinding, checked in the group panel and on the application's Overview.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "../lib/app.mjs";

const GROUP = "Sales (sample data)";
const APP = "Internal Wiki (sample data)";

let browser;
before(async () => {
  ({ browser } = await launch());
});
after(async () => {
  await browser?.deleteSession();
});

async function openGroups() {
  await (await browser.$("nav[aria-label='Main navigation']")).$("aria/User groups").click();
  const filter = await browser.$("section[aria-label='User groups'] input[type='search']");
  await filter.waitForExist({ timeout: 30000, timeoutMsg: "the user groups never loaded" });
  return filter;
}

async function selectGroup(name) {
  const filter = await openGroups();
  await filter.setValue(name.replace(" (sample data)", ""));
  await browser.waitUntil(
    () =>
      browser.execute((n) => {
        const option = [...document.querySelectorAll("[role='option'] .name")].find(
          (e) => e.textContent.trim() === n,
        );
        option?.closest("[role='option']").click();
        return Boolean(option);
      }, name),
    { timeout: 5000, timeoutMsg: `no group ${name} in the list` },
  );
  await (await browser.$(`h2=${name}`)).waitForExist({ timeout: 5000 });
}

/** The labels in the selected group's Applications list, once it has loaded. */
async function groupApplications() {
  await browser.waitUntil(
    async () =>
      (await browser.$("ul.apps").isExisting()) ||
      (await browser.$("*=No application is bound to this group").isExisting()),
    { timeout: 15000, timeoutMsg: "the group's applications never loaded" },
  );
  return browser.execute(() => {
    const list = document.querySelector("ul.apps");
    if (!list) return [];
    return [...list.children].map((li) => ({
      label: li.querySelector("button").textContent.trim(),
      text: li.textContent.replace(/\s+/g, " ").trim(),
    }));
  });
}

async function overviewGroups(appLabel) {
  const heading = await browser.$(`h1=${appLabel}`);
  await heading.waitForExist({ timeout: 15000, timeoutMsg: `the page of ${appLabel} did not open` });
  await browser.waitUntil(
    async () =>
      (await browser.$("ul.groups").isExisting()) ||
      (await browser.$("*=No user group is bound").isExisting()),
    { timeout: 15000 },
  );
  return browser.execute(() =>
    [...document.querySelectorAll("ul.groups li .name")].map((n) => n.textContent.trim()),
  );
}

test("a nested group lists the applications it reaches through its parent group", async () => {
  await selectGroup("Engineering (sample data)");
  const apps = await groupApplications();
  const slack = apps.find((a) => a.label === "Slack (sample data)");
  assert.ok(slack, `Engineering reaches Slack through Slack Workspace: ${JSON.stringify(apps)}`);
  assert.match(slack.text, /through Slack Workspace \(sample data\)/);
  assert.match(slack.text, /JIT Provisioning/, "the same functionality labels as the list");
  await screenshot(browser, "groups-nested");
});

test("binding an application shows it in the panel and on the application's Overview", async () => {
  await selectGroup(GROUP);
  const before = await groupApplications();
  assert.ok(!before.some((a) => a.label === APP), `${APP} starts unbound from ${GROUP}`);

  await (await browser.$("aria/Bind an application")).click();
  const search = await browser.$("[role='dialog'] input[type='search']");
  await search.waitForExist({ timeout: 5000 });
  await search.setValue("Internal Wiki");
  await browser.waitUntil(
    () =>
      browser.execute((label) => {
        const choice = [...document.querySelectorAll("[role='dialog'] li button")].find(
          (b) => b.querySelector(".name")?.textContent.trim() === label,
        );
        choice?.click();
        return Boolean(choice);
      }, APP),
    { timeout: 15000, timeoutMsg: "the picker did not offer the application" },
  );
  await browser.waitUntil(
    async () => (await groupApplications()).some((a) => a.label === APP && /Bound directly/.test(a.text)),
    { timeout: 15000, timeoutMsg: "the bound application never appeared in the panel" },
  );
  await screenshot(browser, "groups-bound");

  await browser.execute((label) => {
    [...document.querySelectorAll("ul.apps li button.link")]
      .find((b) => b.textContent.trim() === label)
      ?.click();
  }, APP);
  const groups = await overviewGroups(APP);
  assert.ok(groups.includes(GROUP), `the Overview lists ${GROUP} after binding: ${groups}`);
});

test("unbinding asks first, then removes the binding everywhere", async () => {
  await selectGroup(GROUP);
  await browser.waitUntil(async () => (await groupApplications()).some((a) => a.label === APP));
  await (await browser.$(`aria/Unbind ${APP}`)).click();
  const dialog = await browser.$("[role='alertdialog']");
  await dialog.waitForExist({ timeout: 5000, timeoutMsg: "no confirmation before unbinding" });
  await (await dialog.$("button=Unbind")).click();
  await browser.waitUntil(async () => !(await groupApplications()).some((a) => a.label === APP), {
    timeout: 15000,
    timeoutMsg: "the application stayed in the panel after unbinding",
  });

  await (await browser.$("nav[aria-label='Main navigation']")).$("aria/Applications").click();
  const search = await browser.$("input[type='search']");
  await search.waitForExist({ timeout: 30000 });
  await search.setValue("Internal Wiki");
  await browser.waitUntil(
    () =>
      browser.execute((label) => {
        const cell = [...document.querySelectorAll("[role='grid'] .label")].find(
          (e) => e.textContent === label,
        );
        cell?.closest("[role='row']").click();
        return Boolean(cell);
      }, APP),
    { timeout: 5000, timeoutMsg: `${APP} is not among the rows` },
  );
  const groups = await overviewGroups(APP);
  assert.ok(!groups.includes(GROUP), `the Overview no longer lists ${GROUP}: ${groups}`);
});
