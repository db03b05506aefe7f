package com.creatorflow.shared.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money as integer minor units (cents) and an ISO-4217 currency. Never a double.
 *
 * @param minor the amount in minor units
 * @param currency the ISO-4217 code
 */
public record Money(long minor, String currency) {
    public Money {
        Objects.requireNonNull(currency, "currency");
        Currency.getInstance(currency);
    }

    /** Zero in a currency. */
    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /** Parses decimal text as TikTok sends it ("12.50") in a currency; more decimals than the currency has is an error. */
    public static Money parse(String decimal, String currency) {
        if (decimal == null || decimal.isBlank()) {
            return zero(currency);
        }
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal value = new BigDecimal(decimal.trim());
        try {
            return new Money(value.setScale(digits, RoundingMode.UNNECESSARY).movePointRight(digits)
                    .longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + decimal + " has more decimals than " + currency + " allows", e);
        }
    }

    /** The sum of two amounts in the same currency. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minor, other.minor), currency);
    }

    /** The difference of two amounts in the same currency. */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minor, other.minor), currency);
    }

    /** This amount times a whole quantity. */
    public Money times(int quantity) {
        return new Money(Math.multiplyExact(minor, quantity), currency);
    }

    /** The amount as a decimal in major units (12.50). */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(minor, Currency.getInstance(currency).getDefaultFractionDigits());
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toDecimal().toPlainString() + " " + currency;
    }
}
