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

    /** Connections to the bridge's HTTP servers ({@code bridge.http.*}). */
    Http http();

    /** Connections to the bridge's HTTP servers ({@code bridge.http.*}). */
    interface Http {

        /**
         * Longest a connection may take to send a complete request head (request line and headers), counted from
         * when it opened or, on a kept-alive connection, from the next request's first byte; a
         * connection that takes longer, however steadily it trickles bytes, is closed (the slowloris defence Vert.x
         * does not have). Bodies are bounded by {@code quarkus.http.read-timeout}. {@code 0} turns the deadline off.
         */
        @WithDefault("10s")
        Duration headerTimeout();

        /**
         * Longest a kept-alive connection may stay silent between the end of an answer and its next request before
         * it is closed; above Okta's 60 s request timeout (docs/idp-contracts.md §2.3), as load balancers' idle
         * timeouts are. Unlike {@code quarkus.http.idle-timeout} it never runs while the bridge works on a request,
         * so a request that takes minutes (a bulk of 1,000 operations) is not cut; that idle timeout stays as the
         * backstop for a connection stalled mid-answer. {@code 0} turns it off.
         */
        @WithDefault("65s")
        Duration keepAliveTimeout();
    }

    /** SCIM Groups ⇄ Ivanti teams (or roles) ({@code bridge.groups.*}). */
    Groups groups();

    /** Where tokens and the audit trail are kept ({@code bridge.store.*}). */
    Store store();

    /** The audit trail ({@code bridge.audit.*}). */
    Audit audit();

    /** The admin API on the management interface ({@code bridge.admin.*}). */
    Admin admin();

    /** The leaver's work in Ivanti after a SCIM deactivation or delete ({@code bridge.leaver.*}). */
    Leaver leaver();

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

        /**
         * Largest accepted SCIM request body in bytes, counted as the body is read (chunked bodies too); larger
         * bodies get 413. {@code quarkus.http.limits.max-body-size} (10M) is the connection-level ceiling above it.
         */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Cursor paging (RFC 9865) on {@code GET /Users}, {@code GET /Groups} and {@code POST /.search}. */
        Cursors cursors();

        /** {@code POST /scim/v2/Bulk} (RFC 7644 §3.7) ({@code bridge.scim.bulk.*}). */
        Bulk bulk();

        /**
         * Most operations one PATCH may carry; more get 413 before anything is read from Ivanti. Okta sends one
         * {@code remove members[value eq …]} per removed member (docs/idp-contracts.md §2.22), so a 2,000-member
         * change is about 2,000 operations; applying them is linear in their number.
         */
        @WithDefault("5000")
        int maxPatchOperations();

        /** How many records list and search pages may hold in memory at once ({@code bridge.scim.list-memory.*}). */
        ListMemory listMemory();

        /**
         * Longest filter, in characters (the {@code filter} parameter or a {@code .search} body's); a longer one gets
         * 400 {@code invalidFilter} before it is parsed. IdPs send a comparison or two, and a filter Ivanti evaluates
         * must fit {@code bridge.ivanti.max-query-length} once translated anyway, while a 600 KB filter of 20,000
         * ORed comparisons cost seconds of CPU to parse and translate before that check (issue 15's abuse profile).
         */
        @WithDefault("8192")
        int maxFilterLength();

        /**
         * Longest string value in a filter, in characters; longer ones get 400 {@code invalidFilter} before any Ivanti
         * call. A userName or e-mail address is at most 254 characters (RFC 5321 §4.5.3.1.3); the whole query must
         * also fit {@code bridge.ivanti.max-query-length}.
         */
        @WithDefault("256")
        int maxFilterLiteral();
    }

    /** Cursor paging ({@code bridge.scim.cursors.*}, RFC 9865). */
    interface Cursors {

        /**
         * Secret the cursors are signed with (HMAC-SHA256), so a forged or altered cursor is refused (400
         * {@code invalidCursor}). Every replica behind one service must have the same value to accept the others'
         * cursors. When unset it is derived from configuration the replicas already share (the Ivanti URL and
         * credential, the store URL), so replicas deployed from one configuration agree without it; set it to rotate
         * cursors independently of those (changing it, or them, only invalidates cursors in flight).
         */
        Optional<String> secret();

        /**
         * How long a cursor stays valid after the page that issued it (advertised as {@code cursorTimeout}); an
         * older one is 400 {@code expiredCursor}.
         */
        @WithDefault("10m")
        Duration timeout();
    }

    /**
     * The admission bound on list and search pages (issue 15): a page holds its records several times over while it
     * is built and written (the Ivanti rows, the SCIM resources, the JSON), about 8 KiB per user, so 32 concurrent
     * pages of 1,000 needed more than a 48 MiB heap and ended in an {@code OutOfMemoryError}. Each page reserves its
     * {@code count} (a scan: the records it reads) before it reads anything and gives them back once its answer is
     * written; a page that finds no room waits its turn (first come, first served), and after {@link #maxWait()}
     * gets 503 with {@code Retry-After}.
     */
    interface ListMemory {

        /**
         * Records all pages in progress may hold at once; when unset, a quarter of the maximum heap at 8 KiB a record
         * (2,048 on the 64 MiB heap {@code make run}, the image and the chart use; 8,192 on a 256 MiB one), and never
         * less than {@code bridge.scim.max-results}, so one full page always fits. {@code 0} turns the bound off.
         */
        Optional<Integer> records();

        /**
         * Longest a page waits for room before it is answered 503 with {@code Retry-After}; below Okta's 60 s request
         * timeout (docs/idp-contracts.md §2.3), so the IdP sees the 503 rather than a timeout.
         */
        @WithDefault("30s")
        Duration maxWait();
    }

    /**
     * Limits of {@code POST /Bulk}, advertised in {@code /ServiceProviderConfig} as {@code bulk.maxOperations} and
     * {@code bulk.maxPayloadSize} and enforced with 413 (RFC 7644 §3.7.4). Ivanti has no batch API, so every operation
     * is its own Ivanti calls; these bound how much one request may ask for.
     */
    interface Bulk {

        /**
         * Most operations one bulk request may carry; more get 413. Each operation costs about what the same single
         * request costs (user PATCH: 15–22 ms of CPU on a 2-core box, a bulk of 100 took 2.2 s in the abuse soak), so
         * 50 keeps a whole bulk under issue 15's 2 s of CPU per request; Okta and Entra do not use /Bulk
         * (docs/idp-contracts.md).
         */
        @WithDefault("50")
        int maxOperations();

        /**
         * Largest bulk request body in bytes; larger get 413. A bulk body is also a SCIM body, so the limit in force
         * (and advertised) is the smaller of this and {@code bridge.scim.max-body-bytes}.
         */
        @WithDefault("1048576")
        int maxPayloadBytes();

        /**
         * Operations of one bulk request run at the same time when none depends on another (a {@code bulkId}
         * reference waits for the operation it names). Their Ivanti calls still pass the outbound limits
         * ({@code bridge.ivanti.limits.*}) shared by every request.
         */
        @WithDefault("10")
        int concurrency();
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

        /**
         * Whether PUT and PATCH may change a user's {@code userName} (RFC 7643 §2.2 {@code mutability}):
         * {@code readWrite} renames the Employee's login after checking that no other user has it (409
         * {@code uniqueness} otherwise); {@code immutable} answers 400 {@code mutability} to a request that would
         * change it, as the Ivanti MDM SCIM service does, and {@code /Schemas} advertises userName as
         * {@code immutable}. A value that differs only in case is the same userName (it is not case-exact) and
         * changes nothing under {@code immutable}.
         */
        @WithDefault("readWrite")
        UserNameMutability usernameMutability();
    }

    /** Whether a user's userName may change after it is created. */
    enum UserNameMutability {
        /** PUT and PATCH may rename. */
        READ_WRITE,
        /** Set at creation only. */
        IMMUTABLE
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

        /**
         * Employee fields the tenant's keyword {@code $search} indexes (those an administrator marked for full-text
         * search, docs/ivanti-api.md row 16). A {@code sw} filter on another field is not sent as {@code $search},
         * which would silently miss its matches; the bridge reads and checks the records itself. Unset: every
         * string field is assumed indexed.
         */
        Optional<List<String>> searchFields();

        /**
         * Longest query string the bridge sends to Ivanti, counted percent-encoded. IIS refuses longer ones
         * ({@code maxQueryString}, 2048 by default: 404.15), so a filter that would exceed it gets 400
         * {@code invalidFilter} instead of a call. Raise it only with the tenant's IIS limit.
         */
        @WithDefault("2048")
        int maxQueryLength();

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

        /** What readiness knows about the tenant ({@code bridge.ivanti.readiness.*}). */
        Readiness readiness();

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

        /**
         * How long one SCIM request keeps waiting out 429 answers, counted from its first Ivanti call (however many
         * calls it makes): each 429 pauses every outbound call for its {@code Retry-After}, then the call is sent
         * again (writes too: a throttled request was not processed). A wait that would end past this is not made:
         * the IdP hears 503 with {@code Retry-After}. Keep it well under Okta's 60 s request timeout.
         */
        @WithDefault("20s")
        Duration throttleBudget();
    }

    /** Circuit breaker settings ({@code bridge.ivanti.breaker.*}). */
    interface Breaker {

        /**
         * Calls in the rolling window the failure ratio is computed over: big enough that a tenant failing one call in
         * five never looks down by chance. Only the tenant's failures count (no answer, timeout, 5xx, wrong path),
         * never a 429 or an answer caused by what the request sent.
         */
        @WithDefault("40")
        int requestVolumeThreshold();

        /** Failure ratio (0..1) in the window that opens the breaker: most calls failing, a tenant that is down. */
        @WithDefault("0.75")
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
         * Most requests per minute sent to Ivanti, as a steady pace with a burst of one second's worth; 0 = no limit.
         * The tenant slows down past 100 000 calls a day, so lower this to spread a bulk load; the default only caps
         * runaway bursts (a 1 000-member group push is 1 000 link calls, Entra expects 25 requests/s).
         */
        @WithDefault("6000")
        int requestsPerMinute();

        /** Most Ivanti requests in flight at once, across all SCIM requests; 0 = no limit. */
        @WithDefault("32")
        int maxConcurrent();

        /**
         * Longest a SCIM request waits for outbound slots, counted from its first Ivanti call (however many calls it
         * makes): calls queue for their turn at {@link #requestsPerMinute()} and for {@link #maxConcurrent()}, and
         * one whose turn would come later than this gets 503 with {@code Retry-After} at once (seed 002's
         * {@code rate_limit_timeout_ms}). Okta waits 60 s for an answer, so the default leaves half of that for the
         * calls themselves. A call outside a SCIM request (start-up check, leaver jobs) counts from its own start.
         */
        @WithDefault("30s")
        Duration timeout();
    }

    /**
     * Readiness from what the bridge already knows ({@code bridge.ivanti.readiness.*}): the outcomes of recent Ivanti
     * calls and the breaker's state, so a probe answers in milliseconds and never calls Ivanti itself.
     */
    interface Readiness {

        /**
         * When no Ivanti call has started or ended for this long, one background probe ({@code $top=1},
         * {@code $select=RecId}) is sent, outside the outbound limit the IdPs share, so an idle bridge still knows
         * whether the tenant answers (and an open breaker gets its trial call).
         */
        @WithDefault("15s")
        Duration probeInterval();

        /**
         * Consecutive failed calls (no answer, timeout, 5xx) after which readiness is DOWN; a rejected credential or
         * a wrong API path is DOWN at once, an open breaker too.
         */
        @WithDefault("3")
        int failureThreshold();
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

        /**
         * Most link/unlink calls (and member checks) one membership change runs at the same time. A group PATCH that
         * names its members by id (and does not answer with members) reads, for at most this many, only those users'
         * links; for more, the group's member ids while that is cheaper than asking each user.
         */
        @WithDefault("10")
        int membershipConcurrency();

        /**
         * Most member ids checked per Ivanti read when a request adds members ({@code RecId eq … or …}); each read
         * holds as many as fit {@code bridge.ivanti.max-query-length} (IIS limits query strings to about 2 KB,
         * docs/ivanti-api.md §8.15: about 30 RecIds) and the page size.
         */
        @WithDefault("100")
        int memberCheckBatch();

        /**
         * Most member values one Groups request may carry (a POST's or PUT's {@code members}, the members a PATCH adds
         * and removes, together); more get 413 before any Ivanti call. Each member changed is one link or unlink call
         * (about 0.3 ms of the bridge's CPU once its code is compiled, ~1 ms at 50 ms Ivanti latency), so this bounds
         * one request's CPU (issue 15: 2 s) while taking Okta's push of a 2,000-member group in one PATCH
         * (docs/idp-contracts.md §4.10, README "Reliability").
         */
        @WithDefault("2000")
        int maxMembers();

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

        /**
         * How long a state-changing request waits for its audit event to be committed before it is answered (the
         * group commit of issue 15 item 10). Only a store that is down makes it run out; the answer then goes out, the
         * event stays queued and the error log names it.
         */
        @WithDefault("10s")
        Duration commitTimeout();

        /** Also write each event as one JSON line to the log category {@code io.ivantiscim.audit}. */
        @WithDefault("true")
        boolean logJson();

        /**
         * Directory of the audit journal (file {@code audit.journal}): a state-changing request is answered once its
         * event is written there (one write per group of requests), and the journal is copied into the store in
         * large batches and replayed at start-up after a crash. Unset: beside an embedded H2 file store (the
         * default {@code ./data}); none for PostgreSQL or an in-memory store, whose events are committed to the
         * store before the answer instead. Set it for a replica on PostgreSQL only on a volume that outlives the
         * process, one directory per replica (the file is locked).
         */
        Optional<String> journalDir();

        /**
         * Also fsync the journal after each write, so an acknowledged event survives a power loss and not only a
         * killed process; costs a disk flush per group. The embedded H2 store does not fsync its commits either.
         */
        @WithDefault("false")
        boolean journalSync();
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

    /**
     * The leaver's work in Ivanti ({@code bridge.leaver.*}): when a user is deactivated or deleted through SCIM, the
     * bridge can reassign the leaver's open incidents and service requests and open one follow-up ticket for what
     * the API cannot do (licence seats, assets). It runs after the SCIM answer, in the background, and is retried;
     * it never fails the SCIM request. Every business-object and field name is configurable because Ivanti publishes
     * none of them as a contract (docs/ivanti-api.md §12 says which are recorded from tenants and which are guesses).
     */
    interface Leaver {

        /** Turn the workflow on. Off by default: it writes to the service desk's tickets, not only to Employees. */
        @WithDefault("false")
        boolean enabled();

        /**
         * IdP connection labels (e.g. {@code okta}) whose deactivations start the workflow; unset means every
         * connection. Lets one IdP's leavers be handled while another's are not.
         */
        Optional<List<String>> connections();

        /** Reassigning the leaver's open tickets ({@code bridge.leaver.reassign.*}). */
        Reassign reassign();

        /** The one follow-up ticket per leaver ({@code bridge.leaver.follow-up.*}). */
        FollowUp followUp();

        /** The ticket business objects and their fields ({@code bridge.leaver.objects.*}). */
        Tickets objects();

        /** The journal note left on each reassigned ticket ({@code bridge.leaver.journal.*}). */
        Journal journal();

        /** Retries of a follow-up Ivanti refused or could not be reached for ({@code bridge.leaver.retry.*}). */
        Retry retry();

        /** Reassigning open tickets owned by the leaver. */
        interface Reassign {

            /** Reassign the leaver's open incidents and service requests. */
            @WithDefault("true")
            boolean enabled();

            /**
             * The team (its name, as the tickets' owner-team field holds it) that gets the tickets when the leaver has
             * no manager, or always when {@link #toManager()} is false. Unset with no manager: nothing is reassigned and
             * the audit trail says so.
             */
            Optional<String> team();

            /** Give the tickets to the leaver's manager (their LoginID as owner) when the Employee has one. */
            @WithDefault("true")
            boolean toManager();

            /** Which ticket objects to reassign: {@code incident}, {@code service-request}, or both. */
            @WithDefault("incident,service-request")
            List<TicketKind> kinds();
        }

        /** The follow-up ticket for the work the API cannot do. */
        interface FollowUp {

            /** Open one follow-up ticket per leaver; a re-delivered deactivation finds the open one. */
            @WithDefault("true")
            boolean enabled();

            /** Which object the follow-up is: {@code incident} or {@code service-request}. */
            @WithDefault("incident")
            TicketKind kind();

            /** Its category; with the customer link it is how an open follow-up of the same leaver is found again. */
            @WithDefault("Leaver")
            String category();

            /**
             * Subject template: {@code {userName}}, {@code {displayName}}, {@code {id}} (the Employee RecId) and
             * {@code {reason}} ({@code deactivated} or {@code deleted}) are replaced.
             */
            @WithDefault("Leaver {displayName} ({userName}): release licence seats and recover assets")
            String subject();

            /** Description template, with the same placeholders as {@link #subject()}. */
            @WithDefault("{displayName} ({userName}) was {reason} by the identity provider through SCIM. Release the "
                    + "licence seats and recover the assets assigned to this employee; the bridge cannot do it "
                    + "through the API.")
            String description();

            /** Owner team of the follow-up; unset leaves it to the tenant's assignment rules. */
            Optional<String> team();

            /** Status the follow-up is opened with. */
            @WithDefault("Logged")
            String status();
        }

        /** Ticket business objects and field names (docs/ivanti-api.md §12). */
        interface Tickets {

            /** OData entity set of incidents. */
            @WithDefault("incidents")
            String incidents();

            /** Business-object name of an incident, as a journal note's parent category spells it. */
            @WithDefault("Incident")
            String incidentCategory();

            /** OData entity set of service requests (GUESS from the plural rule, docs/ivanti-api.md §2.1). */
            @WithDefault("servicereqs")
            String serviceRequests();

            /** Business-object name of a service request, as a journal note's parent category spells it. */
            @WithDefault("ServiceReq")
            String serviceRequestCategory();

            /** Owner field: the owner's LoginID. */
            @WithDefault("Owner")
            String ownerField();

            /** Owner team field: the team's name. */
            @WithDefault("OwnerTeam")
            String ownerTeamField();

            /** Status field. */
            @WithDefault("Status")
            String statusField();

            /** Status values of a ticket that is no longer open (open = any other). */
            @WithDefault("Resolved,Closed,Cancelled,Fulfilled")
            List<String> closedStatuses();

            /** Subject field. */
            @WithDefault("Subject")
            String subjectField();

            /** Description field (Ivanti's {@code Symptom}). */
            @WithDefault("Symptom")
            String descriptionField();

            /** Category field. */
            @WithDefault("Category")
            String categoryField();

            /** The customer link's RecID field: the follow-up is linked to the leaver's Employee through it. */
            @WithDefault("ProfileLink_RecID")
            String customerLinkField();

            /** The customer link's category field, set to {@code Employee}. */
            @WithDefault("ProfileLink_Category")
            String customerCategoryField();
        }

        /** The journal note that says why a ticket was reassigned. */
        interface Journal {

            /** Write a note on each reassigned ticket. */
            @WithDefault("true")
            boolean enabled();

            /** OData entity set of journal notes. */
            @WithDefault("journal__notess")
            String set();

            /** Category value of the note. */
            @WithDefault("Memo")
            String category();

            /** Field of the note holding its parent ticket's RecId. */
            @WithDefault("ParentLink_RecID")
            String parentField();

            /** Field of the note holding its parent's business-object name. */
            @WithDefault("ParentLink_Category")
            String parentCategoryField();

            /** Subject field of the note. */
            @WithDefault("Subject")
            String subjectField();

            /** Body field of the note. */
            @WithDefault("NotesBody")
            String bodyField();

            /** Category field of the note. */
            @WithDefault("Category")
            String categoryField();
        }

        /** Background retries; the SCIM request never waits for them. */
        interface Retry {

            /** Attempts per leaver before the bridge gives up (the audit trail then shows it as failed for good). */
            @WithDefault("8")
            int maxAttempts();

            /** Delay before the first retry; it doubles each time. */
            @WithDefault("5s")
            Duration initialDelay();

            /** Longest delay between two attempts. */
            @WithDefault("10m")
            Duration maxDelay();

            /** Most leavers waiting at once; beyond it a new one is refused and audited as failed. */
            @WithDefault("10000")
            int queueCapacity();
        }

        /** A ticket business object. */
        enum TicketKind {
            /** An incident. */
            INCIDENT,
            /** A service request. */
            SERVICE_REQUEST
        }
    }
}
