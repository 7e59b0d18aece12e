package io.ivantiscim.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The one configuration root of the bridge ({@code bridge.*}). Every property can also be set as an environment
 * variable ({@code bridge.ivanti.url} is {@code BRIDGE_IVANTI_URL}).
 * <p>
 * Long on purpose: docs/architecture.md asks for a single typed root with Javadoc on every property, so this file is
 * the configuration reference; the nested interfaces keep each area ({@code scim}, {@code ivanti}, ...) apart.
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

    /** Log output. */
    Logging logging();

    /** Log output ({@code bridge.logging.*}). */
    interface Logging {

        /**
         * Write console logs as one JSON object per line (timestamp, level, logger, message, {@code requestId}),
         * for log pipelines. On by default in the {@code prod} profile; {@code make run} turns it off for humans.
         */
        @WithDefault("false")
        boolean json();
    }

    /** SCIM Groups ⇄ Ivanti teams (or roles) ({@code bridge.groups.*}). */
    Groups groups();

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

        /**
         * The User attributes {@code manager.value} is looked up by, in this order, until one finds exactly one
         * visible user: {@code id} (the Ivanti RecId, what Entra sends), then mapped attributes such as
         * {@code userName}, {@code employeeNumber} (enterprise extension) or {@code externalId} (Okta sends its
         * profile's {@code managerId}, usually an employee number or a login; docs/idp-contracts.md §4). Each key
         * costs at most one Ivanti call, once per request. A value that none resolves leaves the user without a
         * manager, with a warning (log, audit detail, {@code bridge_manager_unresolved_total}); every name must be
         * a mapped User attribute.
         */
        @WithDefault("id,userName,employeeNumber,externalId")
        List<String> managerLookup();
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

        /** Entra ID provisioning without a Secret Token: Entra's own JWTs ({@code bridge.security.entra.*}). */
        Entra entra();

        /**
         * When an Entra enterprise app's Secret Token is left blank, Entra sends a JWT it signed itself (docs/idp-contracts.md
         * §3 item 2; Microsoft calls it "for testing only"). Off unless enabled.
         */
        interface Entra {

            /** Accept Entra-issued JWTs as bearer tokens. */
            @WithDefault("false")
            boolean enabled();

            /** The Entra tenant (directory) id; the token's {@code iss} must be {@code https://sts.windows.net/<id>/}. */
            Optional<String> tenantId();

            /** The audience Entra's provisioning service uses. */
            @WithDefault("8adf8e6e-67b2-4cf2-a259-e3dc5476c621")
            String audience();

            /** A JWKS file with the signing keys (e.g. a copy of the tenant's keys, mounted from a ConfigMap). */
            Optional<java.nio.file.Path> jwksFile();

            /** A JWKS URL to fetch the signing keys from, e.g. {@code https://login.microsoftonline.com/common/discovery/keys}. */
            Optional<String> jwksUrl();

            /** Connection label of requests authenticated this way (audit, metrics, logs). */
            @WithDefault("entra")
            String connection();

            /** Tolerated clock difference for {@code exp} and {@code nbf}. */
            @WithDefault("60s")
            Duration clockSkew();
        }

        /**
         * A bearer token from configuration, accepted beside the tokens generated through the admin API: a bootstrap
         * for a first connection, not the way to run IdPs (it cannot be rotated without a restart). When the bridge
         * runs on its built-in emulator and this is unset, the demo token {@code demo-scim-token} is accepted so that
         * {@code make run} works out of the box; against a tenant, unset means generated tokens only.
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

        /**
         * How long a create whose answer did not come (read timeout, 5xx) is looked for by its {@code LoginID} before
         * the IdP is told to retry: Ivanti runs workflows on save, and a create can land seconds after the bridge
         * stopped waiting (docs/ivanti-api.md §1.3). Read timeout plus this stays under Okta's 60 s.
         */
        @WithDefault("20s")
        Duration createSettle();

        /** Retries of reads (writes are never retried blindly). */
        RetryConfig retry();

        /** The circuit breaker that turns a dead tenant into fast 503s. */
        Breaker breaker();

        /** Outbound limits toward the tenant (seed 002's {@code rate_limit}, {@code rate_limit_timeout_ms}). */
        Limits limits();

        /** HTTP connection pooling toward the tenant. */
        Pool pool();

        /**
         * How long reference lookups ({@code $metadata}, relationship names, teams by name) are cached; 10 hours as
         * Ivanti's own provider does (seed 001).
         */
        @WithDefault("10h")
        Duration cacheTtl();

        /**
         * Read {@code $metadata} for employees at start-up and refuse to start when a mapped field is missing.
         * Turn off only to start a bridge whose tenant is known to be unreachable at boot.
         */
        @WithDefault("true")
        boolean startupCheck();

        /**
         * Run the connection check, print one verdict line per check and exit instead of serving (what
         * {@code make check} does): 0 OK, 1 a check failed, 2 misconfigured. Opens no port and not the store.
         */
        @WithDefault("false")
        boolean checkAndExit();
    }

    /** Retries of idempotent Ivanti calls ({@code bridge.ivanti.retry.*}). */
    interface RetryConfig {

        /** Retries after the first attempt of a read that failed because Ivanti was unavailable; 0 disables. */
        @WithDefault("2")
        int maxRetries();

        /** Delay before the first retry; each further retry doubles it (exponential backoff). */
        @WithDefault("200ms")
        Duration initialDelay();

        /** Upper bound of one backoff delay. */
        @WithDefault("5s")
        Duration maxDelay();

        /** Fraction (0..1) of each delay that is randomised (jitter), so replicas do not retry in step. */
        @WithDefault("0.5")
        double jitter();

        /**
         * Longest {@code Retry-After} (429/503) the bridge waits out before a retry; a longer one is passed on to the
         * IdP as the SCIM 503's {@code Retry-After} instead.
         */
        @WithDefault("5s")
        Duration maxRetryAfter();
    }

    /** Circuit breaker settings ({@code bridge.ivanti.breaker.*}). */
    interface Breaker {

        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Failure ratio (0..1) in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting a trial call through; also the IdP's {@code Retry-After}. */
        @WithDefault("10s")
        Duration delay();

        /** Successful trial calls that close a half-open breaker. */
        @WithDefault("1")
        int successThreshold();
    }

    /** Outbound limits ({@code bridge.ivanti.limits.*}). */
    interface Limits {

        /**
         * Most requests per minute sent to Ivanti; 0 = no limit. The tenant slows down past 100 000 calls a day, so
         * lower this to spread a bulk load; the default only caps runaway bursts (a 1 000-member group push is 1 000
         * link calls, Entra expects 25 requests/s).
         */
        @WithDefault("6000")
        int requestsPerMinute();

        /** Most Ivanti requests in flight at once, across all SCIM requests; 0 = no limit. */
        @WithDefault("32")
        int maxConcurrent();

        /**
         * How long a request waits for a rate or concurrency slot before giving up with a 503 (seed 002's
         * {@code rate_limit_timeout_ms}).
         */
        @WithDefault("10s")
        Duration timeout();
    }

    /** HTTP connection pool toward Ivanti ({@code bridge.ivanti.pool.*}). */
    interface Pool {

        /** Most pooled HTTP connections per REST client. */
        @WithDefault("32")
        int size();

        /** Keep idle connections open for reuse. */
        @WithDefault("true")
        boolean keepAlive();

        /** How long an idle pooled connection is kept before it is closed. */
        @WithDefault("60s")
        Duration connectionTtl();
    }

    /**
     * Ivanti credentials ({@code bridge.ivanti.auth.*}). Secrets can come from environment variables, a {@code .env}
     * file or a mounted properties file ({@code quarkus.config.locations}); they never appear in logs, errors or
     * metrics.
     */
    interface Auth {

        /**
         * {@code api-key} ({@code Authorization: rest_api_key=<key>}), {@code session} (login, then the raw session
         * key), {@code jwt} (login on an OIDC tenant, then {@code Bearer <jwt>}) or {@code oauth2} (client
         * credentials at {@link OAuth2#tokenUrl()}, then {@code Bearer <token>}).
         */
        @WithDefault("api-key")
        AuthMode mode();

        /** The REST API key's Reference ID (mode {@code api-key}). Defaults to the emulator's key when no URL is set. */
        Optional<String> apiKey();

        /** Tenant host name sent in the login body (modes {@code session}, {@code jwt}); defaults to the URL's host. */
        Optional<String> tenant();

        /** Login name of the integration account (modes {@code session}, {@code jwt}). */
        Optional<String> username();

        /** Password of the integration account (modes {@code session}, {@code jwt}). */
        Optional<String> password();

        /** Internal role name to log in with, e.g. {@code Admin} (modes {@code session}, {@code jwt}). */
        @WithDefault("Admin")
        String role();

        /**
         * Format of the {@code Authorization} header for tenants that differ, with {@code {credential}} standing for
         * the key, session key or token. Default per mode: {@code rest_api_key={credential}}, {@code {credential}},
         * {@code Bearer {credential}}, {@code Bearer {credential}}.
         */
        Optional<String> headerFormat();

        /**
         * The tenant's session idle timeout (Configure &gt; Security Controls); when set, a session unused for longer
         * than this minus {@link #renewBefore()} is replaced by a fresh login before the next call (mode
         * {@code session}).
         */
        Optional<Duration> idleTimeout();

        /** How long before a JWT's {@code exp}, an OAuth2 token's expiry or the idle timeout the bridge renews. */
        @WithDefault("60s")
        Duration renewBefore();

        /** Log out of the session at shutdown when the tenant offers a logout endpoint (modes {@code session}, {@code jwt}). */
        @WithDefault("true")
        boolean logoutOnShutdown();

        /** OAuth2 client credentials (mode {@code oauth2}). */
        OAuth2 oauth2();
    }

    /** OAuth2 client credentials ({@code bridge.ivanti.auth.oauth2.*}). */
    interface OAuth2 {

        /** Full URL of the identity provider's token endpoint. Required for mode {@code oauth2}. */
        Optional<String> tokenUrl();

        /** Client identifier issued by the identity provider. */
        Optional<String> clientId();

        /** Client secret issued by the identity provider (sent with HTTP Basic, RFC 6749 §2.3.1). */
        Optional<String> clientSecret();

        /** Optional scope sent with each token request. */
        Optional<String> scope();
    }

    /** How the bridge authenticates to Ivanti. */
    enum AuthMode {
        /** {@code rest_api_key=<key>}. */
        API_KEY,
        /** Session login; raw session key. */
        SESSION,
        /** Login on an OIDC tenant answering a JWT; {@code Bearer}. */
        JWT,
        /** OAuth2 client credentials; {@code Bearer}. */
        OAUTH2
    }

    /** SCIM Groups backed by Ivanti teams or roles ({@code bridge.groups.*}). */
    interface Groups {

        /**
         * What a SCIM Group is in Ivanti: {@code teams} (StandardUserTeam, {@code standarduserteams}, name field
         * {@code Team}) or {@code roles} (Frs_def_role, {@code frs_def_roles}, name field {@code Name}), so that a
         * Group grants an Ivanti role.
         */
        @WithDefault("teams")
        GroupBackend backend();

        /**
         * OData navigation property from Employee to the group business object, used for link/unlink and for a
         * user's {@code groups}. When unset, it is discovered once at start-up from {@code employees/$metadata}
         * (the NavigationProperty whose type is the team or role entity); start-up fails if there is none.
         */
        Optional<String> relationship();

        /**
         * OData navigation property from the group business object back to Employee, used to read members. When
         * unset, it is discovered from the team's (or role's) {@code $metadata} like {@link #relationship()}.
         */
        Optional<String> memberRelationship();

        /**
         * Team (or role) field that holds the IdP's {@code externalId} (Entra sends the group's objectId). When
         * unset or blank, the bridge's own store ({@code bridge.store.url}, table {@code group_external_id}, shared by
         * replicas) holds it, keyed by the team's RecId, and {@code externalId eq} is resolved there.
         */
        Optional<String> externalIdField();

        /**
         * What SCIM DELETE does: {@code delete} deletes the team (or role) in Ivanti; {@code detach} unlinks every
         * member and marks the record with {@link #detachValue()} in {@link #detachField()}, after which it is
         * invisible to SCIM and a POST with the same displayName takes it back.
         */
        @WithDefault("delete")
        GroupDeleteMode deleteMode();

        /** Field of the team (or role) that marks it as detached from SCIM (delete-mode {@code detach}). */
        @WithDefault("Description")
        String detachField();

        /** Value written to {@link #detachField()} to mark a detached group (compared case-insensitively). */
        @WithDefault("Detached from SCIM")
        String detachValue();

        /** Most link/unlink calls one membership change runs at the same time. */
        @WithDefault("10")
        int membershipConcurrency();

        /**
         * Member ids checked per Ivanti read when a request adds members ({@code RecId eq … or …}); kept small
         * because IIS limits query strings to about 2 KB (docs/ivanti-api.md §8.15).
         */
        @WithDefault("25")
        int memberCheckBatch();

        /** Most team (or role) records a group list may read from Ivanti; beyond it the list fails with 400 tooMany. */
        @WithDefault("10000")
        int maxScan();
    }

    /** What backs a SCIM Group. */
    enum GroupBackend {
        /** Ivanti teams ({@code standarduserteams}). */
        TEAMS,
        /** Ivanti roles ({@code frs_def_roles}). */
        ROLES
    }

    /** What SCIM DELETE does to a group. */
    enum GroupDeleteMode {
        /** Delete the record in Ivanti. */
        DELETE,
        /** Unlink every member and hide the record from SCIM. */
        DETACH
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
