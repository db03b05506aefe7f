import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./styles.css";
import { api, whenSignedOut } from "./api";
import { publish, onOrderEvent } from "./bus";
import { LiveClient, loadLiveConfig, type LiveStatus } from "./live";
import { visibleViews, can } from "./roles";
import { clearSession, loadSession, localSignIn, saveSession, withApiRole, type Session } from "./session";
import { registerServiceWorker } from "./push";
import { OrdersView } from "./views/Orders";
import { OrderDetailView } from "./views/OrderDetail";
import { AttentionView } from "./views/Attention";
import { InboxView } from "./views/Inbox";
import { SetupView } from "./views/Setup";
import { SettingsView } from "./views/Settings";
import { InventoryView } from "./views/Inventory";
import { RulesView } from "./views/Rules";
import { AnalyticsView } from "./views/Analytics";
import { OpsView } from "./views/Ops";

function currentRoute(): [string, string | undefined] {
  const [name, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  return [name || "orders", rest.length ? decodeURIComponent(rest.join("/")) : undefined];
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [error, setError] = useState("");
  async function local(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const session = await localSignIn(String(form.get("tenantId")));
    if (session) onSignedIn(session);
    else setError("Local sign-in is not available here; paste a token from your identity provider.");
  }
  function withToken(event: Event) {
    event.preventDefault();
    onSignedIn(saveSession(String(new FormData(event.target as HTMLFormElement).get("token")).trim()));
  }
  return (
    <main id="main" class="signin">
      <section class="card">
        <h1>Sign in to CreatorFlow</h1>
        <form onSubmit={local} class="stack">
          <label class="field"><span>Creator account (tenant id)</span>
            <input name="tenantId" required autocomplete="username" value="demo-creator" /></label>
          <button type="submit" class="primary">Sign in</button>
        </form>
        <details>
          <summary>Have a token from your identity provider?</summary>
          <form onSubmit={withToken} class="stack">
            <label class="field"><span>Bearer token</span><input name="token" required /></label>
            <button type="submit">Use token</button>
          </form>
        </details>
        {error ? <p class="problem" role="alert">{error}</p> : null}
      </section>
    </main>
  );
}

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(loadSession() !== null);

  async function signedIn(candidate: Session) {
    setChecking(true);
    const verified = await withApiRole(candidate);
    if (!verified) clearSession();
    setSession(verified);
    setChecking(false);
  }
  const [route, setRoute] = useState(currentRoute());
  const [live, setLive] = useState<LiveStatus>("stopped");
  const [attention, setAttention] = useState<number | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    const listener = () => { setRoute(currentRoute()); setMenuOpen(false); };
    window.addEventListener("hashchange", listener);
    whenSignedOut(() => { clearSession(); setSession(null); });
    const stored = loadSession();
    if (stored) void signedIn(stored);
    return () => window.removeEventListener("hashchange", listener);
  }, []);

  useEffect(() => {
    if (!session) return;
    let client: LiveClient | null = null;
    let cancelled = false;
    void loadLiveConfig().then((config) => {
      if (cancelled) return;
      client = new LiveClient({ config, token: () => loadSession()?.token ?? null, onEvent: publish,
        onStatus: (status) => setLive(status) });
      client.start();
    });
    return () => { cancelled = true; client?.stop(); };
  }, [session?.token]);

  useEffect(() => {
    if (!session) return;
    const count = () => api("/v1/reviews?limit=100").then((p) => setAttention(p.items.length)).catch(() => {});
    void count();
    return onOrderEvent(() => void count());
  }, [session?.token]);

  if (checking) return <main id="main"><p role="status">Signing in…</p></main>;
  if (!session) return <SignIn onSignedIn={(s) => void signedIn(s)} />;
  const role = session.role;
  const [name, arg] = route;
  const views = visibleViews(role);
  const allowed = name === "order" || views.some((v) => v.id === name);
  const view = !allowed ? <p role="alert">Your role ({role}) cannot open this view.</p>
    : name === "order" && arg ? <OrderDetailView orderId={arg} role={role} />
    : name === "attention" ? <AttentionView role={role} />
    : name === "inbox" ? <InboxView role={role} />
    : name === "setup" ? <SetupView role={role} />
    : name === "settings" ? <SettingsView role={role} />
    : name === "inventory" ? <InventoryView role={role} />
    : name === "rules" ? <RulesView role={role} />
    : name === "analytics" ? <AnalyticsView />
    : name === "ops" && can(role, "OPS") ? <OpsView />
    : <OrdersView role={role} />;
  const active = name === "order" ? "orders" : name;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        Skip to content</a>
      <header class="top">
        <a class="brand" href="#orders">CreatorFlow</a>
        <button type="button" class="menu-toggle" aria-expanded={menuOpen} aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}>Menu</button>
        <nav id="nav" class={menuOpen ? "open" : ""} aria-label="Main">
          {views.map((v) => (
            <a href={"#" + v.id} aria-current={active === v.id ? "page" : undefined}>
              {v.label}{v.id === "attention" && attention ? <span class="badge" aria-label={attention + " waiting"}>{attention}</span> : null}
            </a>
          ))}
        </nav>
        <div class="who">
          <span class={"live live-" + live} role="status" title="live updates">{live === "open" ? "Live" : live}</span>
          <span>{session.tenant} · {role}</span>
          <button type="button" onClick={() => { clearSession(); setSession(null); }}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{view}</main>
    </>
  );
}

registerServiceWorker();
render(<App />, document.getElementById("app")!);
