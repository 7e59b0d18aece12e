package io.ivantiscim.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.ivantiscim.audit.RequestAudit;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.ODataRequest;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.FieldType;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.UserMapping;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Turns the {@code manager.value} an IdP sends into the RecId of a visible Employee: Entra sends the id of a user it
 * provisioned, Okta whatever its profile's {@code managerId} holds, usually an employee number or a login
 * (docs/idp-contracts.md §4). The keys of {@code bridge.users.manager-lookup} are tried in order, each at most one
 * Ivanti call; a value no key resolves is reported (log, audit detail, metric) and the user is written without a
 * manager, because refusing the whole user makes the IdP retry it for hours. Built at start-up, so a key that names
 * no mapped attribute stops the bridge before it serves.
 */
@ApplicationScoped
@Startup
public class ManagerResolver {

    private static final Logger LOG = Logger.getLogger(ManagerResolver.class);
    private static final String RECORD_ID_FIELD = "RecId";

    private final IvantiClient ivanti;
    private final ODataFilterTranslator translator;
    private final RequestAudit audit;
    private final MeterRegistry metrics;
    private final BridgeConfig config;
    private final String statusField;
    private final List<AttributeRule> keys = new ArrayList<>();

    ManagerResolver(IvantiClient ivanti, UserMapping mapping, ODataFilterTranslator translator, RequestAudit audit,
            MeterRegistry metrics, BridgeConfig config) {
        this.ivanti = ivanti;
        this.translator = translator;
        this.audit = audit;
        this.metrics = metrics;
        this.config = config;
        this.statusField = mapping.statusField();
        // A mapping without a manager attribute never resolves one, so its lookup keys need not exist in it
        // (e.g. a small operator mapping without employeeNumber must still start with the default order).
        boolean mapsManager = mapping.rules().stream().anyMatch(r -> r.attribute().equalsIgnoreCase("manager"));
        for (String name : mapsManager ? config.users().managerLookup() : List.<String>of()) {
            keys.add(mapping.rules().stream()
                    .filter(r -> r.pathText().equalsIgnoreCase(name) || r.scimPath().size() == 1
                            && r.scimPath().getElement(0).getAttribute().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("bridge.users.manager-lookup names '" + name
                            + "', which is not a mapped User attribute; use id, userName, employeeNumber, "
                            + "externalId or another attribute of the mapping")));
        }
    }

    /**
     * The RecId of the visible user {@code value} names, by the configured keys in order; empty (after one warning)
     * when none finds exactly one. {@link UserService} asks once per SCIM request, before its one write.
     */
    public Optional<String> resolve(String value, String userName) {
        for (AttributeRule key : keys) {
            Optional<String> found = key.field().equals(RECORD_ID_FIELD) ? byId(value) : byField(key, value);
            if (found.isPresent()) {
                return found;
            }
        }
        return unresolved(value, userName);
    }

    private Optional<String> unresolved(String value, String userName) {
        String connection = audit.started() ? audit.connection() : "none";
        String keyNames = String.join(", ", config.users().managerLookup());
        audit.warn("manager.value '" + value + "' matches no user by " + keyNames + "; written without a manager");
        metrics.counter("bridge.manager.unresolved", "connection", connection).increment();
        LOG.warnf("manager.value '%s' of user '%s' (connection %s) matches no visible user by %s; the user is "
                + "written without a manager (bridge.users.manager-lookup)", value, userName, connection, keyNames);
        return Optional.empty();
    }

    private Optional<String> byId(String value) {
        if (!Records.isRecordId(value)) {
            return Optional.empty();
        }
        return ivanti.get(Records.EMPLOYEES, value, List.of(RECORD_ID_FIELD, statusField))
                .filter(m -> !deleted(m.path(statusField).asText()))
                .map(m -> m.path(RECORD_ID_FIELD).asText());
    }

    private Optional<String> byField(AttributeRule key, String value) {
        if (key.type() != FieldType.STRING) {
            return Optional.empty();
        }
        // Ivanti's string eq is case-insensitive (docs/ivanti-api.md row 13); more than one match names no one.
        String filter = translator.visible(key.field() + " eq " + IvantiClient.literal(value));
        List<String> ids = ivanti.list(Records.EMPLOYEES, new ODataRequest(filter, null,
                List.of(RECORD_ID_FIELD, statusField, key.field()), null, 2, 0))
                .rows().stream()
                .filter(r -> !deleted(r.path(statusField).asText()))
                .map(r -> r.path(RECORD_ID_FIELD).asText())
                .toList();
        return ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty();
    }

    private boolean deleted(String status) {
        return config.users().deleteMode() == BridgeConfig.DeleteMode.SOFT
                && status.equalsIgnoreCase(config.users().deletedStatus());
    }
}
