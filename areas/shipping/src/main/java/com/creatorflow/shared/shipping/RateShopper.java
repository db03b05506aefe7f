package com.creatorflow.shared.shipping;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.shipping.carrier.TenantCarriers;
import com.creatorflow.shared.shipping.domain.Candidate;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierChoice;
import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Rate shopping: packs the shipment for every allowed carrier that serves the route, asks them all for quotes at
 * once, and ranks the answers by the creator's rules ({@link RateSelection}). A carrier that is down or refuses is
 * left out and named in the result; only when no carrier quotes does shopping fail: {@link CarrierUnavailable} when
 * any was down (a retry may help), else the first refusal as {@link ValidationFailed} (bad address, oversized SKU).
 */
public final class RateShopper {
    private static final int QUOTE_THREADS = 9;

    private final TenantCarriers adapters;
    private final Clock clock;
    private final ExecutorService quotes;

    /**
     * @param adapters the carriers of each tenant
     * @param clock today's date for the delivery promise when an order has no payment time
     */
    public RateShopper(TenantCarriers adapters, Clock clock) {
        this.adapters = adapters;
        this.clock = clock;
        this.quotes = quoteThreads();
    }

    /**
     * One quote per carrier at once, on threads of this shopper (one per handler instance, like a Lambda execution
     * environment, so concurrent invocations in one process never queue behind each other's quotes); idle threads
     * end after a minute.
     */
    private static ExecutorService quoteThreads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(QUOTE_THREADS, QUOTE_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "carrier-quotes");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * What to ship and how the creator wants it shipped.
     *
     * @param order the order
     * @param lineIds the unit line ids to ship (empty: all)
     * @param rules the shipping rules (narrowed by a creator's {@code useCarrier} rule, see {@link RuleCarrier})
     * @param profiles the SKUs' shipping profiles
     * @param split what may share a box (a creator's {@code splitShipment} rule)
     */
    public record Shipment(Order order, Collection<String> lineIds, ShippingRules rules,
                           Map<String, SkuProfile> profiles, Packer.Split split) {
        public Shipment {
            split = split == null ? Packer.Split.NONE : split;
        }

        /** A shipment packed without a split rule. */
        public Shipment(Order order, Collection<String> lineIds, ShippingRules rules,
                        Map<String, SkuProfile> profiles) {
            this(order, lineIds, rules, profiles, Packer.Split.NONE);
        }

        /** The carrier request for some parcels of this shipment. */
        public ShipmentRequest request(List<Parcel> parcels) {
            Address shipTo = order.pii() == null ? null : order.pii().shippingAddress();
            if (shipTo == null) {
                throw new ValidationFailed("shippingAddress", "order " + order.orderId() + " has no shipping address");
            }
            if (rules.shipFrom() == null) {
                throw new ValidationFailed("shipFrom", "set a ship-from address in the shipping rules");
            }
            return new ShipmentRequest(order.tenantId() + "/" + order.orderId(), rules.shipFrom(), shipTo, parcels,
                    order.totals() == null ? "USD" : order.totals().currency(),
                    order.totals() == null ? null : order.totals().subtotal());
        }
    }

    /** Quotes and ranks; see the class comment for failures. */
    public CarrierChoice shop(Shipment shipment) {
        ShippingRules rules = shipment.rules();
        List<Packer.Unit> units = Packer.units(shipment.order(), shipment.lineIds(), shipment.profiles(), rules);
        ShipmentRequest probe = shipment.request(Packer.pack(units, new Packer.Limits(Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE)));
        String from = probe.shipFrom().country();
        String to = probe.shipTo().country();

        Set<String> pinned = rules.fixed().stream().map(FixedCarrierRule::carrier).collect(Collectors.toSet());
        List<CarrierAdapter> eligible = adapters.forTenant(shipment.order().tenantId()).all().stream()
                .filter(a -> rules.allows(a.carrier().code()) || pinned.contains(a.carrier().code()))
                .filter(a -> !a.carrier().servicesFor(from, to).isEmpty())
                .toList();
        Map<String, String> unavailable = new LinkedHashMap<>();
        if (eligible.isEmpty()) {
            throw new CarrierUnavailable("no allowed carrier ships from " + from + " to " + to);
        }

        Map<CarrierAdapter, Future<List<Candidate>>> pending = new LinkedHashMap<>();
        LocalDate promisedBy = promisedBy(shipment.order(), rules);
        for (CarrierAdapter adapter : eligible) {
            pending.put(adapter, quotes.submit(() -> quote(adapter, shipment, units, promisedBy)));
        }
        List<Candidate> candidates = new ArrayList<>();
        List<CreatorFlowException> failures = new ArrayList<>();
        pending.forEach((adapter, future) -> {
            try {
                candidates.addAll(future.get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof CreatorFlowException failure)) {
                    throw new IllegalStateException("quoting " + adapter.carrier().code() + " failed", cause);
                }
                failures.add(failure);
                unavailable.put(adapter.carrier().code(), failure.errorName() + ": " + failure.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CarrierUnavailable("interrupted while quoting", e);
            }
        });
        if (candidates.isEmpty()) {
            throw noQuote(failures, unavailable);
        }
        Set<String> skus = shipment.order().lines().stream().map(l -> l.sku()).collect(Collectors.toSet());
        return RateSelection.rank(candidates, rules, skus, shipment.order().shipTo(), promisedBy, unavailable);
    }

    private static List<Candidate> quote(CarrierAdapter adapter, Shipment shipment, List<Packer.Unit> units,
                                         LocalDate promisedBy) {
        ShippingRules rules = shipment.rules();
        List<Parcel> parcels = Packer.pack(units, Packer.Limits.of(adapter.carrier(), rules), rules.packaging(),
                shipment.split());
        List<Candidate> candidates = new ArrayList<>();
        for (RateQuote quote : adapter.rates(shipment.request(parcels))) {
            if (rules.allowsService(adapter.carrier().code(), quote.service())) {
                candidates.add(Candidate.of(quote, parcels, promisedBy));
            }
        }
        return candidates;
    }

    /**
     * The date the carrier must deliver by: payment plus the promised days, less the creator's handling days (the
     * parcel reaches the carrier that much later than the label is bought).
     */
    private LocalDate promisedBy(Order order, ShippingRules rules) {
        Instant start = order.paidAt() != null ? order.paidAt() : clock.instant();
        return LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(rules.promiseDays() - rules.handlingDays());
    }

    private static CreatorFlowException noQuote(List<CreatorFlowException> failures, Map<String, String> why) {
        for (CreatorFlowException failure : failures) {
            if (failure instanceof CarrierUnavailable) {
                return new CarrierUnavailable("no carrier could quote: " + why);
            }
        }
        if (!failures.isEmpty()) {
            return failures.get(0);
        }
        return new CarrierUnavailable("no carrier offers a service for this shipment");
    }
}
