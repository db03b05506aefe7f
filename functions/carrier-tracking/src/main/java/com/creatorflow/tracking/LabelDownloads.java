package com.creatorflow.tracking;

import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.shipping.LabelStore;
import com.creatorflow.shared.store.OrderRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.multipdf.PDFMergerUtility;

/**
 * A creator's labels as PDF: one order's live labels (one page per package), or many orders' labels merged into one
 * document for batch printing. Every read is under the caller's tenant: another creator's order is "not found".
 */
public final class LabelDownloads {
    /** Most orders one batch may print. */
    public static final int MAX_BATCH = 100;

    private final OrderRepository orders;
    private final LabelStore labels;

    /**
     * @param orders the order repository
     * @param labels the label documents
     */
    public LabelDownloads(OrderRepository orders, LabelStore labels) {
        this.orders = orders;
        this.labels = labels;
    }

    /** The order's live labels in one PDF, or only one package's when {@code packageId} is given. */
    public byte[] forOrder(String tenantId, String orderId, Optional<String> packageId) {
        return merge(pages(tenantId, orderId, packageId));
    }

    /** Every live label of the orders, in the order given, in one PDF. */
    public byte[] batch(String tenantId, List<String> orderIds) {
        if (orderIds.isEmpty() || orderIds.size() > MAX_BATCH) {
            throw new ValidationFailed("orderIds", "give between 1 and " + MAX_BATCH + " order ids");
        }
        List<byte[]> all = new ArrayList<>();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(orderIds));
        for (int i = 0; i < distinct.size(); i++) {
            try {
                all.addAll(pages(tenantId, distinct.get(i), Optional.empty()));
            } catch (CreatorFlowException e) {
                throw new ValidationFailed("orderIds[" + i + "]", "order " + distinct.get(i)
                        + " has no label to print");
            }
        }
        return merge(all);
    }

    private List<byte[]> pages(String tenantId, String orderId, Optional<String> packageId) {
        Order order = orders.get(tenantId, orderId);
        List<ShipmentPackage> live = order.packages().stream()
                .filter(p -> p.labelId() != null && !"VOIDED".equals(p.status()))
                .filter(p -> packageId.map(id -> id.equals(p.packageId())).orElse(true))
                .toList();
        if (live.isEmpty()) {
            throw new LabelNotFound("order " + orderId + " has no live label"
                    + packageId.map(id -> " for package " + id).orElse(""));
        }
        List<byte[]> documents = new ArrayList<>();
        for (ShipmentPackage p : live) {
            documents.add(labels.get(tenantId, p.labelId())
                    .orElseThrow(() -> new LabelNotFound("label " + p.labelId() + " is missing")));
        }
        return documents;
    }

    private static byte[] merge(List<byte[]> documents) {
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
}
