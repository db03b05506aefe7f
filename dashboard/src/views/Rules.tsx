import { useEffect, useState } from "preact/hooks";
import { ApiError, api, call } from "../api";
import { diffLines } from "../diff";
import { when } from "../format";
import { can, type Role } from "../roles";
import { Field, ProblemText, Section, useLoad } from "../ui";

const pretty = (rules: unknown) => JSON.stringify(rules ?? [], null, 2);

export function RulesView({ role = "viewer" }: { role?: Role }) {
  const edit = can(role, "MANAGE_RULES");
  const active = useLoad(async () => {
    const response = await call("/v1/rules");
    return { etag: response.headers.get("ETag"), set: await response.json() };
  });
  const versions = useLoad(() => api("/v1/rules/versions?limit=20"));
  const [draft, setDraft] = useState("");
  const [timeZone, setTimeZone] = useState("UTC");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState("");
  const [compare, setCompare] = useState<number | null>(null);
  useEffect(() => {
    if (active.data) { setDraft(pretty(active.data.set.rules)); setTimeZone(active.data.set.timeZone ?? "UTC"); }
  }, [active.data]);

  let parsed: unknown = null;
  let parseError = "";
  try { parsed = JSON.parse(draft || "[]"); if (!Array.isArray(parsed)) parseError = "The rules must be a JSON array."; }
  catch (e) { parseError = "Not valid JSON: " + (e as Error).message; }

  async function save(e: Event) {
    e.preventDefault();
    setError(null); setSaved("");
    try {
      const set = await api("/v1/rules", { method: "PUT", body: { rules: parsed, timeZone },
        headers: active.data?.etag ? { "If-Match": active.data.etag } : undefined });
      setSaved(`Saved as version ${set.version}; it is active now.`);
      await active.reload();
      await versions.reload();
    } catch (err) {
      setError(err);
    }
  }
  const compared = versions.data?.items?.find((v: any) => v.version === compare);
  return (
    <div>
      <h1>Rules</h1>
      <ProblemText error={active.error} />
      <Section title={`Active rules${active.data ? " · version " + active.data.set.version : ""}`}>
        <form class="stack" onSubmit={save}>
          <Field label="Rules (JSON array; see docs/rules.md)" hint="Each rule: id, name, priority, pattern, actions.">
            <textarea rows={14} value={draft} readOnly={!edit} aria-invalid={!!parseError}
              onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} /></Field>
          <Field label="Time zone"><input value={timeZone} readOnly={!edit} onInput={(e) => setTimeZone((e.target as HTMLInputElement).value)} /></Field>
          {parseError ? <p class="problem" role="alert">{parseError}</p> : null}
          {error instanceof ApiError && error.problem?.errors?.length ? (
            <div role="alert"><p class="problem">The rules were not saved:</p>
              <ul>{error.problem.errors.map((x) => <li><code>{x.field}</code>: {x.message}</li>)}</ul></div>
          ) : <ProblemText error={error} />}
          {saved ? <p class="ok" role="status">{saved}</p> : null}
          {edit ? <div><button type="submit" class="primary" disabled={!!parseError}>Save as new version</button></div> : null}
        </form>
      </Section>
      <DryRun rules={parseError ? null : parsed} timeZone={timeZone} />
      <Section title="Versions">
        <ProblemText error={versions.error} />
        <ul>{(versions.data?.items ?? []).map((v: any) => (
          <li>Version {v.version} · {v.rules.length} rule(s) · {when(v.createdAt)} by {v.createdBy}{" "}
            <button type="button" aria-pressed={compare === v.version} onClick={() => setCompare(compare === v.version ? null : v.version)}>
              Compare with the editor<span class="sr-only"> (version {v.version})</span></button></li>
        ))}</ul>
        {compared ? (
          <div class="diff" aria-label={`Changes from version ${compared.version} to the editor`}>
            {diffLines(pretty(compared.rules), draft).map((l) => (
              <span class={l.kind === "same" ? "" : l.kind}>{l.kind === "add" ? "+ " : l.kind === "del" ? "- " : "  "}{l.text}{"\n"}</span>
            ))}
          </div>
        ) : null}
      </Section>
    </div>
  );
}

function DryRun({ rules, timeZone }: { rules: unknown; timeZone: string }) {
  const [orderId, setOrderId] = useState("");
  const [result, setResult] = useState<any>(null);
  const [error, setError] = useState<unknown>(null);
  async function run(e: Event) {
    e.preventDefault();
    setError(null); setResult(null);
    try {
      setResult(await api("/v1/rules/dry-run", { method: "POST", body: { orderId, timeZone, ...(rules ? { rules } : {}) } }));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Section title="Dry run">
      <form class="form-grid" onSubmit={run}>
        <Field label="Past order id"><input required value={orderId} onInput={(e) => setOrderId((e.target as HTMLInputElement).value)} /></Field>
        <div><button type="submit">Try the editor's rules</button></div>
      </form>
      <ProblemText error={error} />
      {result ? (
        <div role="status">
          <p>Matched: {result.decision.matched.length ? result.decision.matched.map((m: any) => m.name).join(", ") : "no rule"}</p>
          <pre>{JSON.stringify(result.decision.outcome, null, 2)}</pre>
        </div>
      ) : null}
    </Section>
  );
}
