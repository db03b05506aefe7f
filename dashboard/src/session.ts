import { parseRole, type Role } from "./roles";

export interface Session { token: string; tenant: string; member: string; role: Role }

const KEY = "cf.token";

/** The claims of a JWT, without checking it (the API does); null when it is not one. */
export function claims(token: string): Record<string, unknown> | null {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
  } catch {
    return null;
  }
}

export function sessionOf(token: string): Session {
  const c = claims(token) ?? {};
  return {
    token,
    tenant: String(c["custom:tenant_id"] ?? c["tenant_id"] ?? "?"),
    member: String(c["member_id"] ?? c["sub"] ?? "?"),
    role: parseRole(c["role"] ?? c["custom:role"] ?? "owner"),
  };
}

/**
 * The session with the role the API enforces (GET /v1/team/me, read from the team, not the token). The token's claim
 * is kept only when the API cannot be reached; null when the API refuses the token (401), and the least role
 * (viewer) on any other refusal, so no control shows that the API would refuse.
 */
export async function withApiRole(session: Session, fetcher: typeof fetch = fetch): Promise<Session | null> {
  let response: Response;
  try {
    response = await fetcher("/v1/team/me", { headers: { Authorization: "Bearer " + session.token } });
  } catch {
    return session;
  }
  if (response.status === 401) return null;
  if (!response.ok) return { ...session, role: "viewer" };
  const me = await response.json();
  return { ...session, tenant: String(me.tenantId), member: String(me.memberId), role: parseRole(me.role) };
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  return token ? sessionOf(token) : null;
}

export function saveSession(token: string): Session {
  sessionStorage.setItem(KEY, token);
  return sessionOf(token);
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** Signs in at the local runtime's issuer (POST /local/token); null where there is none (AWS). */
export async function localSignIn(tenantId: string): Promise<Session | null> {
  const response = await fetch("/local/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tenantId }),
  });
  if (!response.ok) return null;
  return saveSession((await response.json()).token);
}
