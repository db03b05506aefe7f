import { describe, expect, it } from "vitest";
import { deleteView, isFiltered, matches, savedViews, saveView, sortOrders, toQuery, upsert } from "../src/filters";

const order = (id: string, extra: Record<string, unknown> = {}) => ({ orderId: id, state: "READY", lines: [{ sku: "TEE-BLK-M" }],
  tags: ["vip"], packages: [{ carrier: "usps" }], createdAt: "2026-12-05T10:00:00Z", updatedAt: "2026-12-06T10:00:00Z", ...extra });

describe("orders filters", () => {
  it("sends only the filled filters, dates as UTC day starts", () => {
    const q = toQuery({ state: "READY", sku: " ", createdFrom: "2026-12-01", q: "123" }, "c1");
    expect(q.toString()).toBe("q=123&state=READY&createdFrom=2026-12-01T00%3A00%3A00Z&cursor=c1");
  });

  it("tells whether a changed order still belongs to the filtered list", () => {
    expect(matches({ state: "READY", sku: "TEE-BLK-M", tag: "vip", carrier: "USPS" }, order("1"))).toBe(true);
    expect(matches({ state: "SHIPPED" }, order("1"))).toBe(false);
    expect(matches({ q: "2" }, order("1"))).toBe(false);
    expect(matches({ createdFrom: "2026-12-06" }, order("1"))).toBe(false);
    expect(matches({ createdTo: "2026-12-06" }, order("1"))).toBe(true);
  });

  it("leaves buyer and tracking searches to the API", () => {
    expect(matches({ buyer: "Jamie" }, order("1"))).toBeNull();
    expect(matches({ tracking: "9400" }, order("1"))).toBeNull();
  });

  it("puts a live order on top, replaces it in place, or removes it when it stops matching", () => {
    const list = [order("1"), order("2")];
    expect(upsert(list, order("3"), true).map((o) => o.orderId)).toEqual(["3", "1", "2"]);
    expect(upsert(list, order("2", { state: "SHIPPED" }), true)[1].state).toBe("SHIPPED");
    expect(upsert(list, order("1"), false).map((o) => o.orderId)).toEqual(["2"]);
  });

  it("sorts by a column both ways", () => {
    const list = [order("b", { totals: { total: { minor: 5 } } }), order("a", { totals: { total: { minor: 9 } } })];
    expect(sortOrders(list, { column: "orderId", descending: false }).map((o) => o.orderId)).toEqual(["a", "b"]);
    expect(sortOrders(list, { column: "total", descending: true }).map((o) => o.orderId)).toEqual(["a", "b"]);
    expect(sortOrders(list, null)).toBe(list);
  });

  it("saves, replaces and deletes named views", () => {
    localStorage.clear();
    expect(isFiltered({ sort: "created" })).toBe(false);
    saveView("Stuck", { state: "NEEDS_ATTENTION", sku: "" });
    saveView("Stuck", { state: "BACKORDERED" });
    saveView("VIP", { tag: "vip" });
    expect(savedViews()).toEqual([{ name: "Stuck", filters: { state: "BACKORDERED" } }, { name: "VIP", filters: { tag: "vip" } }]);
    expect(deleteView("Stuck").map((v) => v.name)).toEqual(["VIP"]);
    localStorage.setItem("cf.savedViews", "not json");
    expect(savedViews()).toEqual([]);
  });
});
