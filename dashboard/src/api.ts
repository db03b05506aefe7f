// The creators' API on the dashboard's own origin: bearer token, JSON in and out, problem+json errors.
import { loadSession } from "./session";

export interface FieldError { field: string; message: string }
export interface Problem { title?: string; status?: number; detail?: string; errors?: FieldError[] }

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | null) {
    super(problem?.detail || problem?.title || "HTTP " + status);
  }
}

let onUnauthorized: () => void = () => {};
export function whenSignedOut(callback: () => void) {
  onUnauthorized = callback;
}

export interface CallOptions { method?: string; body?: unknown; headers?: Record<string, string>; raw?: boolean }

export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const token = loadSession()?.token;
  if (token) headers["Authorization"] = "Bearer " + token;
  let body: BodyInit | undefined;
  if (typeof options.body === "string") body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, { method: options.method ?? "GET", headers, body });
  if (response.status === 401) onUnauthorized();
  if (!response.ok) {
    const type = response.headers.get("Content-Type") ?? "";
    const problem = type.includes("json") ? ((await response.json()) as Problem) : null;
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function api<T = any>(path: string, options: CallOptions = {}): Promise<T> {
  const response = await call(path, options);
  const type = response.headers.get("Content-Type") ?? "";
  return (type.includes("json") ? await response.json() : null) as T;
}

export const enc = encodeURIComponent;

/** Saves a response body as a file download. */
export async function download(response: Response, fallbackName: string) {
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
