package io.ivantiscim.provisioning;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.mapping.TeamMapper;
import io.quarkus.runtime.StartupEvent;

/**
 * The two OData navigation properties of group membership: Employee → team (or role), used to link and unlink and for
 * a user's {@code groups}, and team → Employee, used to read members. Ivanti does not publish their names
 * (ivanti-api.md §5), so each is taken from configuration or else discovered once from {@code $metadata}: the
 * NavigationProperty of the root entity whose type is the other entity. A document without one fails start-up with a
 * message naming the property to set.
 */
@ApplicationScoped
public class GroupRelationships {

    private static final Logger LOG = Logger.getLogger(GroupRelationships.class);
    private static final String EMPLOYEES = "employees";
    private static final String EMPLOYEE_ENTITY = "employee";

    private final IvantiClient ivanti;
    private final BridgeConfig.Groups config;
    private final TeamMapper.Backend backend;
    private final boolean emulated;
    private volatile String toGroup;
    private volatile String toEmployee;

    GroupRelationships(IvantiClient ivanti, BridgeConfig config, TeamMapper teams) {
        this.ivanti = ivanti;
        this.config = config.groups();
        this.backend = teams.backend();
        // The emulator is served by this process: its routes answer only once the HTTP server is up.
        this.emulated = config.ivanti().url().isEmpty();
        this.toGroup = this.config.relationship().filter(r -> !r.isBlank()).orElse(null);
        this.toEmployee = this.config.memberRelationship().filter(r -> !r.isBlank()).orElse(null);
    }

    /**
     * Discovers the names at start-up. A document without a matching NavigationProperty stops the bridge; an Ivanti
     * that does not answer yet (or the built-in emulator, which is mounted on this same server) is asked again on
     * first use.
     */
    void onStart(@Observes StartupEvent event) {
        if (toGroup != null && toEmployee != null) {
            return;
        }
        if (emulated) {
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
            name = discover(EMPLOYEES, backend.entity(), "bridge.groups.relationship");
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
        String xml = ivanti.metadata(set);
        Optional<String> found = navigationProperty(xml, targetEntity);
        if (found.isEmpty()) {
            throw new MissingRelationship("No NavigationProperty of type " + targetEntity + " in Ivanti's " + set
                    + "/$metadata, so group membership cannot be read or written. Set " + property + " ("
                    + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                    + ") to the relationship's OData name.");
        }
        LOG.infof("Group relationship %s discovered from %s/$metadata: %s", property, set, found.get());
        return found.get();
    }

    /** Ivanti's $metadata has no relationship to the group entity: the bridge cannot work without configuration. */
    static final class MissingRelationship extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingRelationship(String message) {
            super(message);
        }
    }

    /**
     * The first NavigationProperty of the document's first (root) EntityType whose type is {@code entity} or a
     * collection of it, namespace ignored and case-insensitive (CSDL names are lower-case, ivanti-api.md §8.8).
     */
    static Optional<String> navigationProperty(String xml, String entity) {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            doc = builder.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("Ivanti's $metadata is not readable XML: " + e.getMessage(), e);
        }
        NodeList types = doc.getElementsByTagNameNS("*", "EntityType");
        List<Element> candidates = new ArrayList<>();
        if (types.getLength() > 0) {
            NodeList navs = ((Element) types.item(0)).getElementsByTagNameNS("*", "NavigationProperty");
            for (int i = 0; i < navs.getLength(); i++) {
                candidates.add((Element) navs.item(i));
            }
        }
        for (Element nav : candidates) {
            String type = nav.getAttribute("Type").trim();
            if (type.startsWith("Collection(") && type.endsWith(")")) {
                type = type.substring("Collection(".length(), type.length() - 1);
            }
            String simple = type.substring(type.lastIndexOf('.') + 1);
            if (simple.equalsIgnoreCase(entity)) {
                return Optional.of(nav.getAttribute("Name"));
            }
        }
        return Optional.empty();
    }
}
