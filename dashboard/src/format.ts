export interface Money { minor?: number; amount?: string; currency: string }

const ZERO_DECIMALS = new Set(["JPY", "KRW", "VND"]);

export function money(m: Money | null | undefined): string {
  if (!m || !m.currency) return "";
  const value = m.amount != null ? Number(m.amount) : (m.minor ?? 0) / (ZERO_DECIMALS.has(m.currency) ? 1 : 100);
  return new Intl.NumberFormat("en-US", { style: "currency", currency: m.currency }).format(value);
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

/** A short age like "3 min", "5 h", "2 d". */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60000));
  if (minutes < 60) return minutes + " min";
  if (minutes < 48 * 60) return Math.floor(minutes / 60) + " h";
  return Math.floor(minutes / 1440) + " d";
}

export function duration(seconds: number | null | undefined): string {
  if (seconds == null) return "–";
  if (seconds < 3600) return Math.round(seconds / 60) + " min";
  return (seconds / 3600).toFixed(1) + " h";
}

export function label(state: string): string {
  return state.replace(/_/g, " ").toLowerCase().replace(/^./, (c) => c.toUpperCase());
}
