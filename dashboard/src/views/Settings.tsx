import { useState } from "preact/hooks";
import { api, enc } from "../api";
import { when } from "../format";
import { disablePush, enablePush, pushEnabled, pushSupported } from "../push";
import { can, ROLES, type Role } from "../roles";
import { Field, ProblemText, Section, useLoad, useSaving } from "../ui";

const CARRIERS = ["usps", "ups", "fedex", "dhl-ecommerce", "dhl-express", "ontrac", "amazon-shipping", "canada-post", "royal-mail"];

export function SettingsView({ role = "viewer" }: { role?: Role }) {
  const edit = can(role, "MANAGE_SETTINGS");
  return (
    <div>
      <h1>Settings</h1>
      <ShopsSection edit={edit} />
      <ShippingSection edit={edit} />
      <CarrierAccountsSection edit={edit} />
      <ProfilesSection edit={edit} />
      <NotificationsSection edit={edit} />
      {can(role, "MANAGE_TEAM") ? <TeamSection /> : null}
    </div>
  );
}

export function ShopsSection({ edit }: { edit: boolean }) {
  const { data, error, reload } = useLoad(() => api("/v1/shops"));
  const { run, status } = useSaving();
  async function connect() {
    const answer = await api("/v1/shops/connect", { method: "POST", body: {} });
    location.assign(answer.authorizationUrl);
  }
  return (
    <Section title="TikTok shops" actions={edit ? <button type="button" class="primary" onClick={() => run(connect, "Opening TikTok…")}>Connect a shop</button> : null}>
      <ProblemText error={error} />
      {status}
      {data?.shops?.length ? (
        <table class="responsive">
          <thead><tr><th scope="col">Shop</th><th scope="col">Status</th><th scope="col">Token expires</th>{edit ? <th scope="col">Actions</th> : null}</tr></thead>
          <tbody>{data.shops.map((s: any) => (
            <tr>
              <td data-label="Shop">{s.name ?? s.shopId} <span class="muted">{s.region}</span></td>
              <td data-label="Status">{s.status}{s.reconnectNeeded ? " – reconnect needed" : ""}</td>
              <td data-label="Token expires">{when(s.refreshTokenExpiresAt)}</td>
              {edit ? <td data-label="Actions"><button type="button" class="danger" onClick={() => confirm("Disconnect " + (s.name ?? s.shopId) + "?")
                && run(() => api("/v1/shops/" + enc(s.shopId), { method: "DELETE" }).then(reload), "Disconnected.")}>Disconnect</button></td> : null}
            </tr>
          ))}</tbody>
        </table>
      ) : data ? <p>No shop connected yet.</p> : null}
    </Section>
  );
}

export function ShippingSection({ edit }: { edit: boolean }) {
  const { data, error, setData } = useLoad(() => api("/v1/shipping/settings"));
  const { run, status } = useSaving();
  if (!data) return <Section title="Shipping"><ProblemText error={error} /></Section>;
  const s = data;
  const home = (s.shipFrom ?? []).find((f: any) => f.default) ?? s.shipFrom?.[0] ?? { id: "home", default: true, address: {} };
  const set = (patch: Record<string, unknown>) => setData({ ...s, ...patch });
  const setAddress = (k: string, v: string) => set({ shipFrom: [{ ...home, default: true, address: { ...home.address, [k]: v } },
    ...(s.shipFrom ?? []).filter((f: any) => f.id !== home.id).map((f: any) => ({ ...f, default: false }))] });
  const allowed: string[] = (s.carriers ?? []).map((c: any) => c.carrier);
  async function save() {
    const { tenantId: _t, version, updatedAt: _u, updatedBy: _b, ...fields } = s;
    const input = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
    const saved = await api("/v1/shipping/settings", { method: "PUT", body: { ...input, basedOnVersion: version } });
    setData(saved);
  }
  return (
    <Section title="Shipping">
      <form class="stack" onSubmit={(e) => { e.preventDefault(); void run(save, "Shipping settings saved."); }}>
        <fieldset disabled={!edit}>
          <legend>Ship from (default address)</legend>
          <div class="form-grid">
            {[["name", "Name"], ["line1", "Address line 1"], ["city", "City"], ["region", "State / region"],
              ["postalCode", "Postal code"]].map(([k, text]) => (
              <Field label={text}><input value={home.address?.[k] ?? ""} onInput={(e) => setAddress(k, (e.target as HTMLInputElement).value)} /></Field>
            ))}
            <Field label="Country"><select value={home.address?.country ?? "US"} onChange={(e) => setAddress("country", (e.target as HTMLSelectElement).value)}>
              {["US", "CA", "GB"].map((c) => <option value={c}>{c}</option>)}</select></Field>
          </div>
        </fieldset>
        <fieldset disabled={!edit}>
          <legend>Carriers</legend>
          <div class="actions">
            {CARRIERS.map((c) => (
              <label class="check"><input type="checkbox" checked={allowed.includes(c)} onChange={(e) => set({ carriers:
                (e.target as HTMLInputElement).checked ? [...(s.carriers ?? []), { carrier: c }] : s.carriers.filter((x: any) => x.carrier !== c) })} />{c}</label>
            ))}
          </div>
        </fieldset>
        <div class="form-grid">
          <Field label="Choose the carrier by"><select disabled={!edit} value={s.strategy ?? "CHEAPEST"} onChange={(e) => set({ strategy: (e.target as HTMLSelectElement).value })}>
            <option value="CHEAPEST">Cheapest</option><option value="FASTEST_WITHIN_PROMISE">Fastest within the promise</option>
            <option value="FIXED">Fixed per SKU or destination</option></select></Field>
          <Field label="Promise (days)"><input type="number" min={1} max={60} disabled={!edit} value={s.promiseDays ?? 5}
            onInput={(e) => set({ promiseDays: Number((e.target as HTMLInputElement).value) })} /></Field>
          <Field label="Handling (days)"><input type="number" min={0} max={30} disabled={!edit} value={s.handlingDays ?? 0}
            onInput={(e) => set({ handlingDays: Number((e.target as HTMLInputElement).value) })} /></Field>
          <Field label="Hold window (seconds)"><input type="number" min={0} max={86400} disabled={!edit} value={s.holdWindowSeconds ?? 3600}
            onInput={(e) => set({ holdWindowSeconds: Number((e.target as HTMLInputElement).value) })} /></Field>
        </div>
        <p class="muted">Version {s.version}{s.updatedBy ? ` · by ${s.updatedBy} ${when(s.updatedAt)}` : ""}</p>
        {edit ? <button type="submit" class="primary">Save shipping settings</button> : null}
        {status}
      </form>
    </Section>
  );
}

function CarrierAccountsSection({ edit }: { edit: boolean }) {
  const { data, error, reload } = useLoad(() => api("/v1/shipping/carrier-accounts"));
  const { run, status } = useSaving();
  const [form, setForm] = useState({ adapter: "easypost", mode: "test", apiKey: "" });
  return (
    <Section title="Carrier accounts">
      <ProblemText error={error} />
      {data?.items?.length ? (
        <ul>{data.items.map((a: any) => (
          <li>{a.adapter} ({a.mode}) key {a.keyHint} {edit ? <button type="button" onClick={() => run(async () => {
            const r = await api("/v1/shipping/carrier-accounts/" + enc(a.adapter) + "/check", { method: "POST", body: {} });
            if (!r.ok) throw new Error(r.message ?? "the carrier refused the key");
          }, a.adapter + " answered.")}>Check connection</button> : null}</li>
        ))}</ul>
      ) : <p class="muted">No own accounts: labels are bought with CreatorFlow's carriers.</p>}
      {edit ? (
        <form class="form-grid" onSubmit={(e) => { e.preventDefault(); void run(() => api("/v1/shipping/carrier-accounts/" + enc(form.adapter),
          { method: "PUT", body: { mode: form.mode, apiKey: form.apiKey } }).then(reload), "Account saved."); }}>
          <Field label="Adapter"><select value={form.adapter} onChange={(e) => setForm({ ...form, adapter: (e.target as HTMLSelectElement).value })}>
            <option value="easypost">EasyPost</option></select></Field>
          <Field label="Mode"><select value={form.mode} onChange={(e) => setForm({ ...form, mode: (e.target as HTMLSelectElement).value })}>
            <option value="test">test</option><option value="live">live</option></select></Field>
          <Field label="EasyPost API key"><input value={form.apiKey} autocomplete="off" onInput={(e) => setForm({ ...form, apiKey: (e.target as HTMLInputElement).value })} /></Field>
          <div><button type="submit">Save account</button></div>
        </form>
      ) : null}
      {status}
    </Section>
  );
}

function ProfilesSection({ edit }: { edit: boolean }) {
  const { data, error, reload } = useLoad(() => api("/v1/shipping/profiles?limit=100"));
  const { run, status } = useSaving();
  const [editing, setEditing] = useState<any>(null);
  const dims: [string, string][] = [["weightGrams", "Weight (g)"], ["lengthMm", "Length (mm)"], ["widthMm", "Width (mm)"], ["heightMm", "Height (mm)"]];
  return (
    <Section title="SKU shipping profiles">
      <ProblemText error={error} />
      <table class="responsive">
        <thead><tr><th scope="col">SKU</th>{dims.map(([, t]) => <th scope="col">{t}</th>)}<th scope="col">HS code</th>{edit ? <th scope="col">Edit</th> : null}</tr></thead>
        <tbody>{(data?.items ?? []).map((p: any) => (
          <tr>
            <td data-label="SKU">{p.profile.sku}</td>
            {dims.map(([k, t]) => <td data-label={t}>{p.profile[k]}</td>)}
            <td data-label="HS code">{p.profile.hsCode ?? ""}</td>
            {edit ? <td data-label="Edit"><button type="button" onClick={() => setEditing({ ...p.profile, basedOnVersion: p.version })}>Edit {p.profile.sku}</button></td> : null}
          </tr>
        ))}</tbody>
      </table>
      {editing ? (
        <form class="form-grid" onSubmit={(e) => {
          e.preventDefault();
          const { sku, ...body } = editing;
          void run(() => api("/v1/shipping/profiles/" + enc(sku), { method: "PUT", body }).then(() => { setEditing(null); return reload(); }), sku + " saved.");
        }}>
          {dims.map(([k, t]) => <Field label={`${editing.sku} ${t}`}><input type="number" min={1} value={editing[k]}
            onInput={(e) => setEditing({ ...editing, [k]: Number((e.target as HTMLInputElement).value) })} /></Field>)}
          <div><button type="submit" class="primary">Save profile</button></div>
        </form>
      ) : null}
      {status}
    </Section>
  );
}

function NotificationsSection({ edit }: { edit: boolean }) {
  const { data, error, setData } = useLoad(() => api("/v1/notification-preferences"));
  const { run, status } = useSaving();
  const [push, setPush] = useState(pushEnabled());
  const [secret, setSecret] = useState("");
  const prefs = data ?? {};
  async function save() {
    const body: Record<string, unknown> = { minimumSeverity: prefs.minimumSeverity ?? "INFO" };
    if (prefs.webhookUrl) body.webhookUrl = prefs.webhookUrl;
    if (Array.isArray(prefs.kinds)) body.kinds = prefs.kinds;
    const saved = await api("/v1/notification-preferences", { method: "PUT", body });
    if (saved?.signingSecret) setSecret(saved.signingSecret);
  }
  return (
    <Section title="Notifications">
      <ProblemText error={error} />
      <form class="form-grid" onSubmit={(e) => { e.preventDefault(); void run(save, "Notification preferences saved."); }}>
        <Field label="Webhook URL (https)"><input type="url" disabled={!edit} value={prefs.webhookUrl ?? ""}
          onInput={(e) => setData({ ...prefs, webhookUrl: (e.target as HTMLInputElement).value })} /></Field>
        <Field label="Minimum severity"><select disabled={!edit} value={prefs.minimumSeverity ?? "INFO"}
          onChange={(e) => setData({ ...prefs, minimumSeverity: (e.target as HTMLSelectElement).value })}>
          {["INFO", "WARNING", "URGENT"].map((s) => <option value={s}>{s.toLowerCase()}</option>)}</select></Field>
        {edit ? <div><button type="submit">Save preferences</button></div> : null}
      </form>
      {secret ? <p>Webhook signing secret (shown once): <code>{secret}</code></p> : null}
      <p>
        <button type="button" disabled={!pushSupported()} onClick={() => run(async () => {
          if (push) await disablePush(); else await enablePush();
          setPush(!push);
        }, push ? "Push notifications off." : "Push notifications on for this device.")}>
          {push ? "Turn off push notifications on this device" : "Get push notifications on this device"}</button>
        {!pushSupported() ? <small class="reason"> This browser cannot receive push notifications.</small> : null}
      </p>
      {status}
    </Section>
  );
}

function TeamSection() {
  const { data, error, reload } = useLoad(() => api("/v1/team"));
  const { run, status } = useSaving();
  const [invite, setInvite] = useState({ email: "", role: "packer" });
  const [token, setToken] = useState("");
  return (
    <Section title="Team and roles">
      <ProblemText error={error} />
      <table class="responsive">
        <thead><tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col">Remove</th></tr></thead>
        <tbody>{(data?.members ?? []).map((m: any) => (
          <tr>
            <td data-label="Member">{m.email ?? m.memberId}</td>
            <td data-label="Role"><select aria-label={"Role of " + (m.email ?? m.memberId)} value={m.role} onChange={(e) => run(() =>
              api("/v1/team/members/" + enc(m.memberId), { method: "PUT", body: { role: (e.target as HTMLSelectElement).value } }).then(reload), "Role changed.")}>
              {ROLES.map((r) => <option value={r}>{r}</option>)}</select></td>
            <td data-label="Joined">{when(m.joinedAt)}</td>
            <td data-label="Remove"><button type="button" class="danger" onClick={() => confirm("Remove " + (m.email ?? m.memberId) + "?")
              && run(() => api("/v1/team/members/" + enc(m.memberId), { method: "DELETE" }).then(reload), "Removed.")}>Remove</button></td>
          </tr>
        ))}</tbody>
      </table>
      {(data?.invitations ?? []).length ? <ul>{data.invitations.map((i: any) => <li>{i.email} as {i.role} – {i.expired ? "expired" : "until " + when(i.expiresAt)}</li>)}</ul> : null}
      <form class="form-grid" onSubmit={(e) => { e.preventDefault(); void run(async () => {
        const answer = await api("/v1/team/invitations", { method: "POST", body: invite });
        setToken(answer.token);
        await reload();
      }, "Invitation created."); }}>
        <Field label="Invite email"><input type="email" required value={invite.email} onInput={(e) => setInvite({ ...invite, email: (e.target as HTMLInputElement).value })} /></Field>
        <Field label="Invite as"><select value={invite.role} onChange={(e) => setInvite({ ...invite, role: (e.target as HTMLSelectElement).value })}>
          {ROLES.map((r) => <option value={r}>{r}</option>)}</select></Field>
        <div><button type="submit">Invite</button></div>
      </form>
      {token ? <p>Hand this invitation token to the invitee (shown once): <code>{token}</code></p> : null}
      {status}
    </Section>
  );
}
