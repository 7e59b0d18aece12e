package io.ivantiscim.provisioning;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiMetadata;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.TeamMapper;
import io.quarkus.runtime.StartupEvent;

/**
 * The two OData navigation properties of group membership: Employee → team (or role), used to link and unlink and for
 * a user's {@code groups}, and team → Employee, used to read members. Ivanti does not publish their names
 * (docs/ivanti-api.md §5), so each is taken from configuration or else discovered once from {@code $metadata}: the
 * NavigationProperty of the root entity whose type is the other entity. A document without one, or with several,
 * fails start-up with a message naming the candidates and the property to set.
 */
@ApplicationScoped
public class GroupRelationships {

    private static final Logger LOG = Logger.getLogger(GroupRelationships.class);
    private static final String EMPLOYEE_ENTITY = "employee";

    private final IvantiMetadata metadata;
    private final BridgeConfig.Groups config;
    private final TeamMapper.Backend backend;
    private final boolean emulated;
    private final boolean checkedAtStart;
    private volatile String toGroup;
    private volatile String toEmployee;

    GroupRelationships(IvantiMetadata metadata, BridgeConfig config, TeamMapper teams) {
        this.metadata = metadata;
        this.config = config.groups();
        this.backend = teams.backend();
        // The emulator is served by this process: its routes answer only once the HTTP server is up.
        this.emulated = config.ivanti().url().isEmpty();
        // The start-up connection check discovers both names itself (and stops start-up when one is ambiguous).
        this.checkedAtStart = config.ivanti().startupCheck() && !config.ivanti().checkAndExit();
        this.toGroup = this.config.relationship().filter(r -> !r.isBlank()).orElse(null);
        this.toEmployee = this.config.memberRelationship().filter(r -> !r.isBlank()).orElse(null);
    }

    /**
     * Discovers the names at start-up. A document without a matching NavigationProperty stops the bridge; an Ivanti
     * that does not answer yet (or the built-in emulator, which is mounted on this same server) is asked again on
     * first use. With the start-up connection check on, the check discovers them on its own thread instead, so this
     * $metadata read is off the main thread's start-up path.
     */
    void onStart(@Observes StartupEvent event) {
        if (toGroup != null && toEmployee != null) {
            return;
        }
        if (emulated || checkedAtStart) {
            return;
        }
        try {
            employeeToGroup();
            groupToEmployee();
        } catch (MissingRelationship e) {
            throw e;
        } catch (RuntimeException e) {
            // Ivanti down, or the client not configured yet (its own error says which property): not our verdict.
            LOG.warnf("Could not read Ivanti $metadata to discover the group relationships now (%s); they will be "
                    + "discovered on first use", e.getMessage());
        }
    }

    /** The Employee → group navigation property. */
    public String employeeToGroup() {
        String name = toGroup;
        if (name == null) {
            name = discover(Records.EMPLOYEES, backend.entity(), "bridge.groups.relationship");
            toGroup = name;
        }
        return name;
    }

    /** The group → Employee navigation property. */
    public String groupToEmployee() {
        String name = toEmployee;
        if (name == null) {
            name = discover(backend.set(), EMPLOYEE_ENTITY, "bridge.groups.member-relationship");
            toEmployee = name;
        }
        return name;
    }

    private String discover(String set, String targetEntity, String property) {
        // The cached document the start-up check already read, so discovery costs no extra call.
        List<String> found = metadata.entityType(set).relationshipsTo(targetEntity);
        String env = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        if (found.isEmpty()) {
            throw new MissingRelationship("No NavigationProperty of type " + targetEntity + " in Ivanti's " + set
                    + "/$metadata, so group membership cannot be read or written. Set " + property + " (" + env
                    + ") to the relationship's OData name.");
        }
        if (found.size() > 1) {
            // A silent first pick could link users through an unrelated relationship (owner, approver, …).
            throw new MissingRelationship(found.size() + " NavigationProperties of type " + targetEntity
                    + " in Ivanti's " + set + "/$metadata could be the group membership: " + String.join(", ", found)
                    + ". Set " + property + " (" + env + ") to the one that holds the members.");
        }
        LOG.infof("Group relationship %s discovered from %s/$metadata: %s", property, set, found.get(0));
        return found.get(0);
    }

    /** Where the Employee → group name comes from, for {@code make check}: configured or discovered. */
    public boolean configured() {
        return config.relationship().filter(r -> !r.isBlank()).isPresent();
    }

    /** Ivanti's $metadata has no relationship to the group entity: the bridge cannot work without configuration. */
    public static final class MissingRelationship extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingRelationship(String message) {
            super(message);
        }
    }
}
