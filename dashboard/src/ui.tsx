// Small shared pieces: problem messages, buttons disabled with their reason, progress, async loading.
import type { ComponentChildren } from "preact";
import { useEffect, useState, useCallback } from "preact/hooks";
import { ApiError } from "./api";

export function ProblemText({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="problem" role="alert">
      <p>{message}</p>
      {problem?.errors?.length ? (
        <ul>{problem.errors.map((e) => <li key={e.field + e.message}><code>{e.field}</code>: {e.message}</li>)}</ul>
      ) : null}
    </div>
  );
}

let reasonIds = 0;

/** A button that, when not allowed, stays visible but disabled with the reason read out beside it. */
export function ActionButton(props: { label: string; reason?: string | null; onClick: () => void; danger?: boolean;
  busy?: boolean; id?: string }) {
  const [rid] = useState(() => "reason-" + ++reasonIds);
  const disabled = !!props.reason || props.busy;
  return (
    <span class="action">
      <button type="button" id={props.id} class={props.danger ? "danger" : ""} disabled={disabled}
        aria-describedby={props.reason ? rid : undefined} onClick={props.onClick}>
        {props.busy ? props.label + "…" : props.label}
      </button>
      {props.reason ? <small id={rid} class="reason">{props.reason}</small> : null}
    </span>
  );
}

export function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div class="progress-wrap">
      <progress value={value} max={Math.max(max, 1)} aria-label={label} />
      <span>{value} / {max}</span>
    </div>
  );
}

export function Field(props: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      {props.children}
      {props.hint ? <small class="muted">{props.hint}</small> : null}
    </label>
  );
}

export function Section(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card">
      <div class="card-head"><h2>{props.title}</h2>{props.actions}</div>
      {props.children}
    </section>
  );
}

/** Loads data on mount (and when deps change); reload() fetches again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, deps);
  useEffect(() => { void reload(); }, [reload]);
  return { data, error, loading, reload, setData };
}

export function Loading({ when }: { when: boolean }) {
  return when ? <p class="muted" role="status">Loading…</p> : null;
}

export function StateBadge({ state }: { state: string }) {
  return <span class={"state s-" + state}>{state.replace(/_/g, " ")}</span>;
}

/** Runs a change and keeps its outcome: a message when it worked, the problem when it did not. */
export function useSaving(after?: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState("");
  async function run(task: () => Promise<unknown>, message: string) {
    setError(null);
    setDone("");
    try {
      await task();
      setDone(message);
      after?.();
    } catch (e) {
      setError(e);
    }
  }
  const status = <>{done ? <p class="ok" role="status">{done}</p> : null}<ProblemText error={error} /></>;
  return { run, status };
}
