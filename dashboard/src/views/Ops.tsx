import { useState } from "preact/hooks";
import { ApiError, api, enc } from "../api";
import { when } from "../format";
import { Field, ProblemText, StateBadge, useLoad, useSaving } from "../ui";

interface Execution {
  executionArn: string; workflow: string; orderId?: string; status: string; startDate: string; stopDate?: string;
  failingStep?: string; error?: string; cause?: string; redrivable?: boolean; waitingStep?: string | null;
}

export function OpsView() {
  const [status, setStatus] = useState("FAILED");
  const [older, setOlder] = useState("");
  const list = useLoad(() => api<{ items: Execution[] }>(`/v1/ops/executions?status=${status}`
    + (older ? `&olderThanMinutes=${Number(older)}` : "")), [status, older]);
  const [open, setOpen] = useState<string | null>(null);
  const missing = list.error instanceof ApiError && list.error.status === 404;
  return (
    <div>
      <h1>Ops: workflow executions</h1>
      <form class="card form-grid" aria-label="Which executions" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status"><select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          {["FAILED", "TIMED_OUT", "ABORTED", "RUNNING"].map((s) => <option value={s}>{s.replace("_", " ").toLowerCase()}</option>)}
        </select></Field>
        <Field label="Older than (minutes)"><input type="number" min={0} value={older} onInput={(e) => setOlder((e.target as HTMLInputElement).value)} /></Field>
      </form>
      {missing ? <p class="card">The ops API (/v1/ops/executions) is not available on this deployment.</p> : <ProblemText error={list.error} />}
      {list.data && !list.data.items.length ? <p class="card">No {status.toLowerCase().replace("_", " ")} executions.</p> : null}
      <ul class="review-list">
        {(list.data?.items ?? []).map((x) => (
          <li class="card">
            <div class="card-head">
              <h2>{x.workflow} {x.orderId ? <a href={"#order/" + enc(x.orderId)}>order {x.orderId}</a> : null}</h2>
              <StateBadge state={x.status} />
            </div>
            <p>{x.failingStep ? <><strong>{x.failingStep}</strong>: </> : null}{x.error ?? ""} {x.waitingStep ? `waiting at ${x.waitingStep}` : ""}</p>
            {x.cause ? <pre class="muted">{x.cause.slice(0, 400)}</pre> : null}
            <p class="muted">started {when(x.startDate)}{x.stopDate ? " · stopped " + when(x.stopDate) : ""}</p>
            <button type="button" aria-expanded={open === x.executionArn} onClick={() => setOpen(open === x.executionArn ? null : x.executionArn)}>
              {open === x.executionArn ? "Hide" : "History and actions"}</button>
            {open === x.executionArn ? <ExecutionPanel arn={x.executionArn} onChanged={list.reload} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ExecutionPanel({ arn, onChanged }: { arn: string; onChanged: () => void }) {
  const path = "/v1/ops/executions/" + enc(arn);
  const detail = useLoad(() => api(path), [arn]);
  const [answer, setAnswer] = useState({ outcome: "success", output: "{}", error: "", cause: "" });
  const { run, status } = useSaving(() => { onChanged(); void detail.reload(); });
  const x = detail.data;
  return (
    <div class="stack">
      <ProblemText error={detail.error} />
      {status}
      {x ? (
        <>
          <div class="actions">
            <button type="button" class="primary" disabled={!x.redrivable} aria-describedby={x.redrivable ? undefined : "redrive-why"}
              onClick={() => run(() => api(path + "/redrive", { method: "POST", body: {} }), "Redriven from the failed step.")}>Redrive</button>
            {!x.redrivable ? <small id="redrive-why" class="reason">This execution cannot be redriven.</small> : null}
          </div>
          {x.waitingStep ? (
            <form class="form-grid" aria-label={"Answer " + x.waitingStep} onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const body = answer.outcome === "success" ? { outcome: "success", output: JSON.parse(answer.output || "{}") }
                  : { outcome: "failure", error: answer.error, cause: answer.cause };
                await api(path + "/answer", { method: "POST", body });
              }, "Answered " + x.waitingStep + ".");
            }}>
              <Field label={"Answer the waiting step " + x.waitingStep}><select value={answer.outcome}
                onChange={(e) => setAnswer({ ...answer, outcome: (e.target as HTMLSelectElement).value })}>
                <option value="success">success</option><option value="failure">failure</option></select></Field>
              {answer.outcome === "success"
                ? <Field label="Output (JSON)"><textarea value={answer.output} onInput={(e) => setAnswer({ ...answer, output: (e.target as HTMLTextAreaElement).value })} /></Field>
                : <>
                  <Field label="Error"><input value={answer.error} onInput={(e) => setAnswer({ ...answer, error: (e.target as HTMLInputElement).value })} /></Field>
                  <Field label="Cause"><input value={answer.cause} onInput={(e) => setAnswer({ ...answer, cause: (e.target as HTMLInputElement).value })} /></Field>
                </>}
              <div><button type="submit">Send answer</button></div>
            </form>
          ) : null}
          <ol class="timeline">
            {(x.events ?? []).map((ev: any) => (
              <li><strong>{ev.type}</strong> {ev.step ?? ""}{ev.error ? ` – ${ev.error}` : ""}
                <div class="muted">{when(ev.timestamp)}{ev.cause ? " · " + String(ev.cause).slice(0, 200) : ""}</div></li>
            ))}
          </ol>
        </>
      ) : !detail.error ? <p role="status">Loading…</p> : null}
    </div>
  );
}
