package io.ivantiscim.scim;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.UserMapping;

/**
 * Describes the custom attributes configured under {@code bridge.mapping.user.custom} as RFC 7643 §7 attribute
 * definitions of the Ivanti extension, so that {@code /Schemas} tells an IdP exactly what it may send.
 */
@ApplicationScoped
public class CustomAttributeSchema {

    private final UserMapping mapping;

    CustomAttributeSchema(UserMapping mapping) {
        this.mapping = mapping;
    }

    /** Appends one definition per custom attribute. */
    public void appendTo(ArrayNode attributes) {
        for (AttributeRule rule : mapping.customRules()) {
            String name = rule.scimPath().getElement(0).getAttribute();
            ObjectNode definition = attributes.addObject();
            definition.put("name", name);
            definition.put("type", scimType(rule));
            definition.put("multiValued", false);
            definition.put("description", mapping.customDescription(name)
                    .orElse("Custom attribute mapped to the Ivanti Employee field " + rule.field() + "."));
            definition.put("required", rule.required());
            definition.put("caseExact", rule.caseExact());
            definition.put("mutability", rule.writable() ? "readWrite" : "readOnly");
            definition.put("returned", "default");
            definition.put("uniqueness", "none");
        }
    }

    private static String scimType(AttributeRule rule) {
        return switch (rule.type()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case DECIMAL -> "decimal";
            case DATETIME -> "dateTime";
            case REFERENCE -> "reference";
            case STATUS -> "boolean";
            case STRING -> "string";
        };
    }
}
