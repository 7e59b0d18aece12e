package io.ivantiscim.mapping;

import java.util.Locale;

import com.unboundid.scim2.common.Path;

/**
 * One SCIM attribute path ⇄ one Ivanti Employee field.
 *
 * @param scimPath the SCIM path: {@code attr}, {@code attr.sub} or {@code attr[type eq "x"].sub}, optionally
 *        schema-qualified (RFC 7644 §3.10)
 * @param field the Employee field
 * @param type how the field is represented in Ivanti
 * @param filterable whether SCIM filters may use the attribute
 * @param writable whether POST/PUT/PATCH may set it (readOnly in RFC 7643 §2.2 terms otherwise)
 * @param required whether POST/PUT must carry it
 * @param caseExact whether SCIM compares its values case-sensitively (RFC 7643 §2.2)
 */
public record AttributeRule(Path scimPath, String field, FieldType type, boolean filterable, boolean writable,
        boolean required, boolean caseExact) {

    /** The path as text, with its schema URN when it is not the core User schema. */
    public String pathText() {
        return scimPath.toString();
    }

    /** The schema URN, lower-cased, or {@code ""} for the core User schema and common attributes. */
    String urnKey() {
        return urnKey(scimPath.getSchemaUrn());
    }

    /**
     * The key the mapping files schema URNs under: {@code ""} for none or the core User schema (RFC 7644 §3.10 lets
     * core attributes be qualified or not), else the URN lower-cased (URNs compare case-insensitively, RFC 8141).
     */
    static String urnKey(String urn) {
        return urn == null || urn.equalsIgnoreCase(UserMapping.CORE_URN) ? "" : urn.toLowerCase(Locale.ROOT);
    }

    /** The top-level attribute name as written in the rule. */
    String attribute() {
        return scimPath.getElement(0).getAttribute();
    }

    /** The sub-attribute name, or {@code null} for a simple attribute. */
    String subAttribute() {
        return scimPath.size() > 1 ? scimPath.getElement(1).getAttribute() : null;
    }

    /** The {@code type} value of a multi-valued rule ({@code emails[type eq "work"].value}), or {@code null}. */
    String typeValue() {
        var f = scimPath.getElement(0).getValueFilter();
        return f == null ? null : f.getComparisonValue().asText();
    }
}
