package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A function's managed policies follow from the business areas its code uses: each managed policy belongs to one
 * area (the class-name prefixes below); a function attaches it only when its handler reaches code of that area, and a
 * function that reaches an area's entry point attaches that area's policy. A new managed policy must be given its area
 * here. (OrdersReadPolicy also serves SnapStart priming, which reads an order before the snapshot.)
 */
class IamAreaPoliciesTest {
    /** Managed policy to the class-name prefixes of the area whose code needs it. */
    private static final Map<String, List<String>> AREA = Map.ofEntries(
            Map.entry("OrdersReadPolicy", List.of("com.creatorflow.shared.store.OrderRepository",
                    "com.creatorflow.shared.config.SnapStartPriming")),
            Map.entry("OrdersWritePolicy", List.of("com.creatorflow.shared.store.OrderRepository")),
            Map.entry("PiiKeyPolicy", List.of("com.creatorflow.shared.crypto.")),
            Map.entry("PiiSealPolicy", List.of("com.creatorflow.shared.crypto.")),
            Map.entry("ApiRateLimitPolicy", List.of("com.creatorflow.shared.http.ApiGuard")),
            Map.entry("InventoryDataPolicy", List.of("com.creatorflow.shared.inventory.")),
            Map.entry("InventoryBatchReadPolicy", List.of("com.creatorflow.shared.inventory.")),
            Map.entry("ReviewsWritePolicy", List.of("com.creatorflow.shared.review.")),
            Map.entry("NotificationsWritePolicy", List.of("com.creatorflow.shared.notify.",
                    "com.creatorflow.notifications.")),
            Map.entry("ShippingReadPolicy", List.of("com.creatorflow.shared.shipping.")),
            Map.entry("CarrierCredentialsPolicy", List.of("com.creatorflow.shared.shipping.carrier.")),
            Map.entry("LabelsWritePolicy", List.of("com.creatorflow.shared.shipping.")),
            Map.entry("TikTokShopsPolicy", List.of("com.creatorflow.shared.tiktok.")),
            Map.entry("TikTokAppSecretPolicy", List.of("com.creatorflow.shared.tiktok.")),
            Map.entry("TaskTokenSuccessPolicy", List.of("com.creatorflow.shared.workflow.")));
    /**
     * An area's entry point whose needs no narrower inline grant can cover: a function whose code reaches it needs
     * the area's policy. (Inventory and reviews are left out: some functions hold a narrower inline grant on their
     * table, which IamLeastPrivilegeTest checks.)
     */
    private static final Map<String, String> STORE_NEEDS = Map.of(
            "com.creatorflow.shared.store.OrderRepository", "OrdersReadPolicy",
            "com.creatorflow.shared.http.ApiGuard", "ApiRateLimitPolicy");

    private final CfnTemplate template = CfnTemplate.project();
    private final HandlerCodeScan scan = new HandlerCodeScan(getClass().getClassLoader());

    @Test
    void everyManagedPolicyBelongsToAnArea() {
        assertThat(template.resourcesOfType("AWS::IAM::ManagedPolicy"))
                .as("managed policies without an area in IamAreaPoliciesTest.AREA")
                .allSatisfy(policy -> assertThat(AREA).containsKey(policy));
    }

    @Test
    void aFunctionAttachesAnAreaPolicyExactlyWhenItsCodeUsesTheArea() {
        List<String> problems = new ArrayList<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(function);
            Set<String> attached = managedPolicies(properties);
            Set<String> reached = scan.scan(String.valueOf(properties.get("Handler")).split("::")[0])
                    .reachedClasses();
            for (String policy : attached) {
                List<String> area = AREA.getOrDefault(policy, List.of());
                if (reached.stream().noneMatch(type -> area.stream().anyMatch(type::startsWith))) {
                    problems.add(function + " attaches " + policy + " but its code reaches nothing of " + area);
                }
            }
            STORE_NEEDS.forEach((store, policy) -> {
                if (reached.contains(store) && !attached.contains(policy)) {
                    problems.add(function + " reaches " + store + " but does not attach " + policy);
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    private Set<String> managedPolicies(Map<String, Object> properties) {
        Set<String> out = new TreeSet<>();
        Object raw = properties.get("Policies");
        List<Object> policies = raw instanceof List<?> list ? CfnTemplate.list(list) : List.of(raw);
        for (Object policy : policies) {
            Object ref = CfnTemplate.map(policy).get("Ref");
            if (ref != null && "AWS::IAM::ManagedPolicy".equals(template.typeOf(String.valueOf(ref)))) {
                out.add(String.valueOf(ref));
            }
        }
        return out;
    }
}
