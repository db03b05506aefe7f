package com.creatorflow.shared.http;

import com.creatorflow.shared.team.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a route needs of its caller. Every route of the API declares one in {@link RoutePermissions}; the
 * {@link ApiGuard} refuses a caller whose role it does not allow with 403.
 */
public enum Permission {
    /** No token at all: webhooks, which check their own signatures. The guard never serves these. */
    PUBLIC(EnumSet.noneOf(Role.class)),
    /** Any signed-in identity, member of the tenant or not yet (accepting an invitation). */
    SIGNED_IN(EnumSet.allOf(Role.class)),
    /** Read orders, reviews, inventory, rules, settings, analytics, notifications. */
    READ(EnumSet.allOf(Role.class)),
    /** Change one's own notification preferences and Web Push subscriptions (every member, for themselves). */
    MANAGE_OWN_PREFERENCES(EnumSet.allOf(Role.class)),
    /** Download and print shipping labels. */
    PRINT_LABELS(EnumSet.of(Role.OWNER, Role.MANAGER, Role.PACKER)),
    /** Confirm that an order's parcels were handed to the carrier. */
    MARK_SHIPPED(EnumSet.of(Role.OWNER, Role.MANAGER, Role.PACKER)),
    /** Change orders: cancel, bulk actions, review decisions. */
    MANAGE_ORDERS(EnumSet.of(Role.OWNER, Role.MANAGER)),
    /** Change stock, bundles and thresholds. */
    MANAGE_INVENTORY(EnumSet.of(Role.OWNER, Role.MANAGER)),
    /** Change the creator's rules. */
    MANAGE_RULES(EnumSet.of(Role.OWNER, Role.MANAGER)),
    /** Change settings and preferences (notifications, inventory, shipping, shops). */
    MANAGE_SETTINGS(EnumSet.of(Role.OWNER, Role.MANAGER)),
    /** See and change the team: members, roles, invitations, the team's audit trail. */
    MANAGE_TEAM(EnumSet.of(Role.OWNER)),
    /** Billing and the plan. */
    BILLING(EnumSet.of(Role.OWNER)),
    /** Rebuild the analytics aggregates from the audit log. */
    REBUILD_ANALYTICS(EnumSet.of(Role.OWNER));

    private final Set<Role> roles;

    Permission(Set<Role> roles) {
        this.roles = roles;
    }

    /** True when a member of this role may use a route that needs this permission. */
    public boolean allows(Role role) {
        return roles.contains(role);
    }

    /** True when the route needs a member of the caller's tenant (everything but PUBLIC and SIGNED_IN). */
    public boolean needsMember() {
        return this != PUBLIC && this != SIGNED_IN;
    }
}
