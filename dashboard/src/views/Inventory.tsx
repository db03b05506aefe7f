import { useState } from "preact/hooks";
import { ApiError, api, call, download, enc } from "../api";
import { when } from "../format";
import { can, type Role } from "../roles";
import { Field, ProblemText, Section, useLoad, useSaving } from "../ui";

interface StockLevel { sku: string; location: string; onHand: number; reserved: number; available: number }

export function InventoryView({ role = "viewer" }: { role?: Role }) {
  const edit = can(role, "MANAGE_INVENTORY");
  const { data, error, reload } = useLoad(async () => {
    const page = await api<{ items: StockLevel[] }>("/v1/inventory/skus?limit=100");
    const skus = [...new Set(page.items.map((s) => s.sku))];
    const views = await Promise.all(skus.map((sku) => api("/v1/inventory/skus/" + enc(sku))));
    return { levels: page.items, low: new Set(views.filter((v) => v.low).map((v) => v.sku)),
      thresholds: Object.fromEntries(views.map((v) => [v.sku, v.lowThreshold])) };
  });
  const [sku, setSku] = useState<string | null>(null);
  const lowCount = data?.low.size ?? 0;
  return (
    <div>
      <h1>Inventory</h1>
      <ProblemText error={error} />
      {lowCount ? <p class="notice" role="status">{lowCount} SKU(s) at or below their low-stock threshold.</p> : null}
      <Section title="Stock per SKU and location" actions={<button type="button" onClick={async () =>
        download(await call("/v1/inventory/export"), "stock.csv")}>Export CSV</button>}>
        <table class="responsive">
          <thead><tr><th scope="col">SKU</th><th scope="col">Location</th><th scope="col">On hand</th><th scope="col">Reserved</th>
            <th scope="col">Available</th><th scope="col">Low at</th><th scope="col">Details</th></tr></thead>
          <tbody>{(data?.levels ?? []).map((s) => (
            <tr class={data!.low.has(s.sku) ? "low" : ""}>
              <td data-label="SKU">{s.sku}{data!.low.has(s.sku) ? <span class="low-flag"> low stock</span> : null}</td>
              <td data-label="Location">{s.location}</td>
              <td data-label="On hand">{s.onHand}</td>
              <td data-label="Reserved">{s.reserved}</td>
              <td data-label="Available">{s.available}</td>
              <td data-label="Low at">{data!.thresholds[s.sku] ?? "–"}</td>
              <td data-label="Details"><button type="button" onClick={() => setSku(s.sku)} aria-expanded={sku === s.sku}>
                {edit ? "Adjust / movements" : "Movements"}<span class="sr-only"> of {s.sku} at {s.location}</span></button></td>
            </tr>
          ))}</tbody>
        </table>
        {data && data.levels.length === 0 ? <p>No stock yet: import a CSV below.</p> : null}
      </Section>
      {sku ? <SkuPanel sku={sku} edit={edit} onChanged={reload} /> : null}
      {edit ? <ImportSection onImported={reload} /> : null}
    </div>
  );
}

function SkuPanel({ sku, edit, onChanged }: { sku: string; edit: boolean; onChanged: () => void }) {
  const movements = useLoad(() => api("/v1/inventory/skus/" + enc(sku) + "/movements?limit=50"), [sku]);
  const [form, setForm] = useState({ location: "default", delta: "", reason: "", threshold: "" });
  const { run, status } = useSaving(() => { onChanged(); void movements.reload(); });
  return (
    <Section title={"SKU " + sku}>
      {edit ? (
        <div class="grid2">
          <form class="stack" aria-label={"Adjust " + sku} onSubmit={(e) => { e.preventDefault(); void run(() => api("/v1/inventory/skus/" + enc(sku) + "/adjustments",
            { method: "POST", body: { location: form.location, delta: Number(form.delta), reason: form.reason } }), "Stock adjusted."); }}>
            <Field label="Location"><input value={form.location} onInput={(e) => setForm({ ...form, location: (e.target as HTMLInputElement).value })} /></Field>
            <Field label="Change (+/- units)"><input type="number" required value={form.delta} onInput={(e) => setForm({ ...form, delta: (e.target as HTMLInputElement).value })} /></Field>
            <Field label="Reason"><input required maxLength={200} value={form.reason} onInput={(e) => setForm({ ...form, reason: (e.target as HTMLInputElement).value })} /></Field>
            <div><button type="submit" class="primary">Adjust stock</button></div>
          </form>
          <form class="stack" aria-label={"Low-stock threshold of " + sku} onSubmit={(e) => { e.preventDefault(); void run(() => api("/v1/inventory/skus/" + enc(sku) + "/threshold",
            { method: "PUT", body: { lowThreshold: form.threshold === "" ? null : Number(form.threshold) } }), "Threshold saved."); }}>
            <Field label="Low-stock threshold (available units, empty for none)"><input type="number" min={0} value={form.threshold}
              onInput={(e) => setForm({ ...form, threshold: (e.target as HTMLInputElement).value })} /></Field>
            <div><button type="submit">Save threshold</button></div>
          </form>
        </div>
      ) : null}
      {status}
      <ProblemText error={movements.error} />
      <h3>Movements</h3>
      <table class="responsive">
        <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">On hand</th><th scope="col">Reserved</th><th scope="col">Why</th></tr></thead>
        <tbody>{(movements.data?.items ?? []).map((m: any) => (
          <tr><td data-label="When">{when(m.at)}</td><td data-label="Kind">{m.kind} {m.location}</td>
            <td data-label="On hand">{m.onHandDelta > 0 ? "+" : ""}{m.onHandDelta}</td>
            <td data-label="Reserved">{m.reservedDelta > 0 ? "+" : ""}{m.reservedDelta}</td>
            <td data-label="Why">{m.reason ?? ""} {m.orderId ? <a href={"#order/" + enc(m.orderId)}>{m.orderId}</a> : null} <span class="muted">{m.actor}</span></td></tr>
        ))}</tbody>
      </table>
    </Section>
  );
}

function ImportSection({ onImported }: { onImported: () => void }) {
  const [csv, setCsv] = useState("sku,location,quantity\n");
  const [partial, setPartial] = useState(false);
  const [result, setResult] = useState<any>(null);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null); setResult(null);
    try {
      setResult(await api("/v1/inventory/import" + (partial ? "?partial=true" : ""), { method: "POST", body: csv,
        headers: { "Content-Type": "text/csv" } }));
      onImported();
    } catch (err) {
      setError(err);
    }
  }
  const lineErrors = (result?.errors ?? []).concat(error instanceof ApiError ? error.problem?.errors ?? [] : []);
  return (
    <Section title="Import stock counts (CSV)">
      <form class="stack" onSubmit={submit}>
        <Field label="CSV file"><input type="file" accept=".csv,text/csv" onChange={async (e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (file) setCsv(await file.text());
        }} /></Field>
        <Field label="Or paste CSV (sku, quantity, optional location)"><textarea value={csv} onInput={(e) => setCsv((e.target as HTMLTextAreaElement).value)} /></Field>
        <label class="check"><input type="checkbox" checked={partial} onChange={(e) => setPartial((e.target as HTMLInputElement).checked)} />
          Apply the valid lines even when some have errors</label>
        <div><button type="submit" class="primary">Import</button></div>
      </form>
      {result ? <p class="ok" role="status">{result.applied} of {result.rows} line(s) applied, {result.unchanged} unchanged.</p> : null}
      {error && !lineErrors.length ? <ProblemText error={error} /> : null}
      {lineErrors.length ? (
        <div role="alert"><p class="problem">{error ? "Nothing was imported:" : "These lines were skipped:"}</p>
          <ul>{lineErrors.map((x: any) => <li><strong>{x.field}</strong>: {x.message}</li>)}</ul></div>
      ) : null}
    </Section>
  );
}
