package com.creatorflow.shared.shipping.domain;

/**
 * The public check-digit algorithms that carriers' tracking numbers use: weighted mod 10 (USPS IMpb, UPS, FedEx
 * Ground, Canada Post, OnTrac), weighted mod 11 (FedEx Express), mod 7 (DHL Express) and the UPU S10 mod 11.
 */
public final class CheckDigits {
    private static final int[] S10_WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};

    private CheckDigits() {
    }

    /**
     * Weighted mod 10: characters at even positions (0-based, from the left) are multiplied by {@code evenWeight},
     * at odd positions by {@code oddWeight}; the check digit brings the sum to a multiple of ten. Letters count as
     * {@code (ASCII - 63) mod 10}, as UPS defines it.
     */
    public static int mod10(CharSequence serial, int evenWeight, int oddWeight) {
        int sum = 0;
        for (int i = 0; i < serial.length(); i++) {
            sum += value(serial.charAt(i)) * (i % 2 == 0 ? evenWeight : oddWeight);
        }
        return (10 - sum % 10) % 10;
    }

    /** Weighted mod 11 then mod 10 (FedEx Express): sum of digit times weight, modulo 11, modulo 10. */
    public static int mod11(CharSequence serial, int[] weights) {
        if (serial.length() != weights.length) {
            throw new IllegalArgumentException("serial has " + serial.length() + " digits, weights " + weights.length);
        }
        int sum = 0;
        for (int i = 0; i < serial.length(); i++) {
            sum += value(serial.charAt(i)) * weights[i];
        }
        return sum % 11 % 10;
    }

    /** Mod 7 (DHL Express): the serial number's remainder by seven. */
    public static int mod7(CharSequence serial) {
        return (int) (Long.parseLong(serial.toString()) % 7);
    }

    /** The UPU S10 check digit of an eight-digit serial: weights 8 6 4 2 3 5 9 7, 11 minus the sum mod 11. */
    public static int s10(CharSequence serial) {
        if (serial.length() != 8) {
            throw new IllegalArgumentException("an S10 serial has 8 digits");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += value(serial.charAt(i)) * S10_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 0 : check == 11 ? 5 : check;
    }

    private static int value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return (c - 63) % 10;
        }
        throw new IllegalArgumentException("'" + c + "' is not a digit or capital letter");
    }
}
