package io.ivantiscim.audit;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;

/**
 * Counts outgoing REST client calls (Ivanti's login and token endpoints; the OData calls go over
 * {@code ivanti.IvantiHttp}, which counts them the same way) against the SCIM request that caused them, for the
 * audit's Ivanti call count. Registered for every REST client by {@link Provider} discovery; calls made
 * outside a request (readiness probe, start-up) are not counted.
 */
@Provider
public class IvantiCallCounter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        ManagedContext context = Arc.container().requestContext();
        if (context.isActive()) {
            RequestAudit audit = Arc.container().instance(RequestAudit.class).get();
            if (audit != null && audit.started()) {
                audit.ivantiCall();
            }
        }
    }
}
