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
 * @param returned when a response carries it: {@code always}, {@code default}, {@code request} or {@code never}
 *        (RFC 7643 §2.2 "returned")
 * @param uniqueness {@code none}, {@code server} or {@code global} (RFC 7643 §2.2 "uniqueness"), as the bridge
 *        enforces it
 * @param computed whether Ivanti computes the field on save, so that a written value does not stick: the rule still
 *        accepts writes (IdPs send them) but {@code /Schemas} advertises the attribute as {@code readOnly}
 */
public record AttributeRule(Path scimPath, String field, FieldType type, boolean filterable, boolean writable,
        boolean required, boolean caseExact, String returned, String uniqueness, boolean computed) {

    /** The RFC 7643 §7 {@code mutability} that {@code /Schemas} advertises for the rule. */
    public String mutability() {
        return writable && !computed ? "readWrite" : "readOnly";
    }

    /** The schema URN as written in the rule, or {@code null} for a core attribute. */
    public String schemaUrn() {
        String urn = scimPath.getSchemaUrn();
        return urn == null || urn.equalsIgnoreCase(UserMapping.CORE_URN) ? null : urn;
    }

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
    public String attribute() {
        return scimPath.getElement(0).getAttribute();
    }

    /** The sub-attribute name, or {@code null} for a simple attribute. */
    public String subAttribute() {
        return scimPath.size() > 1 ? scimPath.getElement(1).getAttribute() : null;
    }

    /** The {@code type} value of a multi-valued rule ({@code emails[type eq "work"].value}), or {@code null}. */
    public String typeValue() {
        var f = scimPath.getElement(0).getValueFilter();
        return f == null ? null : f.getComparisonValue().asText();
    }
}
