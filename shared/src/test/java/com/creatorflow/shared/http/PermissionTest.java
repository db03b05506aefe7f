package com.creatorflow.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.team.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The roles as issue 12 defines them, read back from the permissions. */
class PermissionTest {
    private static Set<Permission> of(Role role) {
        return Arrays.stream(Permission.values()).filter(p -> p.allows(role))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
    }

    @Test
    void anOwnerMayDoEverythingASignedInCallerCan() {
        assertThat(of(Role.OWNER)).isEqualTo(EnumSet.complementOf(EnumSet.of(Permission.PUBLIC)));
    }

    @Test
    void aManagerMayDoEverythingButTeamBillingAndAnalyticsRebuilds() {
        assertThat(of(Role.MANAGER)).isEqualTo(EnumSet.complementOf(EnumSet.of(Permission.PUBLIC,
                Permission.MANAGE_TEAM, Permission.BILLING, Permission.REBUILD_ANALYTICS)));
    }

    @Test
    void aPackerSeesOrdersPrintsLabelsAndMarksShippedOnly() {
        assertThat(of(Role.PACKER)).containsExactlyInAnyOrder(Permission.SIGNED_IN, Permission.READ,
                Permission.MANAGE_OWN_PREFERENCES, Permission.PRINT_LABELS, Permission.MARK_SHIPPED);
    }

    @Test
    void aViewerReadsAndSetsOnlyItsOwnPreferences() {
        assertThat(of(Role.VIEWER)).containsExactlyInAnyOrder(Permission.SIGNED_IN, Permission.READ,
                Permission.MANAGE_OWN_PREFERENCES);
    }

    @Test
    void everyWriteRouteNeedsMoreThanRead() {
        RoutePermissions.all().forEach((route, permission) -> {
            if (!route.startsWith("GET ") && !route.equals("POST /v1/rules/dry-run")) {
                assertThat(permission).as(route).isNotEqualTo(Permission.READ);
            }
        });
    }
}
