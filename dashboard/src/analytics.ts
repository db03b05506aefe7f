// Daily figures for the charts, from the analytics reports API (CONTRACTS.md) when it is there, else from the
// older /v1/analytics counters.
export interface DaySeries {
  days: string[]; orders: number[]; revenue: number[]; hoursToShip: (number | null)[]; shipped: number[];
  currency: string;
}
export interface Summary {
  series: DaySeries; automationRate: number | null; slaBreaches: number | null; atRisk: number | null;
  p50HoursToLabel: number | null; p95HoursToLabel: number | null; manual: Record<string, number>; source: "reports" | "analytics";
}

export function fromLegacy(report: any): Summary {
  const entries = Object.entries<Record<string, number>>(report.days ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const currencies = new Set(entries.flatMap(([, c]) => Object.keys(c).filter((k) => k.startsWith("revenue_")).map((k) => k.slice(8))));
  const currency = currencies.has("USD") || currencies.size === 0 ? "USD" : [...currencies][0];
  return {
    series: {
      days: entries.map(([d]) => d),
      orders: entries.map(([, c]) => c.received ?? 0),
      shipped: entries.map(([, c]) => c.shipped ?? 0),
      revenue: entries.map(([, c]) => (c["revenue_" + currency] ?? 0) / 100),
      hoursToShip: entries.map(([, c]) => (c.shipTimed ? c.shipSecondsSum / c.shipTimed / 3600 : null)),
      currency,
    },
    automationRate: report.automationRate ?? null, slaBreaches: null, atRisk: null,
    p50HoursToLabel: null, p95HoursToLabel: report.averageHoursToShip ?? null, manual: {}, source: "analytics",
  };
}

export function fromReports(report: any): Summary {
  const rows = (report.rows ?? []).slice().sort((a: any, b: any) => String(a.key).localeCompare(String(b.key)));
  const hours = (s: number | null | undefined) => (s == null ? null : s / 3600);
  return {
    series: {
      days: rows.map((r: any) => r.key),
      orders: rows.map((r: any) => r.orders ?? 0),
      shipped: rows.map((r: any) => r.shipped ?? 0),
      revenue: rows.map((r: any) => Number(r.revenue?.amount ?? 0)),
      hoursToShip: rows.map(() => null),
      currency: rows.find((r: any) => r.revenue?.currency)?.revenue.currency ?? "USD",
    },
    automationRate: report.automation?.rate ?? null,
    slaBreaches: report.sla?.breaches ?? null, atRisk: report.sla?.atRisk ?? null,
    p50HoursToLabel: hours(report.fulfilment?.paidToLabelled?.p50Seconds),
    p95HoursToLabel: hours(report.fulfilment?.paidToLabelled?.p95Seconds),
    manual: report.automation?.manualInterventions ?? {}, source: "reports",
  };
}

/** The daily series as CSV (header first), for when the API has no CSV export. */
export function seriesCsv(s: DaySeries): string {
  const lines = ["day,orders,shipped,revenue_" + s.currency + ",hoursToShip"];
  s.days.forEach((d, i) => lines.push([d, s.orders[i], s.shipped[i], s.revenue[i].toFixed(2),
    s.hoursToShip[i] == null ? "" : s.hoursToShip[i]!.toFixed(2)].join(",")));
  return lines.join("\n") + "\n";
}

/** The series over every day from..to (inclusive), days without figures as zero (time to ship: none). */
export function fillDays(s: DaySeries, from: string, to: string): DaySeries {
  const out: DaySeries = { days: [], orders: [], revenue: [], hoursToShip: [], shipped: [], currency: s.currency };
  const start = Date.parse(from + "T00:00:00Z"), end = Date.parse(to + "T00:00:00Z");
  if (!(end >= start) || end - start > 400 * 86400_000) return s;
  for (let t = start; t <= end; t += 86400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const i = s.days.indexOf(day);
    out.days.push(day);
    out.orders.push(i < 0 ? 0 : s.orders[i]);
    out.revenue.push(i < 0 ? 0 : s.revenue[i]);
    out.shipped.push(i < 0 ? 0 : s.shipped[i]);
    out.hoursToShip.push(i < 0 ? null : s.hoursToShip[i]);
  }
  return out;
}
