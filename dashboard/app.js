// CreatorFlow dashboard: a small single-page app over the creators' API (same origin).
"use strict";

const LIVE_EVERY_MS = 3000;
const $ = (selector) => document.querySelector(selector);
const session = {
  get token() { return sessionStorage.getItem("cf.token"); },
  get tenant() { return sessionStorage.getItem("cf.tenant"); },
  save(token, tenant) { sessionStorage.setItem("cf.token", token); sessionStorage.setItem("cf.tenant", tenant || "?"); },
};
const view = { orders: [], cursor: null, selected: new Set(), newest: null, timer: null };

function text(value) {
  const span = document.createElement("span");
  span.textContent = value == null ? "" : String(value);
  return span.innerHTML;
}

function money(m) {
  if (!m) return "";
  return new Intl.NumberFormat(undefined, { style: "currency", currency: m.currency })
    .format(m.minor / Math.pow(10, m.currency === "JPY" ? 0 : 2));
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "Authorization": "Bearer " + session.token, "Content-Type": "application/json", ...(options.headers || {}) },
  });
  if (response.status === 401) { signOut(); throw new Error("signed out"); }
  const body = response.headers.get("Content-Type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const error = new Error(body?.detail || ("HTTP " + response.status));
    error.problem = body;
    throw error;
  }
  return body;
}

function signOut() {
  sessionStorage.clear();
  show("signin");
}

function show(name) {
  document.querySelectorAll(".view, #signin").forEach((el) => { el.hidden = true; });
  $("#nav").hidden = name === "signin";
  const target = name === "signin" ? $("#signin") : $("#view-" + name);
  target.hidden = false;
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === name));
  $("#who").textContent = name === "signin" ? "" : session.tenant;
}

async function route() {
  clearInterval(view.timer);
  if (!session.token) { show("signin"); return; }
  const [name, arg] = location.hash.replace("#", "").split("/");
  try {
    if (name === "order" && arg) { show("order"); await loadOrder(arg); }
    else if (name === "reviews") { show("reviews"); await loadReviews(); }
    else if (name === "analytics") { show("analytics"); await loadAnalytics(); }
    else if (name === "notifications") { show("notifications"); await loadInbox(); }
    else { show("orders"); await loadOrders(true); view.timer = setInterval(liveRefresh, LIVE_EVERY_MS); }
    refreshReviewCount();
  } catch (e) {
    if (e.message !== "signed out") console.error(e);
  }
}

function filterQuery() {
  const form = new FormData($("#filters"));
  const params = new URLSearchParams();
  for (const [key, value] of form.entries()) if (value) params.set(key, value);
  return params;
}

async function loadOrders(reset) {
  const params = filterQuery();
  if (!reset && view.cursor) params.set("cursor", view.cursor);
  const page = await api("/v1/orders?" + params);
  view.orders = reset ? page.items : view.orders.concat(page.items);
  view.cursor = page.nextCursor;
  view.newest = view.orders.reduce((max, o) => (!max || o.updatedAt > max ? o.updatedAt : max), view.newest);
  renderOrders(new Set());
}

async function liveRefresh() {
  if (!$("#live").checked || !view.newest || filterQuery().toString()) return;
  const page = await api("/v1/orders?updatedFrom=" + encodeURIComponent(view.newest));
  const fresh = new Set();
  for (const order of page.items) {
    view.orders = view.orders.filter((o) => o.orderId !== order.orderId);
    view.orders.unshift(order);
    fresh.add(order.orderId);
    if (order.updatedAt > view.newest) view.newest = order.updatedAt;
  }
  if (fresh.size) { renderOrders(fresh); refreshReviewCount(); }
}

function renderOrders(fresh) {
  const rows = view.orders.map((o) => `
    <tr data-id="${text(o.orderId)}" class="${fresh.has(o.orderId) ? "fresh" : ""}">
      <td><input type="checkbox" class="pick" ${view.selected.has(o.orderId) ? "checked" : ""} aria-label="select ${text(o.orderId)}"></td>
      <td><a href="#order/${encodeURIComponent(o.orderId)}">${text(o.orderId)}</a></td>
      <td><span class="state ${text(o.state)}">${text(o.state)}</span></td>
      <td>${o.lines.map((l) => text(l.quantity + "× " + l.sku)).join("<br>")}</td>
      <td>${text(money(o.totals && o.totals.total))}</td>
      <td>${text(o.shipTo ? [o.shipTo.city, o.shipTo.region, o.shipTo.country].filter(Boolean).join(", ") : "")}</td>
      <td class="muted">${text(new Date(o.updatedAt).toLocaleString())}</td>
    </tr>`).join("");
  $("#orders-table tbody").innerHTML = rows || `<tr><td colspan="7" class="muted">No orders yet.</td></tr>`;
  $("#more").hidden = !view.cursor;
  updateBulk();
}

function updateBulk() {
  $("#selected-count").textContent = view.selected.size + " selected";
  $("#bulk-cancel").disabled = view.selected.size === 0;
  $("#bulk-labels").disabled = view.selected.size === 0;
}

async function bulk(action) {
  const ids = [...view.selected];
  $("#bulk-result").textContent = "Working…";
  if (action === "labels") {
    const response = await fetch("/v1/labels/batch", { method: "POST",
      headers: { "Authorization": "Bearer " + session.token, "Content-Type": "application/json" },
      body: JSON.stringify({ orderIds: ids }) });
    if (response.ok) {
      window.open(URL.createObjectURL(await response.blob()));
      const skipped = JSON.parse(response.headers.get("X-Skipped-Orders") || "[]");
      $("#bulk-result").textContent = "Labels ready." + (skipped.length
        ? ` Skipped ${skipped.length}: ${skipped.map((s) => s.orderId + ": " + s.reason).join("; ")}` : "");
    } else {
      $("#bulk-result").textContent = "Labels failed: HTTP " + response.status;
    }
    return;
  }
  const job = await api("/v1/bulk-actions", { method: "POST",
    body: JSON.stringify({ action: "CANCEL", orderIds: ids, reason: "cancelled from the dashboard" }) });
  let status = job;
  while (!["COMPLETED", "CANCELLED", "FAILED"].includes(status.status)) {
    $("#bulk-result").textContent = `Cancelling: ${status.processed} of ${status.total || ids.length} done… ${status.status}`;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    status = await api("/v1/bulk-actions/" + encodeURIComponent(job.jobId));
  }
  $("#bulk-result").textContent = `${status.done} cancellation(s) started` +
    (status.refused + status.failed ? `; ${status.refused} refused, ${status.failed} failed (see the results CSV)` : "");
  view.selected.clear();
  await loadOrders(true);
}

async function loadOrder(orderId) {
  const [order, audit] = await Promise.all([api("/v1/orders/" + encodeURIComponent(orderId)),
    api("/v1/orders/" + encodeURIComponent(orderId) + "/audit")]);
  const address = order.pii && order.pii.shippingAddress;
  const chain = audit.verification.problems.length === 0
    ? `<span class="muted">audit chain intact (${audit.verification.entries} entries)</span>`
    : `<span class="error">audit chain problems: ${audit.verification.problems.map(text).join("; ")}</span>`;
  $("#order-detail").innerHTML = `
    <h2>Order ${text(order.orderId)} <span class="state ${text(order.state)}">${text(order.state)}</span></h2>
    ${order.attentionReason ? `<p class="error">Needs attention: ${text(order.attentionReason)}</p>` : ""}
    <table><tbody>
      ${order.lines.map((l) => `<tr><td>${text(l.sku)}</td><td>${text(l.productName)} ${text(l.skuName)}</td><td>${text(l.quantity)}</td><td>${text(money(l.unitPrice))}</td></tr>`).join("")}
      <tr><td colspan="3"><b>Total</b></td><td><b>${text(money(order.totals && order.totals.total))}</b></td></tr>
    </tbody></table>
    <p>${address ? text([address.name, address.line1, address.line2, address.city, address.region, address.postalCode, address.country].filter(Boolean).join(", ")) : ""}</p>
    <p>${order.packages.map((p) => text(`${p.carrier || "?"} ${p.service || ""} ${p.trackingNumber || ""} (${p.status})`)).join("<br>")}</p>
    <h3>Timeline</h3>${chain}
    <ul class="timeline">${audit.entries.slice().reverse().map((e) => `
      <li><b>${text(e.action)}</b> ${e.from ? text(e.from + " → " + e.to) : text(e.to)}
        <div>${text(e.reason)}</div><div class="muted">${text(new Date(e.at).toLocaleString())} · ${text(e.actor)}</div></li>`).join("")}
    </ul>`;
}

async function loadReviews() {
  const page = await api("/v1/reviews");
  $("#reviews-table tbody").innerHTML = page.items.map((r) => `
    <tr data-id="${text(r.orderId)}">
      <td><a href="#order/${encodeURIComponent(r.orderId)}">${text(r.orderId)}</a></td>
      <td>${text(r.failedStep)}</td><td>${text(r.reason)}</td>
      <td class="muted">${text(new Date(r.createdAt).toLocaleString())}</td>
      <td>${text(r.reminders)}${r.escalated ? " · escalated" : ""}</td>
      <td><button data-decision="APPROVE">Approve</button> <button data-decision="RETRY">Retry</button>
          <button data-decision="CANCEL">Cancel</button></td>
    </tr>`).join("") || `<tr><td colspan="6" class="muted">Nothing needs you right now.</td></tr>`;
}

async function decide(orderId, decision) {
  try {
    await api(`/v1/orders/${encodeURIComponent(orderId)}/review-decision`, { method: "POST", body: JSON.stringify({ decision }) });
  } catch (e) {
    alert(e.message);
  }
  await loadReviews();
  refreshReviewCount();
}

async function refreshReviewCount() {
  const page = await api("/v1/reviews?limit=100");
  const badge = $("#review-count");
  badge.hidden = page.items.length === 0;
  badge.textContent = page.items.length + (page.nextCursor ? "+" : "");
}

async function loadAnalytics() {
  const report = await api("/v1/analytics");
  const t = report.totals;
  const pct = report.automationRate == null ? "–" : Math.round(report.automationRate * 1000) / 10 + "%";
  const hours = report.averageHoursToShip == null ? "–" : report.averageHoursToShip.toFixed(1) + " h";
  $("#kpis").innerHTML = `
    <div class="kpi">Orders received<b>${text(t.received || 0)}</b></div>
    <div class="kpi">Shipped<b>${text(t.shipped || 0)}</b></div>
    <div class="kpi">Shipped with no human touch<b>${text(pct)}</b></div>
    <div class="kpi">Average time to ship<b>${text(hours)}</b></div>`;
  $("#days-table tbody").innerHTML = Object.entries(report.days).reverse().map(([day, c]) => `
    <tr><td>${text(day)}</td><td>${text(c.received || 0)}</td><td>${text(c.shipped || 0)}</td>
      <td>${text(c.needsAttention || 0)}</td><td>${text(c.cancelled || 0)}</td><td>${text(c.returned || 0)}</td></tr>`).join("");
}

async function loadInbox() {
  const page = await api("/v1/notifications");
  $("#inbox").innerHTML = page.items.map((n) => `
    <li><b>${text(n.kind)}</b> ${text(n.message)} <div class="muted">${text(new Date(n.createdAt).toLocaleString())}</div></li>`).join("")
    || `<li class="muted">No notifications.</li>`;
}

function wire() {
  const select = $("#filters select[name=state]");
  // The order states come from states.json, which LifecycleDeclarationsTest keeps equal to Lifecycle.
  fetch("states.json").then((r) => r.json()).then((states) => states.forEach((s) => select.add(new Option(s, s))));
  $("#signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const tenantId = new FormData(event.target).get("tenantId");
    const response = await fetch("/local/token", { method: "POST", body: JSON.stringify({ tenantId }) });
    if (!response.ok) { $("#signin-error").textContent = "Local sign-in is not available here; use a token."; return; }
    session.save((await response.json()).token, tenantId);
    route();
  });
  $("#token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = new FormData(event.target).get("token");
    let tenant = "?";
    try {
      const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
      tenant = claims["custom:tenant_id"] || claims.tenant_id;
    } catch (e) { /* opaque token */ }
    session.save(token, tenant);
    route();
  });
  $("#filters").addEventListener("submit", (event) => { event.preventDefault(); loadOrders(true); });
  $("#more").addEventListener("click", () => loadOrders(false));
  $("#orders-table").addEventListener("change", (event) => {
    if (event.target.id === "select-all") {
      view.orders.forEach((o) => (event.target.checked ? view.selected.add(o.orderId) : view.selected.delete(o.orderId)));
      renderOrders(new Set());
    } else if (event.target.classList.contains("pick")) {
      const id = event.target.closest("tr").dataset.id;
      event.target.checked ? view.selected.add(id) : view.selected.delete(id);
      updateBulk();
    }
  });
  $("#bulk-cancel").addEventListener("click", () => bulk("cancel"));
  $("#bulk-labels").addEventListener("click", () => bulk("labels"));
  $("#reviews-table").addEventListener("click", (event) => {
    const decision = event.target.dataset.decision;
    if (decision) decide(event.target.closest("tr").dataset.id, decision);
  });
  window.addEventListener("hashchange", route);
  const params = new URLSearchParams(location.search);
  if (params.get("token")) session.save(params.get("token"), params.get("tenant"));
  route();
}

wire();
