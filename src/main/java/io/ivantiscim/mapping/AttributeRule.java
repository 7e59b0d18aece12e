package io.ivantiscim.mapping;

import java.util.Locale;
import java.util.Objects;

import com.unboundid.scim2.common.Path;

/**
 * One SCIM attribute path ⇄ one Ivanti Employee field.
 * <p>
 * A class rather than a record so that what every mapped value asks of its rule (the URN key, the attribute and
 * sub-attribute names, the {@code type} value, the path text) is read off the SDK's {@link Path} once, when the rule
 * table is built, and not again for each field of each request (issue 14). Equality is that of the ten components.
 */
public final class AttributeRule {

    private final Path scimPath;
    private final String field;
    private final FieldType type;
    private final boolean filterable;
    private final boolean writable;
    private final boolean required;
    private final boolean caseExact;
    private final String returned;
    private final String uniqueness;
    private final boolean computed;
    private final String urnKey;
    private final String attribute;
    private final String subAttribute;
    private final String typeValue;
    private final String pathText;

    /**
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
     * @param computed whether Ivanti computes the field on save, so that a written value does not stick: the rule
     *        still accepts writes (IdPs send them) but {@code /Schemas} advertises the attribute as {@code readOnly}
     */
    public AttributeRule(Path scimPath, String field, FieldType type, boolean filterable, boolean writable,
            boolean required, boolean caseExact, String returned, String uniqueness, boolean computed) {
        this.scimPath = Objects.requireNonNull(scimPath);
        this.field = field;
        this.type = type;
        this.filterable = filterable;
        this.writable = writable;
        this.required = required;
        this.caseExact = caseExact;
        this.returned = returned;
        this.uniqueness = uniqueness;
        this.computed = computed;
        this.urnKey = urnKey(scimPath.getSchemaUrn());
        this.attribute = scimPath.getElement(0).getAttribute();
        this.subAttribute = scimPath.size() > 1 ? scimPath.getElement(1).getAttribute() : null;
        var f = scimPath.getElement(0).getValueFilter();
        this.typeValue = f == null ? null : f.getComparisonValue().asText();
        this.pathText = scimPath.toString();
    }

    /** The SCIM path. */
    public Path scimPath() {
        return scimPath;
    }

    /** The Employee field. */
    public String field() {
        return field;
    }

    /** How the field is represented in Ivanti. */
    public FieldType type() {
        return type;
    }

    /** Whether SCIM filters may use the attribute. */
    public boolean filterable() {
        return filterable;
    }

    /** Whether POST/PUT/PATCH may set it. */
    public boolean writable() {
        return writable;
    }

    /** Whether POST/PUT must carry it. */
    public boolean required() {
        return required;
    }

    /** Whether SCIM compares its values case-sensitively. */
    public boolean caseExact() {
        return caseExact;
    }

    /** RFC 7643 §2.2 "returned". */
    public String returned() {
        return returned;
    }

    /** RFC 7643 §2.2 "uniqueness", as the bridge enforces it. */
    public String uniqueness() {
        return uniqueness;
    }

    /** Whether Ivanti computes the field on save. */
    public boolean computed() {
        return computed;
    }

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
        return pathText;
    }

    /** The schema URN, lower-cased, or {@code ""} for the core User schema and common attributes. */
    String urnKey() {
        return urnKey;
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
        return attribute;
    }

    /** The sub-attribute name, or {@code null} for a simple attribute. */
    public String subAttribute() {
        return subAttribute;
    }

    /** The {@code type} value of a multi-valued rule ({@code emails[type eq "work"].value}), or {@code null}. */
    public String typeValue() {
        return typeValue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeRule r && scimPath.equals(r.scimPath) && Objects.equals(field, r.field)
                && type == r.type && filterable == r.filterable && writable == r.writable && required == r.required
                && caseExact == r.caseExact && Objects.equals(returned, r.returned)
                && Objects.equals(uniqueness, r.uniqueness) && computed == r.computed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scimPath, field, type, filterable, writable, required, caseExact, returned, uniqueness,
                computed);
    }

    @Override
    public String toString() {
        return "AttributeRule[scimPath=" + pathText + ", field=" + field + ", type=" + type + ", filterable="
                + filterable + ", writable=" + writable + ", required=" + required + ", caseExact=" + caseExact
                + ", returned=" + returned + ", uniqueness=" + uniqueness + ", computed=" + computed + "]";
    }
}
