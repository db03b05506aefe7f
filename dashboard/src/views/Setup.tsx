import { api } from "../api";
import { can, type Role } from "../roles";
import { ProblemText, useLoad } from "../ui";
import { ShippingSection, ShopsSection } from "./Settings";

const STEPS: Record<string, { title: string; how: string; href: string }> = {
  shop: { title: "Connect your TikTok shop", how: "Authorize CreatorFlow in TikTok Shop.", href: "#settings" },
  shipFrom: { title: "Add a ship-from address", how: "Where parcels leave from; labels print it.", href: "#settings" },
  carriers: { title: "Choose carriers", how: "At least one carrier that ships from your address.", href: "#settings" },
  profiles: { title: "Give every SKU a shipping profile", how: "Weight and size per SKU (or a default profile).", href: "#settings" },
  stock: { title: "Enter your stock", how: "Import counts per SKU in Inventory.", href: "#inventory" },
};

export function SetupView({ role = "viewer" }: { role?: Role }) {
  const { data, error } = useLoad(() => api("/v1/setup/readiness"));
  const checks: { check: string; ok: boolean; message?: string; skus?: string[] }[] = data?.checks ?? [];
  const done = checks.filter((c) => c.ok).length;
  return (
    <div>
      <h1>Get ready to ship</h1>
      <ProblemText error={error} />
      {data ? (
        <section class="card" aria-labelledby="checklist-h">
          <h2 id="checklist-h">{data.ready ? "Ready: orders ship on their own." : `${done} of ${checks.length} done`}</h2>
          <progress value={done} max={Math.max(checks.length, 1)} aria-label="Setup progress" />
          <ol class="checklist">
            {checks.map((c) => (
              <li class={c.ok ? "done" : "todo"}>
                <strong>{STEPS[c.check]?.title ?? c.check}</strong>{c.ok ? <span class="sr-only"> (done)</span> : <span class="sr-only"> (to do)</span>}
                <div class="muted">{c.message ?? STEPS[c.check]?.how}</div>
                {c.skus?.length ? <div>SKUs: {c.skus.join(", ")}</div> : null}
                {!c.ok && can(role, "MANAGE_SETTINGS") ? <a href={STEPS[c.check]?.href ?? "#settings"}>Fix this</a> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : !error ? <p role="status">Loading…</p> : null}
      <ShopsSection edit={can(role, "MANAGE_SETTINGS")} />
      <ShippingSection edit={can(role, "MANAGE_SETTINGS")} />
    </div>
  );
}
