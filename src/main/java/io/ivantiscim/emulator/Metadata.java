package io.ivantiscim.emulator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * EDMX 4.0 {@code $metadata} documents (row 24, {@code docs/ivanti-api.md} §6): {@code Schema Namespace="MetaData"},
 * lower-case singular entity types keyed by RecId, Edm types per field, and {@code NavigationProperty} elements for the
 * relationships of the root entity only (related entity types are included without their own relationships, as in
 * Ivanti's graph-shaped documents).
 */
final class Metadata {

    private Metadata() {
    }

    static String document(BoType root, List<EmulatorState.Rel> rels) {
        StringBuilder b = head();
        entity(b, root, rels);
        Set<BoType> related = new LinkedHashSet<>();
        for (EmulatorState.Rel r : rels) {
            related.add(r.to());
        }
        if (root == BoType.EMPLOYEE) {
            related.add(BoType.STATUS_LIST);
        }
        related.remove(root);
        for (BoType t : related) {
            entity(b, t, List.of());
        }
        b.append("      <EntityContainer Name=\"Container\">\n");
        b.append("        <EntitySet Name=\"").append(root.set).append("\" EntityType=\"MetaData.").append(root.entity)
                .append("\"/>\n");
        b.append("      </EntityContainer>\n");
        return tail(b);
    }

    /** Row 24: an unknown set answers 200 with a fabricated empty entity type. */
    static String unknown(String set) {
        String name = set.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith("s")) {
            name = name.substring(0, name.length() - 1);
        }
        StringBuilder b = head();
        b.append("      <EntityType Name=\"").append(escape(name)).append("\"/>\n");
        return tail(b);
    }

    private static StringBuilder head() {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        b.append("<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n");
        b.append("  <edmx:DataServices>\n");
        b.append("    <Schema Namespace=\"MetaData\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n");
        return b;
    }

    private static String tail(StringBuilder b) {
        b.append("    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n");
        return b.toString();
    }

    private static void entity(StringBuilder b, BoType t, List<EmulatorState.Rel> rels) {
        b.append("      <EntityType Name=\"").append(t.entity).append("\">\n");
        b.append("        <Key><PropertyRef Name=\"RecId\"/></Key>\n");
        for (BoType.Field f : t.fields) {
            b.append("        <Property Name=\"").append(f.name()).append("\" Type=\"").append(f.kind().edm)
                    .append('"');
            if (f.index() == 0) {
                b.append(" Nullable=\"false\" MaxLength=\"32\" Unicode=\"false\"");
            } else if (f.kind() == BoType.Kind.STRING) {
                b.append(" MaxLength=\"").append(f.maxLength()).append('"');
            }
            b.append("/>\n");
        }
        for (EmulatorState.Rel r : rels) {
            b.append("        <NavigationProperty Name=\"").append(escape(r.name()))
                    .append("\" Type=\"Collection(MetaData.")
                    .append(r.to().entity).append(")\"/>\n");
        }
        if (t == BoType.EMPLOYEE && !rels.isEmpty()) {
            // The Status validation list the Status_Valid field points into (GUESS, docs/ivanti-api.md §2.3, §11).
            b.append("        <NavigationProperty Name=\"EmployeeStatus\" Type=\"MetaData.")
                    .append(BoType.STATUS_LIST.entity).append("\"/>\n");
        }
        b.append("      </EntityType>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
