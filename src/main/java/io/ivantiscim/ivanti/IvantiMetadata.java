package io.ivantiscim.ivanti;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import jakarta.enterprise.context.ApplicationScoped;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The fields and relationships of Ivanti business objects, read from {@code $metadata} (docs/ivanti-api.md §6) and cached
 * for {@code bridge.ivanti.cache-ttl}. Only the requested set's own entity type counts: a document is a graph of
 * ~40 types rooted at it, and only the root carries its relationships.
 */
@ApplicationScoped
public class IvantiMetadata {

    /**
     * One entity type: its field ({@code Property}) and relationship ({@code NavigationProperty}) names, and for each
     * relationship the entity type it leads to, in document order.
     */
    public record EntityType(String name, List<String> fields, List<String> relationships,
            Map<String, String> relationshipTargets) {

        /**
         * The first relationship whose type is {@code entity} or a collection of it, case-insensitively (CSDL names
         * are lower-case, docs/ivanti-api.md §8.8): how an unpublished name such as Employee↔team is found (§5).
         */
        public Optional<String> relationshipTo(String entity) {
            return relationshipsTo(entity).stream().findFirst();
        }

        /**
         * Every relationship whose type is {@code entity}, in document order: a real Employee has many, and several
         * can lead to the same team or role type (docs/ivanti-api.md §5), so more than one means nothing is known.
         */
        public List<String> relationshipsTo(String entity) {
            return relationshipTargets.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(entity))
                    .map(Map.Entry::getKey).toList();
        }

        /** The field spelled as Ivanti spells it, matching case-insensitively (§8.8), or null. */
        public String field(String name) {
            return fields.stream().filter(f -> f.equalsIgnoreCase(name)).findFirst().orElse(null);
        }

        /** The relationship spelled as Ivanti spells it, matching case-insensitively, or null. */
        public String relationship(String name) {
            return relationships.stream().filter(f -> f.equalsIgnoreCase(name)).findFirst().orElse(null);
        }
    }

    private final IvantiClient ivanti;
    private final TtlCache<String, EntityType> cache;

    IvantiMetadata(IvantiClient ivanti, IvantiCaches caches) {
        this.ivanti = ivanti;
        this.cache = caches.create("metadata");
    }

    /** The entity type behind an entity set such as {@code employees}, cached. */
    public EntityType entityType(String set) {
        return cache.get(set.toLowerCase(Locale.ROOT), s -> parse(s, ivanti.metadata(s)));
    }

    /**
     * Parses an EDMX document; the root type is the set's {@code EntitySet} type, or else the set name without its
     * trailing {@code s} (Ivanti names types in lower-case singular, {@code employees} → {@code employee}).
     */
    public static EntityType parse(String set, String xml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            doc = b.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IvantiException.Unavailable("Ivanti answered $metadata for " + set + " with a document that is "
                    + "not EDMX XML", List.of(), 0);
        }
        String typeName = null;
        NodeList sets = doc.getElementsByTagNameNS("*", "EntitySet");
        for (int i = 0; i < sets.getLength(); i++) {
            Element e = (Element) sets.item(i);
            if (e.getAttribute("Name").equalsIgnoreCase(set)) {
                String t = e.getAttribute("EntityType");
                typeName = t.substring(t.lastIndexOf('.') + 1);
            }
        }
        if (typeName == null) {
            typeName = set.endsWith("s") ? set.substring(0, set.length() - 1) : set;
        }
        NodeList types = doc.getElementsByTagNameNS("*", "EntityType");
        for (int i = 0; i < types.getLength(); i++) {
            Element t = (Element) types.item(i);
            if (t.getAttribute("Name").equalsIgnoreCase(typeName)) {
                return new EntityType(t.getAttribute("Name"), names(t, "Property"), names(t, "NavigationProperty"),
                        targets(t));
            }
        }
        return new EntityType(typeName, List.of(), List.of(), Map.of());
    }

    private static Map<String, String> targets(Element type) {
        Map<String, String> targets = new LinkedHashMap<>();
        NodeList nodes = type.getElementsByTagNameNS("*", "NavigationProperty");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element nav = (Element) nodes.item(i);
            String target = nav.getAttribute("Type").trim();
            if (target.startsWith("Collection(") && target.endsWith(")")) {
                target = target.substring("Collection(".length(), target.length() - 1);
            }
            targets.put(nav.getAttribute("Name"), target.substring(target.lastIndexOf('.') + 1));
        }
        return Collections.unmodifiableMap(targets);
    }

    private static List<String> names(Element type, String tag) {
        List<String> names = new ArrayList<>();
        NodeList nodes = type.getElementsByTagNameNS("*", tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            names.add(((Element) nodes.item(i)).getAttribute("Name"));
        }
        return List.copyOf(names);
    }
}
