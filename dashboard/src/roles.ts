// What each role may do: the client-side mirror of shared/http Permission (the API enforces it; the dashboard
// only hides what the signed-in role may not use).
export type Role = "owner" | "manager" | "packer" | "viewer";
export type Permission =
  | "READ" | "PRINT_LABELS" | "MARK_SHIPPED" | "MANAGE_ORDERS" | "MANAGE_INVENTORY" | "MANAGE_RULES"
  | "MANAGE_SETTINGS" | "MANAGE_TEAM" | "OPS";

const GRANTS: Record<Permission, Role[]> = {
  READ: ["owner", "manager", "packer", "viewer"],
  PRINT_LABELS: ["owner", "manager", "packer"],
  MARK_SHIPPED: ["owner", "manager", "packer"],
  MANAGE_ORDERS: ["owner", "manager"],
  MANAGE_INVENTORY: ["owner", "manager"],
  MANAGE_RULES: ["owner", "manager"],
  MANAGE_SETTINGS: ["owner", "manager"],
  MANAGE_TEAM: ["owner"],
  OPS: ["owner", "manager"],
};

export const ROLES: Role[] = ["owner", "manager", "packer", "viewer"];

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && GRANTS[permission].includes(role);
}

export function parseRole(text: unknown): Role {
  return ROLES.includes(text as Role) ? (text as Role) : "viewer";
}

/** The views of the navigation and the permission each needs to be shown. */
export const VIEWS: { id: string; label: string; needs: Permission }[] = [
  { id: "orders", label: "Orders", needs: "READ" },
  { id: "attention", label: "Needs attention", needs: "READ" },
  { id: "inventory", label: "Inventory", needs: "READ" },
  { id: "rules", label: "Rules", needs: "READ" },
  { id: "analytics", label: "Analytics", needs: "READ" },
  { id: "ops", label: "Ops", needs: "OPS" },
  { id: "inbox", label: "Notifications", needs: "READ" },
  { id: "setup", label: "Setup", needs: "READ" },
  { id: "settings", label: "Settings", needs: "READ" },
];

export function visibleViews(role: Role | null) {
  return VIEWS.filter((v) => can(role, v.needs));
}
