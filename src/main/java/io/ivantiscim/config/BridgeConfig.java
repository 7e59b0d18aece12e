package io.ivantiscim.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The one configuration root of the bridge ({@code bridge.*}). Every property can also be set as an environment
 * variable ({@code bridge.ivanti.url} is {@code BRIDGE_IVANTI_URL}).
 */
@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

    /** The SCIM side: what the IdPs talk to. */
    Scim scim();

    /** How IdPs authenticate to the bridge. */
    Security security();

    /** Where the bridge sends its Ivanti OData calls. */
    Ivanti ivanti();

    /** SCIM attribute ⇄ Employee field mapping. */
    MappingConfig mapping();

    /** User lifecycle choices. */
    Users users();

    /** The built-in Ivanti emulator. */
    EmulatorConfig emulator();

    /** Where tokens and the audit trail are kept ({@code bridge.store.*}). */
    Store store();

    /** The audit trail ({@code bridge.audit.*}). */
    Audit audit();

    /** The admin API on the management interface ({@code bridge.admin.*}). */
    Admin admin();

    /** The SCIM protocol side. */
    interface Scim {

        /**
         * Public base URL of the SCIM API as the IdP sees it (e.g. {@code https://scim.example.com/scim/v2}), used for
         * {@code meta.location} and {@code Location}. When unset, it is derived from each request.
         */
        Optional<String> baseUrl();

        /** Largest {@code count} a list or search request may ask for; larger values are lowered to it (RFC 7644 §3.4.2.4). */
        @WithDefault("1000")
        int maxResults();

        /** Page size when a list request sends no {@code count}. */
        @WithDefault("100")
        int defaultCount();

        /** Largest accepted SCIM request body in bytes; larger bodies get 413. */
        @WithDefault("1048576")
        int maxBodyBytes();
    }

    /** User lifecycle choices ({@code bridge.users.*}). */
    interface Users {

        /**
         * What SCIM DELETE does: {@code soft} sets {@link #deletedStatus()} (the user then answers 404 and is absent
         * from lists, and a POST with the same userName revives the record); {@code hard} deletes the Employee.
         */
        @WithDefault("soft")
        DeleteMode deleteMode();

        /** The Employee Status that marks a soft-deleted user. */
        @WithDefault("Terminated")
        String deletedStatus();

        /**
         * Most Employee records a list request may read from Ivanti when its filter cannot be pushed down whole
         * (e.g. {@code co}, {@code ew}); beyond it the request fails with 400 {@code tooMany} (RFC 7644 §3.12).
         */
        @WithDefault("10000")
        int maxScan();
    }

    /** What SCIM DELETE does to an Employee. */
    enum DeleteMode {
        /** Set the deleted status. */
        SOFT,
        /** Delete the record in Ivanti. */
        HARD
    }

    /** Authentication of the IdP. */
    interface Security {

        /**
         * The bearer token IdPs must send ({@code Authorization: Bearer <token>}). Required when
         * {@code bridge.ivanti.url} is set. When the bridge runs on its built-in emulator and this is unset, the demo
         * token {@code demo-scim-token} is accepted so that {@code make run} works out of the box.
         */
        Optional<String> bootstrapToken();

        /**
         * Connection label under which requests authenticated with the bootstrap token appear in logs, metrics and
         * the audit trail.
         */
        @WithDefault("bootstrap")
        String bootstrapConnection();

        /** SCIM tokens issued through the admin API ({@code bridge.security.tokens.*}). */
        Tokens tokens();

        /** Inbound rate limiting per connection ({@code bridge.security.rate-limit.*}). */
        RateLimit rateLimit();
    }

    /** SCIM tokens issued through the admin API. */
    interface Tokens {

        /**
         * Longest time a token deactivated or removed on one replica is still accepted by another: each replica
         * reloads its token cache from the store at half this interval.
         */
        @WithDefault("5s")
        Duration invalidationBound();

        /** Recognisable prefix of every generated token (lets secret scanners find leaked tokens). */
        @WithDefault("ivscim_")
        String prefix();
    }

    /** Inbound rate limiting, one token bucket per connection. */
    interface RateLimit {

        /** Sustained SCIM requests per second allowed per connection; {@code 0} turns the limit off. */
        @WithDefault("100")
        double requestsPerSecond();

        /** Requests a connection may send in a burst above the sustained rate. */
        @WithDefault("200")
        int burst();
    }

    /** Connection to the Ivanti tenant. */
    interface Ivanti {

        /**
         * Base URL of the Ivanti tenant, e.g. {@code https://acme.ivanticloud.com}. When unset, the bridge talks to
         * its built-in emulator mounted at {@code /emulator} on its own HTTP port.
         */
        Optional<String> url();

        /** Path of the OData business-object root below {@link #url()}; on-prem tenants often use {@code /HEAT/api/odata/businessobject/}. */
        @WithDefault("/api/odata/businessobject/")
        String apiPath();

        /** Ivanti credentials. */
        Auth auth();

        /**
         * Time zone in which the tenant writes dates that carry no offset; {@code meta.created} and
         * {@code meta.lastModified} are converted from it to UTC.
         */
        @WithDefault("UTC")
        ZoneId timeZone();

        /** Largest {@code $top} the tenant accepts (Ivanti's default limit is 100, admin-configurable). */
        @WithDefault("100")
        int pageSize();

        /** How long to wait for a TCP connection to Ivanti. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How long to wait for an Ivanti response; well under Okta's 60 s socket timeout. */
        @WithDefault("30s")
        Duration readTimeout();
    }

    /** Ivanti credentials. */
    interface Auth {

        /** {@code api-key} ({@code Authorization: rest_api_key=<key>}) or {@code session} (login, then the session key). */
        @WithDefault("api-key")
        AuthMode mode();

        /** The REST API key's Reference ID (mode {@code api-key}). Defaults to the emulator's key when no URL is set. */
        Optional<String> apiKey();

        /** Tenant host name sent in the session login body (mode {@code session}). */
        Optional<String> tenant();

        /** Login name of the integration account (mode {@code session}). */
        Optional<String> username();

        /** Password of the integration account (mode {@code session}). */
        Optional<String> password();

        /** Internal role name to log in with, e.g. {@code Admin} (mode {@code session}). */
        @WithDefault("Admin")
        String role();
    }

    /** How the bridge authenticates to Ivanti. */
    enum AuthMode {
        /** {@code api-key}. */
        API_KEY, SESSION
    }

    /** The store: an embedded H2 file by default, PostgreSQL when several replicas share state. */
    interface Store {

        /**
         * JDBC URL of the store. The default is an H2 file under {@code ./data}, created on first start; use
         * {@code jdbc:postgresql://host:5432/db} when several replicas share tokens and the audit trail.
         */
        @WithDefault("jdbc:h2:file:./data/bridge;DB_CLOSE_ON_EXIT=FALSE")
        String url();

        /** Database user (PostgreSQL); H2 uses {@code sa} when unset. */
        Optional<String> username();

        /** Database password (PostgreSQL). */
        Optional<String> password();

        /** Largest number of pooled connections. */
        @WithDefault("8")
        int maxConnections();

        /** How long a store operation waits for a pooled connection before failing. */
        @WithDefault("5s")
        Duration acquisitionTimeout();
    }

    /** The audit trail of token events and provisioning operations. */
    interface Audit {

        /** How long audit events are kept; older ones are deleted hourly. */
        @WithDefault("90d")
        Duration retention();

        /** Most events written to the store in one batch. */
        @WithDefault("500")
        int batchSize();

        /**
         * Events waiting to be written before SCIM requests wait for the writer (back-pressure rather than loss).
         */
        @WithDefault("100000")
        int queueCapacity();

        /** Also write each event as one JSON line to the log category {@code io.ivantiscim.audit}. */
        @WithDefault("true")
        boolean logJson();
    }

    /** The admin API, served on Quarkus's management interface ({@code quarkus.management.port}, default 9000). */
    interface Admin {

        /** Name of the administrator, recorded as the actor of every token event. */
        @WithDefault("admin")
        String username();

        /**
         * Password of the administrator (HTTP Basic). When unset the admin API refuses every request, except on the
         * built-in emulator, where the demo password {@code demo-admin-password} is accepted so that
         * {@code make token} works after {@code make run}.
         */
        Optional<String> password();
    }
}
