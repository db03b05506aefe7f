// The orders list's filters: the query of GET /v1/orders, saved views, column sorting, and whether a changed
// order still belongs to the list (so a live update keeps the filters applied).
import lifecycle from "../states.json";

export const STATES: readonly string[] = lifecycle.states;

export const FILTER_KEYS = ["q", "state", "sku", "tag", "carrier", "tracking", "buyer", "createdFrom", "createdTo",
  "sort"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export interface OrderLike {
  orderId: string;
  state: string;
  lines?: { sku: string }[];
  tags?: string[];
  packages?: { carrier?: string | null; trackingNumber?: string | null }[];
  createdAt?: string;
  updatedAt?: string;
  totals?: { total?: { minor?: number } };
}

/** The API query for the filters (empty values left out; dates as start/end of day in UTC). */
export function toQuery(filters: Filters, cursor?: string | null): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (!value) continue;
    if (key === "createdFrom" || key === "createdTo") params.set(key, value.length === 10 ? value + "T00:00:00Z" : value);
    else params.set(key, value);
  }
  if (cursor) params.set("cursor", cursor);
  return params;
}

export function isFiltered(filters: Filters): boolean {
  return FILTER_KEYS.some((k) => k !== "sort" && !!filters[k]?.trim());
}

/**
 * Whether an order passes the filters: true or false when the order's own fields tell, null when only the API can
 * (buyer and tracking search go through lookup entries, so the list is fetched again).
 */
export function matches(filters: Filters, order: OrderLike): boolean | null {
  const f = (k: FilterKey) => filters[k]?.trim() ?? "";
  if (f("buyer") || f("tracking")) return null;
  if (f("q") && order.orderId !== f("q")) return false;
  if (f("state") && order.state !== f("state")) return false;
  if (f("sku") && !(order.lines ?? []).some((l) => l.sku === f("sku"))) return false;
  if (f("tag") && !(order.tags ?? []).includes(f("tag"))) return false;
  if (f("carrier") && !(order.packages ?? []).some((p) => (p.carrier ?? "").toUpperCase() === f("carrier").toUpperCase())) {
    return false;
  }
  const created = order.createdAt ?? "";
  if (f("createdFrom") && created < toQuery({ createdFrom: f("createdFrom") }).get("createdFrom")!) return false;
  if (f("createdTo") && created >= toQuery({ createdTo: f("createdTo") }).get("createdTo")!) return false;
  return true;
}

/** Puts a changed order into a list: replaced in place, added on top, or removed when it no longer matches. */
export function upsert<T extends OrderLike>(list: T[], order: T, belongs: boolean): T[] {
  const rest = list.filter((o) => o.orderId !== order.orderId);
  if (!belongs) return rest;
  const at = list.findIndex((o) => o.orderId === order.orderId);
  if (at < 0) return [order, ...rest];
  const copy = list.slice();
  copy[at] = order;
  return copy;
}

export type SortColumn = "orderId" | "state" | "total" | "createdAt" | "updatedAt";
export interface Sort { column: SortColumn; descending: boolean }

export function sortOrders<T extends OrderLike>(list: T[], sort: Sort | null): T[] {
  if (!sort) return list;
  const value = (o: OrderLike): string | number => sort.column === "total" ? o.totals?.total?.minor ?? 0
    : (o as unknown as Record<string, string>)[sort.column] ?? "";
  const sorted = list.slice().sort((a, b) => {
    const x = value(a), y = value(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return sort.descending ? sorted.reverse() : sorted;
}

export interface SavedView { name: string; filters: Filters }
const VIEWS_KEY = "cf.savedViews";

export function savedViews(storage: Storage = localStorage): SavedView[] {
  try {
    const list = JSON.parse(storage.getItem(VIEWS_KEY) ?? "[]");
    return Array.isArray(list) ? list.filter((v) => v && typeof v.name === "string") : [];
  } catch {
    return [];
  }
}

export function saveView(name: string, filters: Filters, storage: Storage = localStorage): SavedView[] {
  const clean: Filters = {};
  for (const key of FILTER_KEYS) if (filters[key]?.trim()) clean[key] = filters[key]!.trim();
  const list = [...savedViews(storage).filter((v) => v.name !== name), { name, filters: clean }];
  storage.setItem(VIEWS_KEY, JSON.stringify(list));
  return list;
}

export function deleteView(name: string, storage: Storage = localStorage): SavedView[] {
  const list = savedViews(storage).filter((v) => v.name !== name);
  storage.setItem(VIEWS_KEY, JSON.stringify(list));
  return list;
}
