package com.creatorflow.shared.shipping;

import com.creatorflow.shared.actions.OrderActions;
import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.shipping.domain.LabelNotFound;
import com.creatorflow.shared.store.OrderRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.multipdf.PDFMergerUtility;

/**
 * A creator's labels: short-lived download links to one order's live labels, the labels as one PDF (one page per
 * package), or many orders' labels merged into one document for batch printing. Every read is under the caller's
 * tenant: another creator's order is "not found".
 */
public final class LabelDownloads {
    /** Most orders one batch may print. */
    public static final int MAX_BATCH = 100;

    private final OrderRepository orders;
    private final S3LabelStore labels;

    /**
     * Download links to an order's labels.
     *
     * @param orderId the order
     * @param expiresAt when the links stop working
     * @param labels one link per package
     */
    public record Links(String orderId, Instant expiresAt, List<PackageLink> labels) {
    }

    /**
     * One package's label link.
     *
     * @param packageId the package
     * @param trackingNumber its tracking number
     * @param url the pre-signed download URL of its PDF
     */
    public record PackageLink(String packageId, String trackingNumber, URI url) {
    }

    /**
     * @param orders the order repository
     * @param labels the label documents
     */
    public LabelDownloads(OrderRepository orders, S3LabelStore labels) {
        this.orders = orders;
        this.labels = labels;
    }

    /** The order's live packages with a label, or only the one named by {@code packageId}; at least one. */
    public List<ShipmentPackage> live(String tenantId, String orderId, Optional<String> packageId) {
        Order order = orders.get(tenantId, orderId);
        List<ShipmentPackage> live = order.packages().stream()
                .filter(p -> p.labelId() != null && !"VOIDED".equals(p.status()))
                .filter(p -> packageId.map(id -> id.equals(p.packageId())).orElse(true))
                .toList();
        if (live.isEmpty()) {
            throw new LabelNotFound("order " + orderId + " has no live label"
                    + packageId.map(id -> " for package " + id).orElse(""));
        }
        return live;
    }

    /** Short-lived download links to the labels of some of an order's packages. */
    public Links links(String tenantId, String orderId, List<ShipmentPackage> packages) {
        List<PackageLink> links = new ArrayList<>();
        Instant expiresAt = Instant.MAX;
        for (ShipmentPackage p : packages) {
            S3LabelStore.Link link = labels.link(tenantId, p.labelId()).orElseThrow(() -> missing(p));
            links.add(new PackageLink(p.packageId(), p.trackingNumber(), link.url()));
            expiresAt = link.expiresAt().isBefore(expiresAt) ? link.expiresAt() : expiresAt;
        }
        return new Links(orderId, expiresAt, links);
    }

    /** The labels of some of an order's packages in one PDF. */
    public byte[] document(String tenantId, List<ShipmentPackage> packages) {
        return merge(documents(tenantId, packages));
    }

    /**
     * A batch print: one PDF with the live labels of the orders that have them (in the order given; null when none
     * has), and why each other order was skipped.
     *
     * @param pdf the merged labels, or null
     * @param printed the orders whose labels it holds
     * @param skipped the others, each with the reason
     */
    public record Batch(byte[] pdf, List<String> printed, Map<String, String> skipped) {
    }

    /** Every live label of the orders (1 to {@value #MAX_BATCH}) that have one, in one PDF; the others skipped. */
    public Batch batch(String tenantId, List<String> orderIds) {
        if (orderIds.isEmpty() || orderIds.size() > MAX_BATCH) {
            throw new ValidationFailed("orderIds", "give between 1 and " + MAX_BATCH + " order ids");
        }
        return printable(tenantId, orderIds);
    }

    /** {@link #batch} without the size bound (a bulk job prints its orders segment by segment). */
    public Batch printable(String tenantId, List<String> orderIds) {
        List<byte[]> all = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String orderId : new LinkedHashSet<>(orderIds)) {
            try {
                all.addAll(documents(tenantId, live(tenantId, orderId, Optional.empty())));
                printed.add(orderId);
            } catch (CreatorFlowException e) {
                skipped.put(orderId, e.getMessage());
            }
        }
        return new Batch(all.isEmpty() ? null : merge(all), printed, skipped);
    }

    /** Merges PDFs into one, in the order given. */
    public static byte[] merge(List<byte[]> documents) {
        if (documents.size() == 1) {
            return documents.get(0);
        }
        PDFMergerUtility merger = new PDFMergerUtility();
        documents.forEach(pdf -> merger.addSource(new RandomAccessReadBuffer(pdf)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        merger.setDestinationStream(out);
        try {
            merger.mergeDocuments(IOUtils.createMemoryOnlyStreamCache());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge " + documents.size() + " labels", e);
        }
        return out.toByteArray();
    }

    /**
     * Records that a person reprints an order's labels (audited, honouring the version they read) and answers its
     * live packages; an order without a live label is "not found" as for a download.
     */
    public List<ShipmentPackage> reprint(String tenantId, String orderId, String actor, Optional<Long> ifMatch) {
        Order order = OrderActions.matching(orders.get(tenantId, orderId), ifMatch);
        List<ShipmentPackage> live = live(tenantId, orderId, Optional.empty());
        orders.update(order, actor, "LABEL_REPRINTED", "label reprinted",
                Map.of("packages", live.stream().map(ShipmentPackage::packageId).toList()), b -> b);
        return live;
    }

    private List<byte[]> documents(String tenantId, List<ShipmentPackage> packages) {
        List<byte[]> documents = new ArrayList<>();
        for (ShipmentPackage p : packages) {
            documents.add(labels.get(tenantId, p.labelId()).orElseThrow(() -> missing(p)));
        }
        return documents;
    }

    private static LabelNotFound missing(ShipmentPackage p) {
        return new LabelNotFound("the label of package " + p.packageId() + " is no longer stored (labels are kept "
                + "for the retention period only)");
    }
}
