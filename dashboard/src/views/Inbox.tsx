import { useEffect, useState } from "preact/hooks";
import { api, enc } from "../api";
import { onOrderEvent } from "../bus";
import { when } from "../format";
import { type Role } from "../roles";
import { ProblemText, useLoad } from "../ui";

export function InboxView(_: { role?: Role }) {
  const { data, error, reload } = useLoad(() => api("/v1/notifications"));
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => onOrderEvent(() => void reload()), [reload]);
  return (
    <div>
      <h1>Notifications</h1>
      <p><a href="#settings">Notification settings and push on this device</a></p>
      <ProblemText error={error} />
      {data && !data.items.length ? <p class="card">No notifications.</p> : null}
      <ul class="review-list">
        {(data?.items ?? []).map((n: any) => (
          <li class={"card" + (n.severity === "URGENT" ? " review escalated" : "")}>
            <div class="card-head"><h2>{n.kind}{n.severity ? <span class="tag">{String(n.severity).toLowerCase()}</span> : null}</h2>
              <time class="muted" dateTime={n.createdAt}>{when(n.createdAt)}</time></div>
            <p>{n.message}</p>
            {n.orderId ? <p><a href={"#order/" + enc(n.orderId)}>Order {n.orderId}</a></p> : null}
            {n.notificationId ? (
              <button type="button" aria-expanded={open === n.notificationId} onClick={() => setOpen(open === n.notificationId ? null : n.notificationId)}>
                Deliveries</button>
            ) : null}
            {open === n.notificationId ? <Deliveries id={n.notificationId} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Deliveries({ id }: { id: string }) {
  const { data, error } = useLoad(() => api("/v1/notifications/" + enc(id) + "/deliveries"), [id]);
  return (
    <div>
      <ProblemText error={error} />
      {data && !data.items.length ? <p class="muted">Not sent anywhere (no webhook set).</p> : null}
      <ul>{(data?.items ?? []).map((d: any) => <li>{d.channel}: {d.status} after {d.attempts} attempt(s){d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : ""}</li>)}</ul>
    </div>
  );
}
