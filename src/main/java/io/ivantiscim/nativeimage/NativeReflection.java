package io.ivantiscim.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers for native-image reflection every UnboundID SCIM SDK type that Jackson serialises or deserialises: the
 * resources and messages, their nested types, the SDK's own (de)serializers, and the protected PATCH operation
 * classes that are the polymorphic targets of {@code op} (docs/build-notes.md#native). Listed by name so that
 * nested and non-public classes are covered too.
 */
@RegisterForReflection(classNames = {
        "com.unboundid.scim2.common.utils.BulkStatusDeserializer",
        "com.unboundid.scim2.common.utils.CalendarDeserializer",
        "com.unboundid.scim2.common.utils.CalendarSerializer",
        "com.unboundid.scim2.common.utils.DateDeserializer",
        "com.unboundid.scim2.common.utils.DateSerializer",
        "com.unboundid.scim2.common.utils.GenericScimObjectDeserializer",
        "com.unboundid.scim2.common.utils.GenericScimObjectSerializer",
        "com.unboundid.scim2.common.utils.JsonRefBeanSerializer",
        "com.unboundid.scim2.common.utils.StatusDeserializer",
        "com.unboundid.scim2.common.utils.StatusSerializer",
        "com.unboundid.scim2.common.BaseScimResource",
        "com.unboundid.scim2.common.types.Meta",
        "com.unboundid.scim2.common.types.AttributeDefinition$Type",
        "com.unboundid.scim2.common.types.AttributeDefinition$Mutability",
        "com.unboundid.scim2.common.types.AttributeDefinition$Returned",
        "com.unboundid.scim2.common.types.AttributeDefinition$Uniqueness",
        "com.unboundid.scim2.common.types.AttributeDefinition$Builder",
        "com.unboundid.scim2.common.types.AttributeDefinition",
        "com.unboundid.scim2.common.types.Member",
        "com.unboundid.scim2.common.types.Address",
        "com.unboundid.scim2.common.types.AuthenticationScheme",
        "com.unboundid.scim2.common.types.BulkConfig",
        "com.unboundid.scim2.common.types.ChangePasswordConfig",
        "com.unboundid.scim2.common.types.ETagConfig",
        "com.unboundid.scim2.common.types.Email",
        "com.unboundid.scim2.common.types.EnterpriseUserExtension",
        "com.unboundid.scim2.common.types.Manager",
        "com.unboundid.scim2.common.types.Entitlement",
        "com.unboundid.scim2.common.types.FilterConfig",
        "com.unboundid.scim2.common.types.Group",
        "com.unboundid.scim2.common.types.GroupResource",
        "com.unboundid.scim2.common.types.InstantMessagingAddress",
        "com.unboundid.scim2.common.types.JsonReference",
        "com.unboundid.scim2.common.types.Name",
        "com.unboundid.scim2.common.types.PaginationConfig",
        "com.unboundid.scim2.common.types.PatchConfig",
        "com.unboundid.scim2.common.types.PhoneNumber",
        "com.unboundid.scim2.common.types.Photo",
        "com.unboundid.scim2.common.types.ResourceTypeResource$SchemaExtension",
        "com.unboundid.scim2.common.types.ResourceTypeResource",
        "com.unboundid.scim2.common.types.Role",
        "com.unboundid.scim2.common.types.SchemaResource",
        "com.unboundid.scim2.common.types.ServiceProviderConfigResource",
        "com.unboundid.scim2.common.types.SortConfig",
        "com.unboundid.scim2.common.types.UserResource",
        "com.unboundid.scim2.common.types.X509Certificate",
        "com.unboundid.scim2.common.GenericScimResource",
        "com.unboundid.scim2.common.filters.Filter",
        "com.unboundid.scim2.common.filters.FilterType",
        "com.unboundid.scim2.common.filters.FilterVisitor",
        "com.unboundid.scim2.common.filters.EqualFilter",
        "com.unboundid.scim2.common.filters.ComparisonFilter",
        "com.unboundid.scim2.common.filters.NotEqualFilter",
        "com.unboundid.scim2.common.filters.ContainsFilter",
        "com.unboundid.scim2.common.filters.StartsWithFilter",
        "com.unboundid.scim2.common.filters.EndsWithFilter",
        "com.unboundid.scim2.common.filters.PresentFilter",
        "com.unboundid.scim2.common.filters.GreaterThanFilter",
        "com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter",
        "com.unboundid.scim2.common.filters.LessThanFilter",
        "com.unboundid.scim2.common.filters.LessThanOrEqualFilter",
        "com.unboundid.scim2.common.filters.AndFilter",
        "com.unboundid.scim2.common.filters.CombiningFilter",
        "com.unboundid.scim2.common.filters.OrFilter",
        "com.unboundid.scim2.common.filters.NotFilter",
        "com.unboundid.scim2.common.filters.ComplexValueFilter",
        "com.unboundid.scim2.common.messages.ErrorResponse",
        "com.unboundid.scim2.common.messages.PatchOperation$AddOperation",
        "com.unboundid.scim2.common.messages.PatchOperation$RemoveOperation",
        "com.unboundid.scim2.common.messages.PatchOperation$ReplaceOperation",
        "com.unboundid.scim2.common.messages.PatchOperation$1",
        "com.unboundid.scim2.common.messages.PatchOperation",
        "com.unboundid.scim2.common.messages.PatchOpType",
        "com.unboundid.scim2.common.messages.ListResponse",
        "com.unboundid.scim2.common.messages.PatchRequest",
        "com.unboundid.scim2.common.messages.SearchRequest",
        "com.unboundid.scim2.common.messages.SortOrder"
}, ignoreNested = false)
public final class NativeReflection {

    private NativeReflection() {
    }
}
