// Bulk jobs over orders (POST /v1/bulk-actions): start, follow until they end, read each order's outcome.
import { api, call, enc } from "./api";

export const BULK_ACTIONS = ["CANCEL", "HOLD", "RELEASE", "RETRY", "APPROVE", "TAG", "PRINT_LABELS"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const ENDED = ["COMPLETED", "CANCELLED", "FAILED"];

export interface BulkJob {
  jobId: string; status: string; action: string; total?: number; processed?: number; done?: number;
  refused?: number; failed?: number; skipped?: number; error?: string; labels?: boolean;
}
export interface BulkResult { orderId: string; outcome: string; error: string; reason: string }

/** Parses the results CSV (header orderId,outcome,error,reason; quoted cells may hold commas and quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

export function resultsOf(csv: string): BulkResult[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) return [];
  const at = (name: string) => header.indexOf(name);
  return rows.filter((r) => r.length > 1).map((r) => ({ orderId: r[at("orderId")] ?? "", outcome: r[at("outcome")] ?? "",
    error: r[at("error")] ?? "", reason: r[at("reason")] ?? "" }));
}

export async function runBulk(action: BulkAction, orderIds: string[], extra: { reason?: string; tags?: string[] },
                              onProgress: (job: BulkJob) => void, pollMs = 400): Promise<{ job: BulkJob; results: BulkResult[] }> {
  let job = await api<BulkJob>("/v1/bulk-actions", { method: "POST", body: { action, orderIds, ...extra,
    clientToken: "dash-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8) } });
  onProgress(job);
  while (!ENDED.includes(job.status)) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    job = await api<BulkJob>("/v1/bulk-actions/" + enc(job.jobId));
    onProgress(job);
  }
  const csv = await (await call("/v1/bulk-actions/" + enc(job.jobId) + "/results")).text();
  return { job, results: resultsOf(csv) };
}
