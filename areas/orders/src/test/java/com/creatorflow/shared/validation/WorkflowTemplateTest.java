package com.creatorflow.shared.validation;

import com.creatorflow.shared.validation.domain.WorkflowTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderType;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.Totals;
import com.creatorflow.shared.order.testing.Orders;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowTemplateTest {
    private final Order sample = Orders.sample("t");

    @Test
    void choosesTheTemplateFromTheOrder() {
        assertThat(WorkflowTemplate.of(sample, 50_000)).isEqualTo(WorkflowTemplate.STANDARD);
        assertThat(WorkflowTemplate.of(sample.toBuilder().type(OrderType.PRE_ORDER).build(), 50_000))
                .isEqualTo(WorkflowTemplate.BACKORDER);
        ShipmentPackage a = new ShipmentPackage("p1", List.of("1"), "PENDING", null, null, null, null, null);
        ShipmentPackage b = new ShipmentPackage("p2", List.of("2"), "PENDING", null, null, null, null, null);
        assertThat(WorkflowTemplate.of(sample.toBuilder().packages(List.of(a, b)).build(), 50_000))
                .isEqualTo(WorkflowTemplate.MULTI_PACKAGE);
    }

    @Test
    void highValueWinsOverEverythingElse() {
        Totals big = new Totals(Money.parse("600.00", "USD"), Money.zero("USD"), Money.zero("USD"),
                Money.zero("USD"), Money.parse("600.00", "USD"));
        Order order = sample.toBuilder().totals(big).type(OrderType.BACK_ORDER).build();
        assertThat(WorkflowTemplate.of(order, 50_000)).isEqualTo(WorkflowTemplate.HIGH_VALUE);
        assertThat(WorkflowTemplate.of(order, 60_001)).isEqualTo(WorkflowTemplate.BACKORDER);
    }
}
