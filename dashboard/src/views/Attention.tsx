import { useEffect, useState } from "preact/hooks";
import { api, call, enc } from "../api";
import { onOrderEvent } from "../bus";
import { age, when } from "../format";
import { can, type Role } from "../roles";
import { Field, ProblemText, useLoad } from "../ui";

interface Review { orderId: string; failedStep: string; error?: string; reason: string; createdAt: string;
  reminders: number; escalated: boolean }

export function AttentionView({ role }: { role: Role }) {
  const { data, error, loading, reload } = useLoad(() => api<{ items: Review[] }>("/v1/reviews?limit=100"));
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => onOrderEvent(() => void reload()), [reload]);
  const mayDecide = can(role, "MANAGE_ORDERS");

  async function decide(orderId: string, decision: string, edits?: unknown) {
    setFailure(null);
    try {
      await call("/v1/orders/" + enc(orderId) + "/review-decision", { method: "POST",
        body: edits ? { decision, edits } : { decision } });
      setDone(`${orderId}: ${decision.toLowerCase().replace(/_/g, " ")} sent.`);
      setEditing(null);
      await reload();
    } catch (e) {
      setFailure(e);
    }
  }

  const items = (data?.items ?? []).slice().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <div>
      <h1>Needs attention</h1>
      <p class="muted">Orders a workflow could not finish on its own, oldest first.</p>
      <ProblemText error={error ?? failure} />
      {done ? <p class="ok" role="status">{done}</p> : null}
      {loading && !data ? <p role="status">Loading…</p> : null}
      {data && items.length === 0 ? <p class="card">Nothing needs you right now.</p> : null}
      <ul class="review-list">
        {items.map((r) => (
          <li class={"card review" + (r.escalated ? " escalated" : "")} data-review={r.orderId}>
            <div class="card-head">
              <h2><a href={"#order/" + enc(r.orderId)}>Order {r.orderId}</a></h2>
              <span class="age" title={when(r.createdAt)}>waiting {age(r.createdAt)}</span>
            </div>
            <p><strong>{r.failedStep}</strong>: {r.reason}</p>
            <p class="muted">{r.reminders} reminder(s){r.escalated ? " · escalated" : ""} · since {when(r.createdAt)}</p>
            {mayDecide ? (
              <div class="actions">
                <button type="button" class="primary" onClick={() => decide(r.orderId, "APPROVE")}>Approve</button>
                <button type="button" onClick={() => decide(r.orderId, "RETRY")}>Retry</button>
                <button type="button" aria-expanded={editing === r.orderId}
                  onClick={() => setEditing(editing === r.orderId ? null : r.orderId)}>Edit and retry</button>
                <button type="button" class="danger" onClick={() => decide(r.orderId, "CANCEL")}>Cancel order</button>
              </div>
            ) : null}
            {editing === r.orderId ? <EditAndRetry orderId={r.orderId} onSubmit={(a) => decide(r.orderId, "EDIT_AND_RETRY", { shippingAddress: a })} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EditAndRetry({ orderId, onSubmit }: { orderId: string; onSubmit: (address: Record<string, string>) => void }) {
  const { data } = useLoad(() => api("/v1/orders/" + enc(orderId)), [orderId]);
  const [a, setA] = useState<Record<string, string> | null>(null);
  const address = a ?? data?.pii?.shippingAddress ?? null;
  if (!address) return <p role="status">Loading the address…</p>;
  const fields: [string, string][] = [["name", "Name"], ["line1", "Address line 1"], ["line2", "Address line 2"],
    ["city", "City"], ["region", "State / region"], ["postalCode", "Postal code"], ["country", "Country"]];
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); onSubmit(address); }} aria-label={"Corrected address for " + orderId}>
      <div class="form-grid">
        {fields.map(([k, text]) => <Field label={text}><input value={address[k] ?? ""}
          onInput={(e) => setA({ ...address, [k]: (e.target as HTMLInputElement).value })} /></Field>)}
      </div>
      <button type="submit" class="primary">Save and retry</button>
    </form>
  );
}
