// The dashboard in a real browser (Debian's Chromium through playwright-core) against a running local runtime with
// the seeded demo. Run by DashboardBrowserIT, which starts the runtime and passes:
//   CF_BASE_URL (front door), CF_SIM_URL (TikTok simulator), CF_SHOP_ID (demo shop), CF_TENANT,
//   CF_LABELLED_ORDER (an order with a live label), CF_CANCEL_ORDERS (two cancellable orders, comma separated),
//   CF_OUT (where results.json and the screenshots go), CHROMIUM (the browser binary).
// Every step is recorded in results.json as {name, ok, message}; the Java test asserts each one.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const env = process.env;
const BASE = env.CF_BASE_URL;
const OUT = env.CF_OUT;
const TENANT = env.CF_TENANT ?? "demo-creator";
const LABELLED = env.CF_LABELLED_ORDER;
const CANCEL = (env.CF_CANCEL_ORDERS ?? "").split(",").filter(Boolean);
const LIVE_BUDGET_MS = 1000;
mkdirSync(join(OUT, "screenshots"), { recursive: true });

const results = [];
async function step(name, run) {
  const started = Date.now();
  try {
    const detail = await run();
    results.push({ name, ok: true, message: detail ?? "", ms: Date.now() - started });
    console.log(`ok   ${name}${detail ? ": " + detail : ""}`);
  } catch (error) {
    results.push({ name, ok: false, message: String(error?.message ?? error), ms: Date.now() - started });
    console.log(`FAIL ${name}: ${error?.message ?? error}`);
  }
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const browser = await chromium.launch({ executablePath: env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true,
  bypassCSP: true });
const page = await context.newPage();
page.on("pageerror", (error) => console.log("page error: " + error.message));
let token = null;

async function apiCall(method, path, body) {
  const response = await fetch(BASE + path, { method, headers: { Authorization: "Bearer " + token,
    ...(body ? { "Content-Type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}
async function go(hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector("main h1", { timeout: 10_000 });
}

await step("sign in", async () => {
  await page.goto(BASE + "/dashboard/");
  await page.getByLabel("Creator account (tenant id)").fill(TENANT);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForSelector("nav#nav a", { timeout: 10_000 });
  token = await page.evaluate(() => sessionStorage.getItem("cf.token"));
  check(token, "no token in the session after signing in");
  await page.waitForSelector("table.orders-table tbody tr[data-order]", { timeout: 15_000 });
  return (await page.locator("tr[data-order]").count()) + " orders listed";
});

// Every new order waits for review (a hold-all rule), so the live order is also the one approved below.
const rule = await apiCall("PUT", "/v1/rules", { rules: [{ id: "review-all", name: "Review every new order", priority: 1,
  pattern: { total: [{ numeric: [">=", 0] }] }, actions: [{ type: "holdForReview", reason: "checked by hand (browser test)" }] }] });
console.log("hold rule: HTTP " + rule.status);
let liveOrder = null;

await step("new simulator order appears live", async () => {
  await go("orders");
  await page.evaluate(() => { window.__sameDocument = true; });
  const live = page.locator(".live");
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline && (await live.textContent()) !== "Live") await sleep(100);
  const status = await live.textContent();
  const created = await (await fetch(env.CF_SIM_URL + "/sim/orders", { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shopId: env.CF_SHOP_ID }) })).json();
  liveOrder = created.orderId;
  check(status === "Live", `the live feed is not connected (status "${status}"): GET /v1/events/stream must answer `
    + "text/event-stream (CONTRACTS.md; built on the dashlive branch)");
  let inApi = null;
  const row = page.locator(`tr[data-order="${liveOrder}"]`);
  const shown = row.waitFor({ timeout: 20_000 }).then(() => Date.now());
  while (!inApi) {
    const found = await apiCall("GET", "/v1/orders/" + encodeURIComponent(liveOrder));
    if (found.status === 200) inApi = Date.now();
    else await sleep(50);
    if (Date.now() - deadline > 30_000) throw new Error("the simulator's order never reached the API");
  }
  const at = await shown.catch(() => null);
  check(at, `order ${liveOrder} was in the API but never appeared on the open page`);
  check(await page.evaluate(() => window.__sameDocument === true), "the page reloaded");
  check(at - inApi <= LIVE_BUDGET_MS, `appeared ${at - inApi} ms after it was in the API (budget ${LIVE_BUDGET_MS} ms)`);
  return `order ${liveOrder} shown ${Math.max(0, at - inApi)} ms after it was in the API, without reload`;
});

await step("filter and search", async () => {
  await go("orders");
  await page.getByLabel("Order id").fill(LABELLED);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForFunction((id) => {
    const rows = [...document.querySelectorAll("tr[data-order]")];
    return rows.length === 1 && rows[0].getAttribute("data-order") === id;
  }, LABELLED, { timeout: 10_000 });
  await page.getByRole("button", { name: "Clear" }).click();
  const state = await page.locator(`tr[data-order="${LABELLED}"] .state`).textContent({ timeout: 10_000 });
  await page.locator("select[name=state]").selectOption(state.replace(/ /g, "_"));
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForFunction((s) => {
    const states = [...document.querySelectorAll("tr[data-order] .state")].map((e) => e.textContent);
    return states.length > 0 && states.every((t) => t === s);
  }, state, { timeout: 10_000 });
  const count = await page.locator("tr[data-order]").count();
  await page.getByRole("button", { name: "Clear" }).click();
  return `search by id found 1; state "${state}" listed ${count}`;
});

await step("download an order's label", async () => {
  await go("order/" + encodeURIComponent(LABELLED));
  await page.waitForSelector("#download-label:not([disabled])", { timeout: 10_000 });
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.click("#download-label")]);
  const bytes = readFileSync(await download.path());
  writeFileSync(join(OUT, "label.pdf"), bytes);
  check(bytes.subarray(0, 4).toString("latin1") === "%PDF", "the download is not a PDF: " + bytes.subarray(0, 16).toString("latin1"));
  return `${download.suggestedFilename()} (${bytes.length} bytes, %PDF)`;
});

await step("bulk cancel with progress", async () => {
  check(CANCEL.length >= 2, "no orders to cancel were given");
  await go("orders");
  // The orders to cancel were made READY; live demo orders arriving meanwhile would push them off the first page.
  await page.locator("select[name=state]").selectOption("READY");
  await page.getByRole("button", { name: "Search" }).click();
  for (const id of CANCEL) await page.locator(`tr[data-order="${id}"] input[type=checkbox]`).check({ timeout: 10_000 });
  await page.locator(".bulk select[name=action]").selectOption("CANCEL");
  await page.locator(".bulk input[name=reason]").fill("browser test");
  await page.getByRole("button", { name: `Run on ${CANCEL.length}` }).click();
  await page.waitForSelector(".bulk-status progress", { timeout: 10_000 });
  await page.waitForSelector(".bulk-status table.results tbody tr", { timeout: 60_000 });
  const outcomes = await page.$$eval(".bulk-status table.results tbody tr", (rows) =>
    rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)));
  for (const id of CANCEL) check(outcomes.some((o) => o[0] === id && o[1] === "DONE"), `no DONE for ${id}: ${JSON.stringify(outcomes)}`);
  const progress = await page.$eval(".bulk-status progress", (p) => [p.value, p.max]);
  check(progress[0] === progress[1], "the progress bar did not reach the end: " + progress);
  await page.getByRole("button", { name: "Clear" }).click();
  return `per-order results ${JSON.stringify(outcomes)}`;
});

await step("approve a review", async () => {
  check(liveOrder, "no order was created for review");
  await go("attention");
  const card = page.locator(`[data-review="${liveOrder}"]`);
  const deadline = Date.now() + 60_000;
  while (!(await card.count())) {
    check(Date.now() < deadline, `order ${liveOrder} never reached the review queue`);
    await sleep(500);
    if (!(await card.count())) await page.reload().then(() => page.waitForSelector("main h1"));
  }
  await card.getByRole("button", { name: "Approve" }).click();
  await page.waitForSelector(`text=${liveOrder}: approve sent.`, { timeout: 10_000 });
  await card.waitFor({ state: "detached", timeout: 10_000 });
  return `approved ${liveOrder}`;
});

await step("change a setting", async () => {
  await go("settings");
  const field = page.getByLabel("Promise (days)");
  await field.waitFor({ timeout: 10_000 });
  const next = String((Number(await field.inputValue()) % 30) + 1);
  await field.fill(next);
  await page.getByRole("button", { name: "Save shipping settings" }).click();
  await page.waitForSelector("text=Shipping settings saved", { timeout: 10_000 });
  const stored = await apiCall("GET", "/v1/shipping/settings");
  check(String(stored.body.promiseDays) === next, `promiseDays is ${stored.body.promiseDays}, not ${next}`);
  return `promiseDays ${next}, version ${stored.body.version}`;
});

const VIEWS = ["orders", "order/" + encodeURIComponent(LABELLED), "attention", "inventory", "rules", "analytics", "ops",
  "inbox", "setup", "settings"];
const violations = {};
const overflow = {};
let shots = 0;
let sweepError = null;
try {
  for (const [width, height] of [[375, 812], [1280, 900]]) {
    await page.setViewportSize({ width, height });
    for (const view of VIEWS) {
      await go(view);
      await page.waitForFunction(() => !document.querySelector("main [role=status]")?.textContent?.startsWith("Loading"),
        null, { timeout: 10_000 }).catch(() => {});
      await sleep(400);
      const name = view.split("/")[0];
      await page.screenshot({ path: join(OUT, "screenshots", `${name}-${width}.png`), fullPage: true });
      shots++;
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > width) overflow[`${name}@${width}`] = wide;
      await page.addScriptTag({ content: AXE });
      const found = await page.evaluate(async () => (await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })).violations
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`));
      if (found.length) violations[`${name}@${width}`] = found;
    }
  }
} catch (error) {
  sweepError = error;
}
await step("axe finds no violations on any view", async () => {
  check(!sweepError, "the sweep over the views stopped: " + sweepError?.message);
  check(Object.keys(violations).length === 0, JSON.stringify(violations));
  return `${VIEWS.length} views at 375 and 1280 px`;
});
await step("no view scrolls sideways at 375 px", async () => {
  check(!sweepError, "the sweep over the views stopped: " + sweepError?.message);
  check(Object.keys(overflow).length === 0, "wider than the screen: " + JSON.stringify(overflow));
});
await step("screenshots of every view", async () => {
  check(shots === VIEWS.length * 2, `${shots} of ${VIEWS.length * 2} screenshots taken: ${sweepError?.message}`);
  return `${shots} in ${join(OUT, "screenshots")}`;
});

await browser.close();
writeFileSync(join(OUT, "results.json"), JSON.stringify(results, null, 2));
