import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { ApiError, api, call, download } from "../api";
import { fillDays, fromLegacy, fromReports, seriesCsv, type Summary } from "../analytics";
import { ProblemText, useLoad } from "../ui";

function isoDay(offset: number) {
  return new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
}

async function loadSummary(from: string, to: string): Promise<Summary> {
  let summary: Summary;
  try {
    summary = fromReports(await api(`/v1/analytics/reports?from=${from}&to=${to}&groupBy=day`));
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 403)) throw e;
    summary = fromLegacy(await api(`/v1/analytics?from=${from}&to=${to}`));
  }
  return { ...summary, series: fillDays(summary.series, from, to) };
}

function Chart({ title, days, values, unit }: { title: string; days: string[]; values: (number | null)[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !days.length) return;
    const xs = days.map((d) => Date.parse(d + "T00:00:00Z") / 1000);
    const plot = new uPlot({ width: Math.max(260, el.clientWidth), height: 200, legend: { show: false },
      series: [{}, { label: title, stroke: "#4c1d95", fill: "rgba(76,29,149,0.12)", width: 2, spanGaps: true }],
      axes: [{ stroke: "#4b5563" }, { stroke: "#4b5563", size: 50 }] }, [xs, values as number[]], el);
    const resize = () => plot.setSize({ width: Math.max(260, el.clientWidth), height: 200 });
    window.addEventListener("resize", resize);
    return () => { window.removeEventListener("resize", resize); plot.destroy(); };
  }, [days, values]);
  const total = values.reduce<number>((s, v) => s + (v ?? 0), 0);
  return (
    <figure class="card chart-card">
      <figcaption><h2>{title}</h2></figcaption>
      <div class="chart" ref={box} role="img" aria-label={`${title} by day, ${days.length} days; total ${total.toFixed(unit === "h" ? 1 : 0)} ${unit}`} />
    </figure>
  );
}

export function AnalyticsView() {
  const [range, setRange] = useState({ from: isoDay(-29), to: isoDay(0) });
  const { data, error } = useLoad(() => loadSummary(range.from, range.to), [range.from, range.to]);
  const [exportError, setExportError] = useState<unknown>(null);
  async function exportCsv() {
    setExportError(null);
    try {
      if (data?.source === "reports") {
        download(await call(`/v1/analytics/reports?from=${range.from}&to=${range.to}&groupBy=day&format=csv`), "analytics.csv");
      } else if (data) {
        download(new Response(seriesCsv(data.series), { headers: { "Content-Type": "text/csv" } }), "analytics.csv");
      }
    } catch (e) {
      setExportError(e);
    }
  }
  const pct = (n: number | null) => (n == null ? "–" : Math.round(n * 1000) / 10 + " %");
  const h = (n: number | null) => (n == null ? "–" : n.toFixed(1) + " h");
  const s = data?.series;
  return (
    <div>
      <h1>Analytics</h1>
      <form class="card form-grid" onSubmit={(e) => e.preventDefault()} aria-label="Period">
        <label class="field"><span>From</span><input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: (e.target as HTMLInputElement).value })} /></label>
        <label class="field"><span>To</span><input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: (e.target as HTMLInputElement).value })} /></label>
        <div><button type="button" onClick={exportCsv} disabled={!data}>Export CSV</button></div>
      </form>
      <ProblemText error={error ?? exportError} />
      {data && s ? (
        <>
          <div class="kpis">
            <div class="kpi">Orders<b>{s.orders.reduce((a, b) => a + b, 0)}</b></div>
            <div class="kpi">Revenue<b>{new Intl.NumberFormat("en-US", { style: "currency", currency: s.currency }).format(s.revenue.reduce((a, b) => a + b, 0))}</b></div>
            <div class="kpi">Shipped with no human touch<b>{pct(data.automationRate)}</b></div>
            <div class="kpi">{data.source === "reports" ? "Paid to label (p95)" : "Average time to ship"}<b>{h(data.p95HoursToLabel)}</b></div>
            <div class="kpi">SLA breaches<b>{data.slaBreaches ?? "–"}</b></div>
            <div class="kpi">At risk<b>{data.atRisk ?? "–"}</b></div>
          </div>
          <div class="grid2">
            <Chart title="Orders" days={s.days} values={s.orders} unit="orders" />
            <Chart title={"Revenue (" + s.currency + ")"} days={s.days} values={s.revenue} unit={s.currency} />
            {data.source === "analytics" ? <Chart title="Hours to ship" days={s.days} values={s.hoursToShip} unit="h" />
              : <Chart title="Shipped" days={s.days} values={s.shipped} unit="orders" />}
          </div>
          {Object.keys(data.manual).length ? (
            <section class="card"><h2>Why people stepped in</h2>
              <ul>{Object.entries(data.manual).map(([k, v]) => <li>{k}: {v}</li>)}</ul></section>
          ) : null}
          <details class="card">
            <summary>Figures by day</summary>
            <table class="responsive">
              <thead><tr><th scope="col">Day</th><th scope="col">Orders</th><th scope="col">Shipped</th><th scope="col">Revenue</th></tr></thead>
              <tbody>{s.days.map((d, i) => <tr><td data-label="Day">{d}</td><td data-label="Orders">{s.orders[i]}</td>
                <td data-label="Shipped">{s.shipped[i]}</td><td data-label="Revenue">{s.revenue[i].toFixed(2)}</td></tr>)}</tbody>
            </table>
          </details>
        </>
      ) : !error ? <p role="status">Loading…</p> : null}
    </div>
  );
}
