package com.creatorflow.shared.order;

/**
 * The money of an order as TikTok reports it: subtotal = product price minus discounts; total = subtotal + shipping
 * + tax.
 *
 * @param subtotal products after discounts
 * @param shipping shipping fee paid by the buyer
 * @param tax taxes
 * @param discount seller and platform discounts together
 * @param total what the buyer paid
 */
public record Totals(Money subtotal, Money shipping, Money tax, Money discount, Money total) {
    /** The currency of the order. */
    public String currency() {
        return total.currency();
    }
}
