package io.ivantiscim.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Settings of the built-in Ivanti emulator ({@code bridge.emulator.*}). The emulator is served under
 * {@code /emulator} when {@code bridge.ivanti.url} is unset, or when {@link #standalone()} is true.
 * <p>
 * Switches marked "§9" choose between conflicting or guessed Ivanti behaviours listed in section 9 of
 * {@code docs/ivanti-api.md}; their defaults are the emulator defaults chosen there. Every switch can also be flipped
 * at run time through {@code POST /emulator/_emulator/settings} (tests do that instead of restarting Quarkus).
 */
public interface EmulatorConfig {

    /**
     * Tenant profile: {@code default}, {@code strict} or {@code legacy}, a preset of every switch below at once
     * ({@code emulator-profiles/<name>.properties}, applied by {@link EmulatorProfiles}); an explicit switch still
     * wins. The values and their sources: {@code docs/emulator-profiles.md}.
     */
    @WithDefault("default")
    String profile();

    /**
     * Run the emulator alone (what {@code make emulator} does): the emulator is served even when
     * {@code bridge.ivanti.url} is set, and the SCIM endpoints answer 404.
     */
    @WithDefault("false")
    boolean standalone();

    /** Tenant base path below {@code /emulator}, e.g. {@code /HEAT} as on-prem tenants have (docs/ivanti-api.md §1.1, §8.16). */
    Optional<String> basePath();

    /** Tenant name expected in the login body and used as the prefix of session keys (row 1). */
    @WithDefault("demo.ivanticloud.com")
    String tenant();

    /** The one user that can log in through {@code /api/rest/authentication/login}. */
    @WithDefault("scim-bridge")
    String username();

    /** Password of {@link #username()}. */
    @WithDefault("demo-password")
    String password();

    /** Internal role name the login must name (docs/ivanti-api.md §1.1: {@code Admin}, not "Administrator"). */
    @WithDefault("Admin")
    String role();

    /** REST API key (Reference ID) accepted as {@code Authorization: rest_api_key=<key>} (row 4). */
    @WithDefault("demo-ivanti-key")
    String apiKey();

    /** {@code session}: login returns {@code tenant#KEY#n} (row 1); {@code jwt}: login returns a JWT (row 5). */
    @WithDefault("session")
    String loginMode();

    /** Lifetime of a JWT issued in {@code jwt} login mode ({@code exp - nbf}, 3600 s in the Ivanti sample). */
    @WithDefault("PT1H")
    Duration jwtLifetime();

    /** §9 session timeout: idle time after which a session key answers 401 ISM_4001. */
    @WithDefault("PT30M")
    Duration sessionIdleTimeout();

    /** §9 session concurrency: sessions per user, 0 = unlimited. Above it the oldest session is evicted. */
    @WithDefault("0")
    int maxSessionsPerUser();

    /**
     * Calls one session key, JWT or OAuth2 token answers before it ends with 401 ISM_4001 as an expired session
     * (docs/ivanti-api.md §1.3); 0 = no such limit. A tenant whose sessions end far sooner than any timeout, so tests
     * and the soak meet session expiry at a rate they choose, without waiting for a clock.
     */
    @WithDefault("0")
    int sessionMaxCalls();

    /** Serve {@code POST /api/rest/authentication/logout}; none is documented (docs/ivanti-api.md §1.3), hence off. */
    @WithDefault("false")
    boolean logoutEnabled();

    /** Tenant time zone offset used when emitting dates, e.g. {@code +05:30}; UTC {@code Z} when unset (row 27). */
    Optional<String> tenantOffset();

    /** Emit unset date fields as {@code null} instead of {@code "0001-01-01T00:00:00Z"} (row 27). */
    @WithDefault("false")
    boolean unsetDatesAsNull();

    /** Page size when {@code $top} is absent (row 10). */
    @WithDefault("25")
    int topDefault();

    /** Largest accepted {@code $top}; above it 400 ISM_4000 (row 10, admin-configurable on real tenants). */
    @WithDefault("100")
    int topMax();

    /**
     * §9 over-max {@code $top} message: {@code both} ("Invalid Request Payload" and "You cannot query more than N
     * records"), {@code payload} (only the first) or {@code records} (only the second).
     */
    @WithDefault("both")
    String topOverMaxMessages();

    /**
     * Longest query string (as sent, percent-encoded) the tenant's IIS accepts ({@code maxQueryString}, 2048 by
     * default); above it the request is answered 404.15 with IIS's HTML page before Ivanti sees it.
     */
    @WithDefault("2048")
    int maxQueryString();

    /** §9 wrong collection name: {@code not-found} (404 ISM_4004, documented) or {@code empty} (empty 200). */
    @WithDefault("not-found")
    String unknownCollection();

    /** §9 {@code @odata.count} returned without {@code $count=true}. */
    @WithDefault("true")
    boolean countUnasked();

    /** §9 parentheses in {@code $filter}: accepted (live) or rejected with 400 (SquaredUp says they need v2). */
    @WithDefault("true")
    boolean filterParentheses();

    /** §9 and/or precedence: {@code standard} (and binds tighter) or {@code left-to-right} (row 13 quirk). */
    @WithDefault("standard")
    String filterPrecedence();

    /** §9 bad key message on GET by key (row 18). */
    @WithDefault("Invalid key")
    String invalidKeyMessage();

    /** §9 unlink status: 200 with the ISM_2000 body, or 204 as the unlink help page says (row 22). */
    @WithDefault("200")
    int unlinkStatus();

    /** Link failures as 400 ISM_4000 (documented) or as 200 with a non-2000 code (row 22, seen live). */
    @WithDefault("false")
    boolean linkFailuresAs200();

    /** §9 DELETE success status (row 21, GUESS 204). */
    @WithDefault("204")
    int deleteStatus();

    /** Deleting a non-existent id still succeeds (row 21 GUESS); false → 400 "Record … cannot be found". */
    @WithDefault("true")
    boolean deleteMissingSucceeds();

    /** §9 duplicate LoginID on create/update → 400 ISM_4000 naming LoginID (GUESS); false lets duplicates in. */
    @WithDefault("true")
    boolean uniqueLoginId();

    /** Fields an Employee create must carry (docs/ivanti-api.md §3: tenant-configurable; GUESS default). */
    @WithDefault("LoginID,FirstName,LastName,PrimaryEmail,Status")
    List<String> requiredFields();

    /**
     * Validated (picklist) fields {@code Status}, {@code Team}, {@code Department}, {@code EmployeeLocation} written
     * with a value that resolves to nothing: {@code blank} (accepted, stored as nothing, docs/ivanti-api.md §8.11),
     * {@code keep} (stored as sent, no {@code _Valid}) or {@code reject} (400).
     */
    @WithDefault("blank")
    String unresolvedPicklist();

    /**
     * The Employee {@code Status} validation list (docs/ivanti-api.md §11: the stock values are Active, Terminated, New
     * and On Leave; {@code Inactive} is in some tenants' lists only). A Status written outside it is an unresolved
     * picklist value ({@link #unresolvedPicklist()}); the list is served as the {@code employeestatuss} business object
     * that the Employee {@code $metadata} names (GUESS: no public source names Ivanti's validation object).
     */
    @WithDefault("Active,Inactive,Terminated,New,On Leave")
    List<String> statusValues();

    /**
     * Employee fields {@code $search} indexes (Ivanti indexes the fields an administrator marks for full-text search,
     * docs/ivanti-api.md row 16); empty: every string field. Other business objects keep every string field.
     */
    Optional<List<String>> searchFields();

    /** Extra generated employees added at start-up (benchmarks use 100000). */
    @WithDefault("0")
    int generate();

    /** §9 Employee↔team and Employee↔role navigation property names (not published by Ivanti, GUESS). */
    Relationships relationships();

    /** Fault injection (all off by default). */
    Faults faults();

    /**
     * An OAuth2 client-credentials token endpoint at {@code /emulator/oauth2/token}, standing in for the external
     * identity provider of seed 002's {@code oauth2} strategy (not an Ivanti API: Ivanti documents none). Its access
     * tokens are accepted as {@code Authorization: Bearer <token>}.
     */
    OAuth2 oauth2();

    /** The emulated identity provider's client and token lifetime. */
    interface OAuth2 {

        /** Client identifier accepted by the token endpoint. */
        @WithDefault("scim-bridge-client")
        String clientId();

        /** Client secret accepted by the token endpoint (HTTP Basic or form fields). */
        @WithDefault("demo-client-secret")
        String clientSecret();

        /** {@code expires_in} of issued access tokens. */
        @WithDefault("PT1H")
        Duration tokenLifetime();

        /** When set, token requests must ask for exactly this scope ({@code invalid_scope} otherwise). */
        Optional<String> scope();
    }

    /** Navigation property (relationship) names; links are visible from both sides. */
    interface Relationships {

        /** Employee → StandardUserTeam. */
        @WithDefault("EmployeeAssociatedStandardUserTeam")
        String employeeTeam();

        /** StandardUserTeam → Employee. */
        @WithDefault("StandardUserTeamAssociatedEmployee")
        String teamEmployee();

        /** Employee → Frs_def_role. */
        @WithDefault("EmployeeAssociatedFrs_def_role")
        String employeeRole();

        /** Frs_def_role → Employee. */
        @WithDefault("Frs_def_roleAssociatedEmployee")
        String roleEmployee();

        /**
         * Relationship reads ({@code GET …('{id}')/{relationship}}) answer every related record whatever
         * {@code $top}/{@code $skip} say: nothing documents paging on navigation properties (docs/ivanti-api.md §5).
         */
        @WithDefault("false")
        boolean ignorePaging();

        /**
         * That many extra Employee NavigationProperties whose type is the team type ({@code EmployeeOwnedTeam},
         * {@code EmployeeOwnedTeam2}, …), as a real Employee with many relationships has (docs/ivanti-api.md §5).
         */
        @WithDefault("0")
        int extraTeamLinks();
    }

    /** Fault injection on the Ivanti API routes (never on {@code /_emulator} hooks). */
    interface Faults {

        /** Seed of the fault random generator, so runs are reproducible. */
        @WithDefault("42")
        long seed();

        /** Fixed latency added to every call, in ms. */
        @WithDefault("0")
        int latencyMs();

        /** Uniform random extra latency 0..jitter, in ms. */
        @WithDefault("0")
        int jitterMs();

        /** Fraction (0..1) of calls answered 500 ISM_5000 (HTML-entity-encoded message, row 25). */
        @WithDefault("0")
        double errorRate();

        /** Fraction (0..1) of calls answered 503. */
        @WithDefault("0")
        double unavailableRate();

        /** Fraction (0..1) of calls whose connection is closed without a response. */
        @WithDefault("0")
        double dropRate();

        /**
         * Fraction (0..1) of successful writes (create, update, delete, link, unlink) whose write is stored and whose
         * connection is then closed without the answer: the caller cannot tell whether the write happened.
         */
        @WithDefault("0")
        double lostAnswerRate();

        /** The next N calls answer 429 with {@code Retry-After} (not documented for ITSM, docs/ivanti-api.md §7). */
        @WithDefault("0")
        int throttleBurst();

        /**
         * For this many seconds after the faults are set (at start, or {@code POST /emulator/_emulator/faults}),
         * every call answers 429 with {@code Retry-After} the seconds left: a time-based throttle, where
         * {@link #throttleBurst()} counts calls.
         */
        @WithDefault("0")
        int throttleSeconds();

        /** {@code Retry-After} seconds sent with 429 and 503. */
        @WithDefault("1")
        int retryAfterSeconds();

        /**
         * Least latency of a create ({@code POST} of a new record), in ms: workflows run on save (docs/ivanti-api.md
         * §8.12) and can make a create outlast the client's read timeout. Added to {@link #latencyMs()}.
         */
        @WithDefault("0")
        int createLatencyMinMs();

        /** Most latency of a create, in ms (uniform between the two; below the minimum counts as the minimum). */
        @WithDefault("0")
        int createLatencyMaxMs();

        /** Calls after which responses are slowed (row 26: more than 100 000 API calls per day). */
        @WithDefault("100000")
        long dailyCallLimit();

        /** Latency added to each call above {@link #dailyCallLimit()}, in ms. */
        @WithDefault("250")
        int overLimitLatencyMs();
    }
}
