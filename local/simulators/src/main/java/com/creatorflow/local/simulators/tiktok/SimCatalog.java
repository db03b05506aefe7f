package com.creatorflow.local.simulators.tiktok;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Products, people and shipping providers the simulator draws realistic orders from. */
final class SimCatalog {
    record Product(String productId, String skuId, String name, String skuName, String sellerSku, String price) {
    }

    static final List<Product> PRODUCTS = List.of(
            new Product("1729384756", "1729384756001", "Logo Tee", "Black / M", "TEE-BLK-M", "19.99"),
            new Product("1729384756", "1729384756002", "Logo Tee", "White / L", "TEE-WHT-L", "19.99"),
            new Product("1729384999", "1729384999001", "Sticker Pack", "Default", "STICKER-01", "7.50"),
            new Product("1729385123", "1729385123001", "Ring Light 10in", "Default", "LIGHT-RING-10", "34.00"),
            new Product("1729385555", "1729385555001", "Lip Gloss", "Cherry", "GLOSS-CHERRY", "12.49"),
            new Product("1729385555", "1729385555002", "Lip Gloss", "Nude", "GLOSS-NUDE", "12.49"));

    private static final String[][] PEOPLE = {
        {"Jamie", "Rivera", "1200 Sunset Blvd", "Apt 4", "Los Angeles", "Los Angeles County", "California", "90026"},
        {"Priya", "Shah", "88 Elm St", "", "Austin", "Travis County", "Texas", "78701"},
        {"Noah", "Kim", "410 Pine Ave", "Unit 12", "Seattle", "King County", "Washington", "98101"},
        {"Ava", "Johnson", "7 Harbor Rd", "", "Boston", "Suffolk County", "Massachusetts", "02110"},
        {"Mateo", "Garcia", "2300 Collins Ave", "Suite 300", "Miami", "Miami-Dade County", "Florida", "33139"},
    };

    /** TikTok's shipping providers for US seller-shipped delivery options (ids are TikTok-like). */
    static final Map<String, String> PROVIDERS = Map.of(
            "7117858858072016686", "USPS",
            "7117859084333745966", "UPS",
            "7129736293190854443", "FedEx",
            "7132708257371260715", "DHL eCommerce");

    private static final AtomicLong IDS = new AtomicLong(576_500_000_000_000_000L + (System.nanoTime() % 1_000_000));

    private SimCatalog() {
    }

    static String nextId() {
        return Long.toString(IDS.incrementAndGet());
    }

    static List<Product> pickProducts(Random random) {
        int kinds = 1 + random.nextInt(3);
        return random.ints(0, PRODUCTS.size()).distinct().limit(kinds).mapToObj(PRODUCTS::get).toList();
    }

    static SimOrder.Person pickPerson(Random random) {
        String[] p = PEOPLE[random.nextInt(PEOPLE.length)];
        String phone = String.format(Locale.ROOT, "(+1)%03d-%03d-%04d", 200 + random.nextInt(700),
                200 + random.nextInt(700), random.nextInt(10_000));
        String user = Long.toString(7_494_000_000_000L + random.nextInt(1_000_000));
        return new SimOrder.Person(user, p[0], p[1], "b" + Long.toString(random.nextLong() & 0xffffffL, 36)
                + "@scs.tiktokw.us", phone, p[2], p[3], p[4], p[5], p[6], p[7]);
    }

    static BigDecimal price(Product product) {
        return new BigDecimal(product.price());
    }

    static String providerId(String name) {
        return PROVIDERS.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElse("");
    }
}
