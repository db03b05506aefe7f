package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Allocation;
import com.creatorflow.shared.inventory.domain.Bundle;
import com.creatorflow.shared.inventory.domain.InventoryLow;
import com.creatorflow.shared.inventory.domain.InventorySettings;
import com.creatorflow.shared.inventory.domain.Movement;
import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.ReturnRestock;
import com.creatorflow.shared.inventory.domain.Shortage;
import com.creatorflow.shared.inventory.domain.ShortagePolicy;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.InsufficientStock;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.events.DomainEvent;
import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.testing.RecordingTaskTokens;
import com.creatorflow.shared.testing.TestStack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InventoryServiceIT {
    private final InventoryFixture fixture = new InventoryFixture();
    private final InventoryService service = fixture.service();
    private final InventoryRepository inventory = fixture.inventory();
    private final String tenant = TestStack.tenant();

    private void stock(String sku, String location, long units) {
        inventory.changeOnHand(tenant, sku, location, units, MovementKind.ADJUST, "received", "user:test", null);
    }

    private OrderState stateOf(Order order) {
        return fixture.orders().get(tenant, order.orderId()).state();
    }

    @Test
    void reservesEveryLineFromThePriorityLocationAndExpandsBundles() {
        stock("TEE", "east", 10);
        stock("TEE", "west", 10);
        stock("STICKER", "west", 10);
        inventory.catalog().putSettings(tenant, new InventorySettings(List.of("west", "east"), ShortagePolicy.WAIT, ReturnRestock.DONT_RESTOCK));
        inventory.catalog().putBundle(tenant, new Bundle("KIT", List.of(new Bundle.Component("TEE", 1),
                new Bundle.Component("STICKER", 2))));
        Order order = fixture.readyOrder(tenant, Map.of("KIT", 2, "TEE", 1));

        StepOutcome outcome = service.reservations().reserveOrder(tenant, order.orderId(), null);

        assertThat(outcome.status()).isEqualTo("RESERVED");
        assertThat(outcome.lines()).containsExactly(new Allocation("STICKER", "west", 4),
                new Allocation("TEE", "west", 3));
        assertThat(stateOf(order)).isEqualTo(OrderState.RESERVED);
        assertThat(inventory.stock(tenant, "TEE").at("west").orElseThrow().available()).isEqualTo(7);
        assertThat(fixture.orders().history(tenant, order.orderId())).last()
                .extracting(r -> r.to()).isEqualTo("RESERVED");
        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), null).lines()).isEqualTo(outcome.lines());
        assertThat(inventory.stock(tenant, "TEE").reserved()).isEqualTo(3);
    }

    @Test
    void theOrderMovesInTheReservationsOwnTransactionAndAChangedOrderReservesNothing() {
        stock("TEE", "east", 10);
        Order order = fixture.readyOrder(tenant, Map.of("TEE", 2));
        var move = fixture.orders().prepareTransition(order, OrderState.RESERVED, "workflow:test", "reserved");
        fixture.orders().update(order, "user:test", "TAGGED", "a tag meanwhile", null, b -> b.tags(Set.of("gift")));

        assertThatThrownBy(() -> inventory.reservations().reserve(tenant, order.orderId(), Map.of("TEE", 2), List.of(),
                Instant.now().plusSeconds(3600), null, move)).isInstanceOf(VersionConflict.class);
        assertThat(inventory.reservations().reservation(tenant, order.orderId())).isEmpty();
        assertThat(inventory.stock(tenant, "TEE").reserved()).isZero();
        assertThat(stateOf(order)).isEqualTo(OrderState.READY);

        long writesBefore = fixture.orders().history(tenant, order.orderId()).size();
        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), null).status()).isEqualTo("RESERVED");
        assertThat(stateOf(order)).isEqualTo(OrderState.RESERVED);
        assertThat(fixture.orders().history(tenant, order.orderId())).hasSize((int) writesBefore + 1);
        assertThat(inventory.stock(tenant, "TEE").reserved()).isEqualTo(2);
    }

    @Test
    void underTheReviewPolicyAShortOrderFailsWithInsufficientStockAndNothingIsReserved() {
        stock("TEE", "east", 1);
        stock("CAP", "east", 5);
        Order order = fixture.readyOrder(tenant, Map.of("TEE", 2, "CAP", 1));
        assertThatThrownBy(() -> service.reservations().reserveOrder(tenant, order.orderId(), ShortagePolicy.REVIEW))
                .isInstanceOf(InsufficientStock.class).hasMessageContaining("TEE needs 2, 1 available");
        assertThat(stateOf(order)).isEqualTo(OrderState.READY);
        assertThat(inventory.stock(tenant, "CAP").reserved()).isZero();
        assertThat(inventory.backorders().waiting(tenant, order.orderId())).isEmpty();
    }

    @Test
    void theCreatorsPolicyDecidesWhenTheStepDoesNotSay() {
        inventory.catalog().putSettings(tenant, new InventorySettings(List.of(), ShortagePolicy.REVIEW, ReturnRestock.DONT_RESTOCK));
        Order order = fixture.readyOrder(tenant, "NOTHING-IN-STOCK");
        assertThatThrownBy(() -> service.reservations().reserveOrder(tenant, order.orderId(), null))
                .isInstanceOf(InsufficientStock.class);
        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), ShortagePolicy.WAIT).status())
                .isEqualTo("BACKORDERED");
    }

    @Test
    void aWaitingOrderResumesItsWorkflowWhenStockArrives() {
        Order order = fixture.readyOrder(tenant, Map.of("TEE", 2));
        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), null).status()).isEqualTo("BACKORDERED");
        assertThat(service.reservations().awaitStock(tenant, order.orderId(), "token-1").status()).isEqualTo("WAITING");

        assertThat(service.stock().adjust(tenant, "TEE", "east", 1, "partial delivery", "user:test").resumedOrders())
                .isEmpty();
        assertThat(service.stock().adjust(tenant, "TEE", "east", 1, "rest of delivery", "user:test").resumedOrders())
                .containsExactly(order.orderId());

        assertThat(stateOf(order)).isEqualTo(OrderState.RESERVED);
        assertThat(fixture.tokens().sent()).extracting(RecordingTaskTokens.Sent::taskToken, RecordingTaskTokens.Sent::success)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("token-1", true));
        assertThat(inventory.backorders().waiting(tenant, order.orderId())).isEmpty();
        assertThat(inventory.backorders().waitingFor(tenant, "TEE", 10)).isEmpty();
        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), null).status()).isEqualTo("RESERVED");
    }

    @Test
    void reRunningTheStepForAWaitingOrderKeepsItsPlaceAndItsToken() {
        Order order = fixture.readyOrder(tenant, Map.of("TEE", 1));
        service.reservations().reserveOrder(tenant, order.orderId(), null);
        service.reservations().awaitStock(tenant, order.orderId(), "token-2");
        StepOutcome again = service.reservations().reserveOrder(tenant, order.orderId(), null);
        assertThat(again.status()).isEqualTo("BACKORDERED");
        assertThat(again.shortages()).containsExactly(new Shortage("TEE", 1, 0));
        assertThat(inventory.backorders().waiting(tenant, order.orderId()).orElseThrow().taskToken()).isEqualTo("token-2");

        stock("TEE", "east", 1);
        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), null).status()).isEqualTo("RESERVED");
        assertThat(fixture.tokens().sent()).extracting(RecordingTaskTokens.Sent::taskToken).containsExactly("token-2");
        assertThat(inventory.backorders().waiting(tenant, order.orderId())).isEmpty();
    }

    @Test
    void awaitingAnOrderThatIsAlreadyReservedAnswersAtOnce() {
        stock("TEE", "east", 1);
        Order order = fixture.readyOrder(tenant, "TEE");
        service.reservations().reserveOrder(tenant, order.orderId(), null);
        assertThat(service.reservations().awaitStock(tenant, order.orderId(), "late-token").status()).isEqualTo("RESERVED");
        assertThat(fixture.tokens().sent()).singleElement().extracting(RecordingTaskTokens.Sent::success).isEqualTo(true);
    }

    @Test
    void cancellationReleasesTheUnitsOnceAndServesWaitingOrders() {
        stock("TEE", "east", 1);
        Order first = fixture.readyOrder(tenant, "TEE");
        Order second = fixture.readyOrder(tenant, "TEE");
        service.reservations().reserveOrder(tenant, first.orderId(), null);
        assertThat(service.reservations().reserveOrder(tenant, second.orderId(), null).status()).isEqualTo("BACKORDERED");

        fixture.orders().transition(fixture.orders().get(tenant, first.orderId()), OrderState.CANCELLED,
                "creator", "buyer changed their mind");
        assertThat(service.reservations().releaseOrder(tenant, first.orderId(), "cancelled").status()).isEqualTo("RELEASED");
        assertThat(service.reservations().releaseOrder(tenant, first.orderId(), "cancelled").status()).isEqualTo("RELEASED");

        assertThat(stateOf(second)).isEqualTo(OrderState.RESERVED);
        SkuStock tee = inventory.stock(tenant, "TEE");
        assertThat(tee.reserved()).isEqualTo(1);
        assertThat(tee.available()).isZero();
        assertThat(fixture.movementTotals(tenant, "TEE").get("east")).containsExactly(1L, 1L);
    }

    @Test
    void releasingBeforeTheReservationKeepsALateReservationFromHappening() {
        stock("TEE", "east", 5);
        Order order = fixture.readyOrder(tenant, "TEE");
        service.reservations().releaseOrder(tenant, order.orderId(), "cancelled before reservation");
        assertThatThrownBy(() -> service.reservations().reserveOrder(tenant, order.orderId(), null))
                .isInstanceOf(IllegalTransition.class);
        assertThat(inventory.stock(tenant, "TEE").reserved()).isZero();
    }

    @Test
    void aReservedOrderCannotBeReleasedWhileItIsFulfilled() {
        stock("TEE", "east", 5);
        Order order = fixture.readyOrder(tenant, "TEE");
        service.reservations().reserveOrder(tenant, order.orderId(), null);
        assertThatThrownBy(() -> service.reservations().releaseOrder(tenant, order.orderId(), "oops"))
                .isInstanceOf(IllegalTransition.class);
        assertThat(inventory.stock(tenant, "TEE").reserved()).isEqualTo(1);
    }

    @Test
    void shipmentCommitsOnceAndAReturnRestocksOnlyWhenTheCreatorSaysSo() {
        stock("TEE", "east", 5);
        Order kept = fixture.readyOrder(tenant, Map.of("TEE", 2));
        Order returned = fixture.readyOrder(tenant, Map.of("TEE", 1));
        service.reservations().reserveOrder(tenant, kept.orderId(), null);
        service.reservations().reserveOrder(tenant, returned.orderId(), null);

        assertThat(service.reservations().commitOrder(tenant, kept.orderId()).status()).isEqualTo("COMMITTED");
        assertThat(service.reservations().commitOrder(tenant, kept.orderId()).status()).isEqualTo("COMMITTED");
        service.reservations().commitOrder(tenant, returned.orderId());
        SkuStock shipped = inventory.stock(tenant, "TEE");
        assertThat(shipped.onHand()).isEqualTo(2);
        assertThat(shipped.reserved()).isZero();
        assertThat(shipped.available()).isEqualTo(2);

        assertThat(service.returns().restockOrder(tenant, kept.orderId(), false).status()).isEqualTo("NOT_RESTOCKED");
        assertThat(service.returns().restockOrder(tenant, returned.orderId(), true).status()).isEqualTo("RESTOCKED");
        assertThat(service.returns().restockOrder(tenant, returned.orderId(), true).status()).isEqualTo("RESTOCKED");
        assertThat(inventory.stock(tenant, "TEE").onHand()).isEqualTo(3);
        assertThat(fixture.movementTotals(tenant, "TEE").get("east")).containsExactly(3L, 0L);
    }

    @Test
    void aShipmentWithoutReservationTakesTheUnitsWhenTheyAreThere() {
        stock("TEE", "east", 1);
        Order order = fixture.readyOrder(tenant, Map.of("TEE", 1));
        assertThat(service.reservations().commitOrder(tenant, order.orderId()).status()).isEqualTo("COMMITTED");
        assertThat(inventory.stock(tenant, "TEE").onHand()).isZero();
        Order other = fixture.readyOrder(tenant, Map.of("TEE", 1));
        assertThat(service.reservations().commitOrder(tenant, other.orderId()).status()).isEqualTo("NOT_RESERVED");
        assertThat(inventory.stock(tenant, "TEE").available()).isZero();
    }

    @Test
    void lowStockRaisesOneEventPerCrossing() {
        stock("TEE", "east", 6);
        inventory.catalog().setThreshold(tenant, "TEE", 4L);
        for (int i = 0; i < 4; i++) {
            service.reservations().reserveOrder(tenant, fixture.readyOrder(tenant, "TEE").orderId(), null);
        }
        List<DomainEvent> low = fixture.events().ofType("InventoryLow");
        assertThat(low).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo("creatorflow.inventory");
            assertThat(((InventoryLow) event.detail()).available()).isEqualTo(4);
            assertThat(((InventoryLow) event.detail()).sku()).isEqualTo("TEE");
        });

        service.stock().adjust(tenant, "TEE", "east", 10, "delivery", "user:test");
        assertThat(inventory.stock(tenant, "TEE").lowAlerted()).isFalse();
        service.stock().adjust(tenant, "TEE", "east", -10, "damaged", "user:test");
        assertThat(fixture.events().ofType("InventoryLow")).hasSize(2);
    }

    @Test
    void adjustmentsAreAuditedAndNeverTakeAvailableBelowZero() {
        stock("TEE", "east", 3);
        service.reservations().reserveOrder(tenant, fixture.readyOrder(tenant, Map.of("TEE", 2)).orderId(), null);
        assertThatThrownBy(() -> service.stock().adjust(tenant, "TEE", "east", -2, "broken", "user:test"))
                .isInstanceOf(InsufficientStock.class);
        service.stock().adjust(tenant, "TEE", "east", -1, "broken", "user:ana");
        Movement last = fixture.movements(tenant, "TEE").get(0);
        assertThat(last.kind()).isEqualTo(MovementKind.ADJUST);
        assertThat(last.reason()).isEqualTo("broken");
        assertThat(last.actor()).isEqualTo("user:ana");
        assertThat(inventory.stock(tenant, "TEE").available()).isZero();
    }
}
