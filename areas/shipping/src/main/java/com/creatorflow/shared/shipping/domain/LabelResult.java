package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.ShipmentPackage;
import java.util.List;
import java.util.Map;

/**
 * What CreateLabel did: the order's packages for the shipped lines, and the carriers it had to skip.
 *
 * @param orderId the order
 * @param orderState the order's state afterwards
 * @param packages the labelled packages (carrier, service, tracking number, label id): what TikTok gets pushed
 * @param skippedCarriers carrier code to why it could not label (failover)
 * @param alreadyLabelled true when the lines were labelled before (a repeated step)
 */
public record LabelResult(String orderId, String orderState, List<ShipmentPackage> packages,
                          Map<String, String> skippedCarriers, boolean alreadyLabelled) {
}
