import { useEffect, useRef, useState } from "preact/hooks";
import { api, call, download, enc } from "../api";
import { onOrderEvent } from "../bus";
import { BULK_ACTIONS, runBulk, type BulkAction, type BulkJob, type BulkResult } from "../bulk";
import { deleteView, isFiltered, matches, savedViews, saveView, sortOrders, STATES, toQuery, upsert,
  type Filters, type Sort, type SortColumn } from "../filters";
import { money, when } from "../format";
import { can, type Role } from "../roles";
import { ProblemText, Progress, StateBadge } from "../ui";

export interface Order {
  orderId: string; state: string; lines: { sku: string; quantity: number; productName?: string }[];
  totals?: { total?: { minor: number; currency: string } }; shipTo?: { city?: string; region?: string; country?: string };
  tags?: string[]; packages?: any[]; createdAt: string; updatedAt: string; onHold?: boolean; tiktokStatus?: string;
}

const FILTERS_KEY = "cf.orderFilters";
const COLUMNS: [SortColumn, string][] = [["orderId", "Order"], ["state", "State"], ["total", "Total"],
  ["createdAt", "Created"], ["updatedAt", "Updated"]];

function initialFilters(): Filters {
  try { return JSON.parse(sessionStorage.getItem(FILTERS_KEY) ?? "{}"); } catch { return {}; }
}

export function OrdersView({ role }: { role: Role }) {
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [draft, setDraft] = useState<Filters>(filters);
  const [orders, setOrders] = useState<Order[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [sort, setSort] = useState<Sort | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [views, setViews] = useState(savedViews);
  const [bulk, setBulk] = useState<{ job: BulkJob | null; results: BulkResult[] | null; error?: unknown } | null>(null);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  async function load(next: Filters, after?: string | null) {
    setLoading(true);
    try {
      const page = await api<{ items: Order[]; nextCursor: string | null }>("/v1/orders?" + toQuery(next, after));
      setOrders((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    sessionStorage.setItem(FILTERS_KEY, JSON.stringify(filters));
    void load(filters);
  }, [filters]);

  useEffect(() => onOrderEvent(async (event) => {
    try {
      const order = await api<Order>("/v1/orders/" + enc(event.orderId));
      const belongs = matches(filtersRef.current, order);
      if (belongs === null) { await load(filtersRef.current); return; }
      setOrders((list) => upsert(list, order, belongs));
      setFresh((f) => new Set(f).add(order.orderId));
      setTimeout(() => setFresh((f) => { const n = new Set(f); n.delete(order.orderId); return n; }), 4000);
    } catch {
      // the order went away (or the API is unreachable); the next event or reload shows the truth
    }
  }), []);

  function apply(event: Event) {
    event.preventDefault();
    setSelected(new Set());
    setFilters({ ...draft });
  }

  function field(key: keyof Filters, labelText: string, type: "text" | "date" = "text") {
    return (
      <label class="field"><span>{labelText}</span>
        <input type={type as "text"} name={key} value={draft[key] ?? ""}
          onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })} /></label>
    );
  }

  function toggleSort(column: SortColumn) {
    setSort(sort?.column === column ? (sort.descending ? null : { column, descending: true }) : { column, descending: false });
  }

  function toggle(id: string, on: boolean) {
    const next = new Set(selected);
    on ? next.add(id) : next.delete(id);
    setSelected(next);
  }

  async function startBulk(action: BulkAction, reason: string, tags: string) {
    const ids = [...selected];
    setBulk({ job: null, results: null });
    try {
      const extra = action === "TAG" ? { tags: tags.split(",").map((t) => t.trim()).filter(Boolean) }
        : reason ? { reason } : {};
      const { job, results } = await runBulk(action, ids, extra, (job) => setBulk({ job, results: null }));
      setBulk({ job, results });
      setSelected(new Set());
      void load(filtersRef.current);
    } catch (e) {
      setBulk({ job: null, results: null, error: e });
    }
  }

  async function printSelected() {
    setBulk({ job: null, results: null });
    try {
      const response = await call("/v1/labels/batch", { method: "POST", body: { orderIds: [...selected] } });
      const skipped: { orderId: string; reason: string }[] = JSON.parse(response.headers.get("X-Skipped-Orders") ?? "[]");
      await download(response, "labels.pdf");
      setBulk({ job: null, results: skipped.map((s) => ({ orderId: s.orderId, outcome: "SKIPPED", error: "", reason: s.reason })) });
    } catch (e) {
      setBulk({ job: null, results: null, error: e });
    }
  }

  const shown = sortOrders(orders, sort);
  const allSelected = shown.length > 0 && shown.every((o) => selected.has(o.orderId));
  const mayBulk = can(role, "MANAGE_ORDERS");
  const mayPrint = can(role, "PRINT_LABELS");
  return (
    <div class="orders">
      <h1>Orders</h1>
      <form class="card filters" onSubmit={apply} role="search" aria-label="Filter orders">
        {field("q", "Order id")}
        {field("buyer", "Buyer name or phone")}
        {field("tracking", "Tracking number")}
        <label class="field"><span>State</span>
          <select name="state" value={draft.state ?? ""} onChange={(e) => setDraft({ ...draft, state: (e.target as HTMLSelectElement).value })}>
            <option value="">Any state</option>
            {STATES.map((s) => <option value={s}>{s.replace(/_/g, " ")}</option>)}
          </select></label>
        <details class="more-filters" open={window.innerWidth > 720}>
          <summary>More filters</summary>
          <div class="filters">
            {field("sku", "SKU")}
            {field("tag", "Tag")}
            {field("carrier", "Carrier")}
            {field("createdFrom", "Created from", "date")}
            {field("createdTo", "Created before", "date")}
            <label class="field"><span>Listed by</span>
              <select name="sort" value={draft.sort ?? ""} onChange={(e) => setDraft({ ...draft, sort: (e.target as HTMLSelectElement).value })}>
                <option value="">Last changed</option><option value="created">Created</option><option value="paid">Paid</option>
              </select></label>
          </div>
        </details>
        <div class="filter-actions">
          <button type="submit" class="primary">Search</button>
          <button type="button" onClick={() => { setDraft({}); setFilters({}); }} disabled={!isFiltered(filters)}>Clear</button>
        </div>
        <SavedViews views={views} filters={filters} onPick={(f) => { setDraft(f); setFilters(f); }} setViews={setViews} />
      </form>

      {(mayBulk || mayPrint) && selected.size > 0 ? (
        <BulkBar count={selected.size} mayBulk={mayBulk} mayPrint={mayPrint} onRun={startBulk} onPrint={printSelected}
          busy={!!bulk && !bulk.results && !bulk.error} />
      ) : null}
      {bulk ? <BulkStatus {...bulk} onClose={() => setBulk(null)} /> : null}
      <ProblemText error={error} />
      <p class="muted" role="status">{loading ? "Loading…" : `${orders.length} order(s)${cursor ? " shown, more available" : ""}`}</p>

      <table class="orders-table responsive">
        <caption class="sr-only">Orders, {sort ? "sorted by " + sort.column : "newest first"}</caption>
        <thead>
          <tr>
            {mayBulk || mayPrint ? (
              <th scope="col"><input type="checkbox" aria-label="Select all shown orders" checked={allSelected}
                onChange={(e) => setSelected((e.target as HTMLInputElement).checked ? new Set(shown.map((o) => o.orderId)) : new Set())} /></th>
            ) : null}
            {COLUMNS.map(([column, text]) => (
              <th scope="col" aria-sort={sort?.column === column ? (sort.descending ? "descending" : "ascending") : "none"}>
                <button type="button" class="sort" onClick={() => toggleSort(column)}>
                  {text}<span aria-hidden="true">{sort?.column === column ? (sort.descending ? " ▼" : " ▲") : ""}</span>
                </button>
              </th>
            ))}
            <th scope="col">Items</th>
            <th scope="col">Ship to</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((o) => (
            <tr key={o.orderId} data-order={o.orderId} class={fresh.has(o.orderId) ? "fresh" : ""}>
              {mayBulk || mayPrint ? (
                <td data-label="Select"><input type="checkbox" aria-label={"Select order " + o.orderId}
                  checked={selected.has(o.orderId)} onChange={(e) => toggle(o.orderId, (e.target as HTMLInputElement).checked)} /></td>
              ) : null}
              <td data-label="Order"><a href={"#order/" + enc(o.orderId)}>{o.orderId}</a>{o.onHold ? <span class="tag">on hold</span> : null}</td>
              <td data-label="State"><StateBadge state={o.state} /></td>
              <td data-label="Total">{money(o.totals?.total)}</td>
              <td data-label="Created">{when(o.createdAt)}</td>
              <td data-label="Updated">{when(o.updatedAt)}</td>
              <td data-label="Items">{o.lines.map((l) => <div>{l.quantity}× {l.sku}</div>)}</td>
              <td data-label="Ship to">{[o.shipTo?.city, o.shipTo?.region, o.shipTo?.country].filter(Boolean).join(", ")}</td>
            </tr>
          ))}
          {!loading && shown.length === 0 ? <tr><td colSpan={8} class="muted">No orders match.</td></tr> : null}
        </tbody>
      </table>
      {cursor ? <button type="button" onClick={() => load(filters, cursor)}>Show more</button> : null}
    </div>
  );
}

function SavedViews({ views, filters, onPick, setViews }: { views: ReturnType<typeof savedViews>; filters: Filters;
  onPick: (f: Filters) => void; setViews: (v: ReturnType<typeof savedViews>) => void }) {
  const [name, setName] = useState("");
  return (
    <div class="saved-views">
      <label class="field"><span>Saved view</span>
        <select value="" onChange={(e) => {
          const v = views.find((x) => x.name === (e.target as HTMLSelectElement).value);
          if (v) onPick(v.filters);
        }}>
          <option value="">Choose…</option>
          {views.map((v) => <option value={v.name}>{v.name}</option>)}
        </select></label>
      <label class="field"><span>Save these filters as</span>
        <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <button type="button" disabled={!name.trim()} onClick={() => { setViews(saveView(name.trim(), filters)); setName(""); }}>Save view</button>
      {views.length ? (
        <button type="button" onClick={() => setViews(deleteView(views[views.length - 1].name))}>
          Delete “{views[views.length - 1].name}”</button>
      ) : null}
    </div>
  );
}

function BulkBar(props: { count: number; mayBulk: boolean; mayPrint: boolean; busy: boolean;
  onRun: (a: BulkAction, reason: string, tags: string) => void; onPrint: () => void }) {
  const [action, setAction] = useState<BulkAction>("CANCEL");
  const [reason, setReason] = useState("");
  const [tags, setTags] = useState("");
  return (
    <div class="card bulk" role="region" aria-label="Bulk actions">
      <strong>{props.count} selected</strong>
      {props.mayBulk ? (
        <>
          <label class="field"><span>Action</span>
            <select name="action" value={action} onChange={(e) => setAction((e.target as HTMLSelectElement).value as BulkAction)}>
              {BULK_ACTIONS.map((a) => <option value={a}>{a.replace(/_/g, " ").toLowerCase()}</option>)}
            </select></label>
          {action === "TAG" ? (
            <label class="field"><span>Tags (comma separated)</span>
              <input value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} /></label>
          ) : (
            <label class="field"><span>Reason</span>
              <input name="reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} /></label>
          )}
          <button type="button" class={action === "CANCEL" ? "danger" : "primary"} disabled={props.busy}
            onClick={() => props.onRun(action, reason, tags)}>Run on {props.count}</button>
        </>
      ) : null}
      {props.mayPrint ? <button type="button" disabled={props.busy} onClick={props.onPrint}>Print labels</button> : null}
    </div>
  );
}

function BulkStatus({ job, results, error, onClose }: { job: BulkJob | null; results: BulkResult[] | null; error?: unknown;
  onClose: () => void }) {
  return (
    <div class="card bulk-status" aria-live="polite">
      {job ? (
        <>
          <p>Bulk {job.action.toLowerCase().replace(/_/g, " ")}: <strong>{job.status.toLowerCase()}</strong>
            {job.error ? " – " + job.error : ""}</p>
          <Progress value={job.processed ?? 0} max={job.total ?? 0} label="Bulk action progress" />
          <p class="muted">{job.done ?? 0} done, {job.refused ?? 0} refused, {job.failed ?? 0} failed, {job.skipped ?? 0} skipped</p>
        </>
      ) : !results && !error ? <p>Starting…</p> : null}
      <ProblemText error={error} />
      {results && results.length ? (
        <table class="results responsive">
          <caption>Per-order results</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead>
          <tbody>{results.map((r) => (
            <tr><td data-label="Order"><a href={"#order/" + enc(r.orderId)}>{r.orderId}</a></td><td data-label="Outcome">{r.outcome}</td>
              <td data-label="Why">{[r.error, r.reason].filter(Boolean).join(": ")}</td></tr>
          ))}</tbody>
        </table>
      ) : null}
      {results || error ? <button type="button" onClick={onClose}>Dismiss</button> : null}
    </div>
  );
}
