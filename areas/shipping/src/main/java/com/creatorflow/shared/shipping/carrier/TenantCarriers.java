package com.creatorflow.shared.shipping.carrier;

/** Which carrier adapters serve a tenant: its own carrier accounts, or the deployment's configured carriers. */
@FunctionalInterface
public interface TenantCarriers {
    /** The adapters that ship for a tenant. */
    CarrierAdapters forTenant(String tenantId);
}
