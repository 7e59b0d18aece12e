package io.ivantiscim.scim;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5, §3.9): which attributes a
 * response carries. {@code id} and {@code schemas} are always returned (RFC 7643 §3.1, §7 "returned": "always").
 */
public record AttributeProjection(List<Path> attributes, List<Path> excluded) {

    /** No projection: default attributes. */
    public static final AttributeProjection DEFAULT = new AttributeProjection(List.of(), List.of());

    /** Parses the comma-separated parameter values; a malformed path is 400 {@code invalidPath}. */
    public static AttributeProjection of(String attributes, String excludedAttributes) throws BadRequestException {
        return new AttributeProjection(paths(attributes), paths(excludedAttributes));
    }

    private static List<Path> paths(String value) throws BadRequestException {
        List<Path> paths = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return paths;
        }
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                paths.add(Path.fromString(part.trim()));
            }
        }
        return paths;
    }

    /** Applies the projection to a resource (in place when only exclusions are asked for). */
    public GenericScimResource apply(GenericScimResource resource) throws ScimException {
        if (!attributes.isEmpty()) {
            GenericScimResource projected = new GenericScimResource();
            projected.getObjectNode().set("schemas", resource.getObjectNode().get("schemas"));
            projected.setId(resource.getId());
            for (Path path : attributes) {
                JsonNode value = resource.getValue(path);
                if (value != null && !value.isNull() && !value.isMissingNode()) {
                    projected.replaceValue(path, value);
                }
            }
            return projected;
        }
        for (Path path : excluded) {
            if (!path.toString().equalsIgnoreCase("id") && !path.toString().equalsIgnoreCase("schemas")) {
                resource.removeValues(path);
            }
        }
        return resource;
    }

    /** True when the response can skip an attribute entirely (no {@code groups} lookups when nobody asks). */
    public boolean excludes(String attribute) {
        return excluded.stream().anyMatch(p -> p.toString().equalsIgnoreCase(attribute))
                || (!attributes.isEmpty()
                        && attributes.stream().noneMatch(p -> p.toString().equalsIgnoreCase(attribute)));
    }
}
