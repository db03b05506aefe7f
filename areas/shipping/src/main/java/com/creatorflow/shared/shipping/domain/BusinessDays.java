package com.creatorflow.shared.shipping.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Counting business days (Monday to Friday) for delivery estimates a carrier gives only in transit days. */
public final class BusinessDays {
    private BusinessDays() {
    }

    /** The date a number of business days after a day. */
    public static LocalDate after(LocalDate day, int businessDays) {
        LocalDate date = day;
        int left = businessDays;
        while (left > 0) {
            date = date.plusDays(1);
            if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return date;
    }
}
