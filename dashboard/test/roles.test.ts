import { describe, expect, it } from "vitest";
import { orderActions } from "../src/actions";
import { can, visibleViews } from "../src/roles";

const labelled = { state: "LABELED", packages: [{ status: "LABELED", labelId: "l1", trackingNumber: "9400" }],
  lines: [{ quantity: 2, tiktokLineIds: ["a", "b"] }] };
const ready = { state: "READY", packages: [], lines: [{ quantity: 2, tiktokLineIds: ["a", "b"] }] };

describe("role gating", () => {
  it("mirrors the API's permissions", () => {
    expect(can("owner", "MANAGE_TEAM")).toBe(true);
    expect(can("manager", "MANAGE_TEAM")).toBe(false);
    expect(can("packer", "PRINT_LABELS")).toBe(true);
    expect(can("packer", "MANAGE_ORDERS")).toBe(false);
    expect(can("viewer", "PRINT_LABELS")).toBe(false);
    expect(can(null, "READ")).toBe(false);
  });

  it("shows ops only to owners and managers", () => {
    expect(visibleViews("manager").map((v) => v.id)).toContain("ops");
    expect(visibleViews("packer").map((v) => v.id)).not.toContain("ops");
    expect(visibleViews("viewer").map((v) => v.id)).toContain("orders");
  });

  it("gives a viewer no order actions and a packer only labels and hand-over", () => {
    expect(orderActions(labelled, "viewer", false)).toEqual({});
    expect(Object.keys(orderActions(labelled, "packer", false)).sort()).toEqual(["downloadLabel", "markShipped", "reprintLabel"]);
  });

  it("disables what the order's state does not allow, with the reason", () => {
    const onLabel = orderActions(labelled, "manager", false);
    expect(onLabel.cancel).toBeNull();
    expect(onLabel.downloadLabel).toBeNull();
    expect(onLabel.hold).toMatch(/label was bought/);
    expect(onLabel.editAddress).toMatch(/old address/);
    expect(onLabel.approve).toMatch(/review queue/);
    const early = orderActions(ready, "owner", true);
    expect(early.hold).toBeNull();
    expect(early.split).toBeNull();
    expect(early.approve).toBeNull();
    expect(early.downloadLabel).toBe("No label yet.");
    expect(orderActions({ ...ready, onHold: true }, "owner", false).release).toBeNull();
    expect(orderActions({ state: "SHIPPED" }, "owner", false).cancel).toMatch(/can no longer be cancelled/);
  });
});
