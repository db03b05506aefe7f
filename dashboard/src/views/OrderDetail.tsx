import { useEffect, useState } from "preact/hooks";
import { api, call, download, enc } from "../api";
import { orderActions, type OrderAction } from "../actions";
import { onOrderEvent } from "../bus";
import { money, when } from "../format";
import { type Role } from "../roles";
import { ActionButton, Field, ProblemText, StateBadge } from "../ui";

interface Address { name?: string; phone?: string; line1?: string; line2?: string; city?: string; region?: string;
  postalCode?: string; country?: string }

export function OrderDetailView({ orderId, role }: { orderId: string; role: Role }) {
  const [order, setOrder] = useState<any>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [audit, setAudit] = useState<any>(null);
  const [reviewOpen, setReviewOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const [panel, setPanel] = useState<"address" | "split" | null>(null);
  const path = "/v1/orders/" + enc(orderId);

  async function load() {
    try {
      const response = await call(path);
      setEtag(response.headers.get("ETag"));
      setOrder(await response.json());
      setAudit(await api(path + "/audit"));
      const reviews = await api("/v1/reviews?limit=100");
      setReviewOpen(reviews.items.some((r: any) => r.orderId === orderId));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => { void load(); }, [orderId]);
  useEffect(() => onOrderEvent((e) => { if (e.orderId === orderId) void load(); }), [orderId]);

  async function act(name: string, run: () => Promise<unknown>, done: string) {
    setBusy(name);
    setMessage("");
    try {
      await run();
      setMessage(done);
      setPanel(null);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }
  const ifMatch = () => (etag ? { "If-Match": etag } : undefined);
  const post = (suffix: string, body?: unknown) => call(path + suffix, { method: "POST", body: body ?? {}, headers: ifMatch() });
  const decide = (decision: string, edits?: unknown) => call(path + "/review-decision", { method: "POST",
    body: edits ? { decision, edits } : { decision } });

  if (!order) return <div><a href="#orders">← Orders</a><ProblemText error={error} />{!error ? <p role="status">Loading…</p> : null}</div>;
  const allowed = orderActions(order, role, reviewOpen);
  const has = (a: OrderAction) => a in allowed;
  const address: Address = order.pii?.shippingAddress ?? {};
  const buyer = order.pii?.buyer ?? {};
  return (
    <div class="detail">
      <a href="#orders">← Orders</a>
      <h1>Order {order.orderId} <StateBadge state={order.state} /></h1>
      {order.onHold ? <p class="notice">On hold: no workflow step moves it on until released.</p> : null}
      {order.attentionReason ? <p class="notice">Needs attention: {order.attentionReason}</p> : null}
      <ProblemText error={error} />
      {message ? <p class="ok" role="status">{message}</p> : null}

      <section class="card" aria-labelledby="actions-h">
        <h2 id="actions-h">Actions</h2>
        <ActionList allowed={allowed} busy={busy} actions={[
          { key: "approve", label: "Approve", run: () => act("approve", () => decide("APPROVE"), "Approved; the workflow goes on.") },
          { key: "retry", label: "Retry", run: () => act("retry", () => decide("RETRY"), "Retrying the step.") },
          { key: "hold", label: "Hold", run: () => act("hold", () => post("/hold", { reason: "held from the dashboard" }), "On hold.") },
          { key: "release", label: "Release", run: () => act("release", () => post("/release"), "Released.") },
          { key: "editAddress", label: "Edit address", run: () => setPanel(panel === "address" ? null : "address") },
          { key: "split", label: "Split", run: () => setPanel(panel === "split" ? null : "split") },
          { key: "markShipped", label: "Mark handed over", run: () => act("markShipped", () => post("/shipped"), "Marked as handed to the carrier.") },
          { key: "cancel", label: "Cancel order", danger: true, run: () => confirm("Cancel order " + order.orderId + "?")
            && act("cancel", () => post("/cancel", { reason: "cancelled from the dashboard" }), "Cancellation started.") },
        ]} />
        {panel === "address" ? (
          <AddressForm initial={address} editAndRetry={reviewOpen && allowed.editAndRetry === null}
            onSave={(a, retry) => act("address", () => retry ? decide("EDIT_AND_RETRY", { shippingAddress: a })
              : call(path + "/shipping-address", { method: "PUT", body: a, headers: ifMatch() }), "Address saved.")} />
        ) : null}
        {panel === "split" ? <SplitForm order={order} onSplit={(packages) => act("split", () => post("/split", { packages }), "Split into packages.")} /> : null}
      </section>

      <div class="grid2">
        <section class="card" aria-labelledby="items-h">
          <h2 id="items-h">Items</h2>
          <table class="responsive">
            <thead><tr><th scope="col">SKU</th><th scope="col">Product</th><th scope="col">Qty</th><th scope="col">Price</th></tr></thead>
            <tbody>
              {order.lines.map((l: any) => <tr><td data-label="SKU">{l.sku}</td><td data-label="Product">{l.productName} {l.skuName ?? ""}</td>
                <td data-label="Qty">{l.quantity}</td><td data-label="Price">{money(l.unitPrice)}</td></tr>)}
            </tbody>
          </table>
          <p><strong>Total {money(order.totals?.total)}</strong></p>
          {order.tags?.length ? <p>Tags: {order.tags.map((t: string) => <span class="tag">{t}</span>)}</p> : null}
        </section>
        <section class="card" aria-labelledby="ship-h">
          <h2 id="ship-h">Ship to</h2>
          <address>{[buyer.name ?? address.name, address.line1, address.line2,
            [address.city, address.region, address.postalCode].filter(Boolean).join(" "), address.country]
            .filter(Boolean).map((l) => <div>{l}</div>)}</address>
          <p class="muted">Created {when(order.createdAt)} · TikTok status {order.tiktokStatus ?? "–"}</p>
        </section>
      </div>

      <section class="card" aria-labelledby="pkg-h">
        <h2 id="pkg-h">Packages</h2>
        {order.packages?.length ? (
          <ul class="packages">
            {order.packages.map((p: any) => (
              <li>
                <strong>{p.carrier ?? "carrier not chosen"} {p.service ?? ""}</strong> · {p.status}
                {p.trackingNumber ? <> · tracking <code>{p.trackingNumber}</code></> : null}
                <div class="muted">{(p.tiktokLineIds ?? []).length} unit(s){p.shippedAt ? " · shipped " + when(p.shippedAt) : ""}</div>
              </li>
            ))}
          </ul>
        ) : <p class="muted">No packages yet.</p>}
        <div class="actions">
          {has("downloadLabel") ? <ActionButton id="download-label" label="Download label" reason={allowed.downloadLabel} busy={busy === "label"}
            onClick={() => act("label", async () => download(await call("/v1/labels/batch", { method: "POST",
              body: { orderIds: [order.orderId] } }), "label-" + order.orderId + ".pdf"), "Label downloaded.")} /> : null}
          {has("reprintLabel") ? <ActionButton label="Reprint label" reason={allowed.reprintLabel} busy={busy === "reprint"}
            onClick={() => act("reprint", async () => download(await call(path + "/label/reprint", { method: "POST",
              headers: ifMatch() }), "label-" + order.orderId + ".pdf"), "Reprinted; the timeline records it.")} /> : null}
        </div>
      </section>

      {has("note") ? <NoteForm onNote={(note) => act("note", () => post("/notes", { note }), "Note added.")} /> : null}

      <section class="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        {audit ? (
          <>
            <p class={audit.verification.problems.length ? "problem" : "muted"}>
              {audit.verification.problems.length ? "Audit chain problems: " + audit.verification.problems.join("; ")
                : `Audit chain intact (${audit.verification.entries} entries)`}</p>
            <ol class="timeline">
              {audit.entries.slice().reverse().map((e: any) => (
                <li>
                  <strong>{e.action}</strong> {e.from ? `${e.from} → ${e.to}` : e.to ?? ""}
                  {e.reason ? <div>{e.reason}</div> : null}
                  <div class="muted"><time dateTime={e.at}>{when(e.at)}</time> · {e.actor}</div>
                </li>
              ))}
            </ol>
          </>
        ) : <p role="status">Loading…</p>}
      </section>
    </div>
  );
}

const ADDRESS_FIELDS: [keyof Address, string][] = [["name", "Name"], ["phone", "Phone"], ["line1", "Address line 1"],
  ["line2", "Address line 2"], ["city", "City"], ["region", "State / region"], ["postalCode", "Postal code"],
  ["country", "Country (2 letters)"]];

function AddressForm({ initial, editAndRetry, onSave }: { initial: Address; editAndRetry: boolean;
  onSave: (a: Address, retry: boolean) => void }) {
  const [a, setA] = useState<Address>(initial);
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); onSave(a, editAndRetry); }} aria-label="Shipping address">
      <div class="form-grid">
        {ADDRESS_FIELDS.map(([k, text]) => (
          <Field label={text}><input value={a[k] ?? ""} required={["name", "line1", "city", "postalCode", "country"].includes(k)}
            onInput={(e) => setA({ ...a, [k]: (e.target as HTMLInputElement).value })} /></Field>
        ))}
      </div>
      <button type="submit" class="primary">{editAndRetry ? "Save address and retry" : "Save address"}</button>
    </form>
  );
}

function SplitForm({ order, onSplit }: { order: any; onSplit: (packages: string[][]) => void }) {
  const units: { id: string; sku: string }[] = order.lines.flatMap((l: any) =>
    (l.tiktokLineIds ?? []).map((id: string) => ({ id, sku: l.sku })));
  const [box, setBox] = useState<Record<string, number>>(() => Object.fromEntries(units.map((u, i) => [u.id, i === 0 ? 1 : 2])));
  function submit(e: Event) {
    e.preventDefault();
    const groups = new Map<number, string[]>();
    units.forEach((u) => groups.set(box[u.id], [...(groups.get(box[u.id]) ?? []), u.id]));
    onSplit([...groups.keys()].sort().map((k) => groups.get(k)!));
  }
  return (
    <form class="stack" onSubmit={submit} aria-label="Split into packages">
      {units.map((u) => (
        <Field label={`${u.sku} (${u.id}) goes in package`}>
          <select value={box[u.id]} onChange={(e) => setBox({ ...box, [u.id]: Number((e.target as HTMLSelectElement).value) })}>
            {units.map((_, i) => <option value={i + 1}>{i + 1}</option>)}
          </select>
        </Field>
      ))}
      <button type="submit" class="primary">Split</button>
    </form>
  );
}

function NoteForm({ onNote }: { onNote: (note: string) => void }) {
  const [note, setNote] = useState("");
  return (
    <form class="card stack" onSubmit={(e) => { e.preventDefault(); onNote(note); setNote(""); }} aria-label="Add a note">
      <Field label="Add a note to the timeline"><textarea value={note} maxLength={1000} required
        onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} /></Field>
      <button type="submit">Add note</button>
    </form>
  );
}

interface ActionItem { key: OrderAction; label: string; run: () => unknown; danger?: boolean }

/** The actions the role has: the possible ones as buttons, the others disabled with their reasons, folded away. */
function ActionList({ actions, allowed, busy }: { actions: ActionItem[]; allowed: Partial<Record<OrderAction, string | null>>;
  busy: string | null }) {
  const shown = actions.filter((a) => a.key in allowed);
  const possible = shown.filter((a) => allowed[a.key] === null);
  const refused = shown.filter((a) => allowed[a.key] !== null);
  const button = (a: ActionItem) => <ActionButton label={a.label} danger={a.danger} reason={allowed[a.key]}
    busy={busy === a.key} onClick={() => void a.run()} />;
  return (
    <>
      <div class="actions">{possible.map(button)}{!possible.length ? <p class="muted">Nothing can be done to this order now.</p> : null}</div>
      {refused.length ? (
        <details class="refused">
          <summary>Not possible now ({refused.length})</summary>
          <div class="actions">{refused.map(button)}</div>
        </details>
      ) : null}
    </>
  );
}
