// Which of an order's actions the API would take now, and why not otherwise: a reason (shown beside the disabled
// button) or null when allowed. Actions the role may never use are left out entirely.
import lifecycle from "../states.json";
import { can, type Role } from "./roles";

export interface ActionOrder {
  state: string;
  onHold?: boolean;
  lines?: { tiktokLineIds?: string[]; quantity?: number }[];
  packages?: { status?: string; labelId?: string | null; trackingNumber?: string | null }[];
}

export type OrderAction = "hold" | "release" | "editAddress" | "split" | "cancel" | "approve" | "retry"
  | "editAndRetry" | "markShipped" | "downloadLabel" | "reprintLabel" | "note";

// Order positions come from the lifecycle's phases (dashboard/states.json, checked against Lifecycle by a test).
const { phases } = lifecycle;
const BEFORE_LABEL = [...phases.INTAKE, ...phases.ALLOCATION, ...phases.ATTENTION];
const CANCELLABLE = [...BEFORE_LABEL, ...phases.LABELLING];
const LABELLED = [...phases.LABELLING, ...phases.SHIPPING, ...phases.SHIPPED];

export function hasLiveLabel(order: ActionOrder): boolean {
  return (order.packages ?? []).some((p) => p.status !== "VOIDED" && p.status !== "PENDING" && !!(p.labelId || p.trackingNumber));
}

export function orderActions(order: ActionOrder, role: Role, reviewOpen: boolean): Partial<Record<OrderAction, string | null>> {
  const out: Partial<Record<OrderAction, string | null>> = {};
  const labelled = hasLiveLabel(order) || LABELLED.includes(order.state);
  const beforeLabel = BEFORE_LABEL.includes(order.state) && !labelled;
  if (can(role, "MANAGE_ORDERS")) {
    out.hold = order.onHold ? "Already on hold." : beforeLabel ? null
      : labelled ? "A label was bought; cancel the order instead." : `Not possible in state ${order.state}.`;
    out.release = order.onHold ? null : "The order is not on hold.";
    out.editAddress = beforeLabel ? null
      : labelled ? "The label carries the old address: cancel the order or ship as labelled." : `Not possible in state ${order.state}.`;
    const units = (order.lines ?? []).reduce((n, l) => n + (l.tiktokLineIds?.length || l.quantity || 0), 0);
    out.split = !beforeLabel ? (labelled ? "A label was bought already." : `Not possible in state ${order.state}.`)
      : units < 2 ? "A single unit cannot be split." : null;
    out.cancel = CANCELLABLE.includes(order.state) ? null : `A ${order.state.toLowerCase().replace(/_/g, " ")} order can no longer be cancelled.`;
    const review = reviewOpen ? null : "Only an order waiting in the review queue can be decided.";
    out.approve = review;
    out.retry = review;
    out.editAndRetry = review ?? (labelled ? "A label was bought already." : null);
    out.note = null;
  }
  if (can(role, "PRINT_LABELS")) {
    out.downloadLabel = labelled && hasLiveLabel(order) ? null : "No label yet.";
    out.reprintLabel = out.downloadLabel;
  }
  if (can(role, "MARK_SHIPPED")) {
    out.markShipped = hasLiveLabel(order) && ["LABELED", "PARTIALLY_SHIPPED"].includes(order.state) ? null
      : "Only a labelled order waiting for hand-over can be marked shipped.";
  }
  return out;
}
