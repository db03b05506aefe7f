import { describe, expect, it } from "vitest";
import { fillDays, fromLegacy, fromReports, seriesCsv } from "../src/analytics";
import { parseCsv, resultsOf } from "../src/bulk";
import { diffLines } from "../src/diff";

describe("analytics", () => {
  it("turns the daily counters into series with revenue in major units and hours to ship", () => {
    const s = fromLegacy({ days: { "2026-12-02": { received: 3, shipped: 2, revenue_USD: 4598, shipTimed: 2, shipSecondsSum: 14400 },
      "2026-12-01": { received: 1 } }, automationRate: 0.5, averageHoursToShip: 2 });
    expect(s.series.days).toEqual(["2026-12-01", "2026-12-02"]);
    expect(s.series.orders).toEqual([1, 3]);
    expect(s.series.revenue).toEqual([0, 45.98]);
    expect(s.series.hoursToShip).toEqual([null, 2]);
    expect(seriesCsv(s.series)).toBe("day,orders,shipped,revenue_USD,hoursToShip\n2026-12-01,1,0,0.00,\n2026-12-02,3,2,45.98,2.00\n");
  });

  it("reads the reports API's rows, fulfilment percentiles and SLA", () => {
    const s = fromReports({ rows: [{ key: "2026-12-02", orders: 4, shipped: 1, revenue: { amount: "12.50", currency: "GBP" } }],
      fulfilment: { paidToLabelled: { p50Seconds: 1800, p95Seconds: 7200 } }, sla: { breaches: 1, atRisk: 2 },
      automation: { rate: 0.9, manualInterventions: { HOLD: 1 } } });
    expect(s.series.revenue).toEqual([12.5]);
    expect(s.series.currency).toBe("GBP");
    expect([s.p50HoursToLabel, s.p95HoursToLabel, s.slaBreaches, s.atRisk]).toEqual([0.5, 2, 1, 2]);
  });
});

describe("day range", () => {
  it("fills the days without figures so the charts span the whole period", () => {
    const s = fromLegacy({ days: { "2026-12-02": { received: 3 } } });
    const filled = fillDays(s.series, "2026-12-01", "2026-12-03");
    expect(filled.days).toEqual(["2026-12-01", "2026-12-02", "2026-12-03"]);
    expect(filled.orders).toEqual([0, 3, 0]);
    expect(filled.hoursToShip).toEqual([null, null, null]);
  });
});

describe("bulk results", () => {
  it("parses the results CSV with quoted cells", () => {
    expect(parseCsv('a,"b,""c"""\r\nd,e\n')).toEqual([["a", 'b,"c"'], ["d", "e"]]);
    expect(resultsOf("orderId,outcome,error,reason\n1,DONE,,\n2,REFUSED,IllegalTransition,\"shipped, too late\"\n"))
      .toEqual([{ orderId: "1", outcome: "DONE", error: "", reason: "" },
        { orderId: "2", outcome: "REFUSED", error: "IllegalTransition", reason: "shipped, too late" }]);
  });
});

describe("rule version diff", () => {
  it("marks added and removed lines", () => {
    expect(diffLines("a\nb\nc", "a\nc\nd")).toEqual([{ kind: "same", text: "a" }, { kind: "del", text: "b" },
      { kind: "same", text: "c" }, { kind: "add", text: "d" }]);
  });
});
