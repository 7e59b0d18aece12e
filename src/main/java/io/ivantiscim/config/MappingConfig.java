package io.ivantiscim.config;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** SCIM attribute ⇄ Ivanti Employee field mapping ({@code bridge.mapping.*}). */
public interface MappingConfig {

    /** Mapping of the SCIM User resource to the Ivanti Employee business object. */
    User user();

    /** {@code bridge.mapping.user.*}. */
    interface User {

        /**
         * File holding the User rule table (a JSON array of {@code {path, field, type, filterable, writable,
         * required, caseExact}}), e.g. a Kubernetes ConfigMap mounted as a file. When unset, the built-in table
         * {@code classpath:mapping/user.json} is used.
         */
        Optional<String> file();

        /**
         * Employee field that holds the IdP's {@code externalId} (Okta's user id, Entra's mailNickname or objectId);
         * replaces the {@code ${external-id-field}} placeholder of the rule table.
         */
        @WithDefault("IdentityId")
        String externalIdField();

        /** How SCIM {@code active} maps to the Employee {@code Status} field. */
        Status status();

        /**
         * What to do with an inbound attribute that is in no schema (not RFC 7643 User or EnterpriseUser, not the
         * Ivanti extension): {@code reject} answers 400 {@code invalidSyntax}; {@code ignore} drops it.
         */
        @WithDefault("reject")
        UnknownAttributes unknownAttributes();

        /**
         * Custom attributes, published on the Ivanti extension schema
         * ({@code urn:ietf:params:scim:schemas:extension:ivanti:2.0:User:<name>}), keyed by the SCIM attribute name.
         */
        Map<String, Custom> custom();
    }

    /** {@code bridge.mapping.user.status.*}. */
    interface Status {

        /** Status value written for {@code active:true}; a user is read as active iff Status equals it (any case). */
        @WithDefault("Active")
        String active();

        /** Status value written for {@code active:false}. */
        @WithDefault("Inactive")
        String inactive();

        /**
         * Also write the Employee {@code Disabled} flag ({@code Disabled = !active}); Ivanti's Disabled is independent
         * of Status and is what blocks log-in (docs/ivanti-api.md §8.10).
         */
        @WithDefault("false")
        boolean alsoDisabled();
    }

    /** One custom attribute, {@code bridge.mapping.user.custom.<name>.*}. */
    interface Custom {

        /** Employee field the attribute maps to (letters, digits and {@code _} only). */
        String field();

        /** SCIM type: {@code string}, {@code boolean}, {@code integer}, {@code decimal} or {@code dateTime}. */
        @WithDefault("string")
        String type();

        /** Description published in {@code /Schemas}. */
        Optional<String> description();

        /** Whether SCIM filters may use the attribute (pushed down to OData {@code $filter}). */
        @WithDefault("true")
        boolean filterable();

        /** Whether the IdP may write the attribute; read-only attributes are silently ignored on POST/PUT. */
        @WithDefault("true")
        boolean writable();
    }

    /** Handling of inbound attributes that no schema defines. */
    enum UnknownAttributes {
        /** Answer 400 {@code invalidSyntax} naming the attribute. */
        REJECT,
        /** Drop the attribute silently. */
        IGNORE
    }
}
