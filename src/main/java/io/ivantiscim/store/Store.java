package io.ivantiscim.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ExceptionSorter;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.ivantiscim.config.BridgeConfig;
import io.quarkus.runtime.Startup;

/**
 * The bridge's shared state: an Agroal pool on the configured JDBC URL, migrated by Flyway at start. The pool is built
 * here rather than through {@code quarkus.datasource.*} because the database kind (H2 or PostgreSQL) is a run-time
 * choice of {@code bridge.store.url}, while Quarkus fixes a datasource's kind at build time.
 * <p>
 * The pool recovers by itself from a store that went away (issue 15): an embedded H2 closes its database on a fatal
 * error (an {@code OutOfMemoryError} inside it, a full disk) and a PostgreSQL restart breaks every open connection, and
 * Agroal's defaults (no validation, no exception sorter) kept handing out those dead connections, so every store write
 * failed until the bridge was restarted. Now a connection whose error says it is dead ({@link #isFatal}) is destroyed,
 * and the rest of the pool with it; connections are checked before they are lent (each time on embedded H2, where it
 * is a field read; after {@link #IDLE_VALIDATION} idle over a network); and the next connection opened reopens the
 * database. {@link #failure()} is the readiness check's view.
 */
@Startup
@ApplicationScoped
public class Store {

    private static final Logger LOG = Logger.getLogger(Store.class);

    private final AgroalDataSource dataSource;
    private final TokenRepository tokens;
    private final AuditRepository audit;
    private final GroupExternalIdRepository groupExternalIds;
    private final Optional<Path> fileDirectory;

    Store(BridgeConfig config) {
        BridgeConfig.Store store = config.store();
        // The emulator alone (make emulator) serves no SCIM, so it keeps no tokens or audit: an in-memory store, so
        // it never holds the lock on the H2 file a bridge started beside it (make run) needs. Check mode (make check)
        // needs no tokens or audit either and must run beside a serving bridge, so it never opens the configured store.
        String url = config.emulator().standalone() || config.ivanti().checkAndExit()
                ? "jdbc:h2:mem:emulator-only;DB_CLOSE_DELAY=-1"
                : store.url();
        this.dataSource = open(url, store.username().orElse(null), store.password().orElse(null),
                store.maxConnections(), store.acquisitionTimeout());
        migrate(dataSource);
        commitDurably(dataSource, url);
        this.tokens = new TokenRepository(dataSource);
        this.audit = new AuditRepository(dataSource);
        this.groupExternalIds = new GroupExternalIdRepository(dataSource);
        this.fileDirectory = Optional.ofNullable(h2FileDirectory(url));
        LOG.infof("Store ready on %s", redact(url));
    }

    /** The token table. */
    public TokenRepository tokens() {
        return tokens;
    }

    /** The audit table. */
    public AuditRepository audit() {
        return audit;
    }

    /** The group externalId table (used when no team field holds a group's externalId). */
    public GroupExternalIdRepository groupExternalIds() {
        return groupExternalIds;
    }

    /**
     * The directory of an embedded H2 file store ({@code jdbc:h2:file:…}, the default), where files that belong with
     * it (the audit journal) are kept; empty for PostgreSQL, an H2 server or an in-memory store.
     */
    public Optional<Path> fileDirectory() {
        return fileDirectory;
    }

    @PreDestroy
    void close() {
        dataSource.close();
    }

    /**
     * Null when the store answers a trivial query within {@link #PROBE_TIMEOUT}; otherwise what failed, as the
     * readiness check shows it (the SQLState and the driver's message, which carry no stored value). Opening a
     * connection for it also reopens a database that was closed, so a probe is a recovery attempt as well.
     */
    public String failure() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) PROBE_TIMEOUT.toSeconds());
            s.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            return "SQLState " + e.getSQLState() + ": " + e.getMessage();
        }
    }

    /** Longest the readiness query may take. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** A pooled connection idle this long is checked before it is lent, where a check is a network round trip. */
    static final Duration IDLE_VALIDATION = Duration.ofSeconds(5);

    /**
     * H2 error codes (also its SQLStates) after which a connection never works again: the database is closed
     * (90098, after a fatal error; 90121, shut down), the connection is broken (90067), the database ran out of
     * memory (90108).
     */
    private static final Set<String> H2_FATAL = Set.of("90098", "90121", "90067", "90108");

    /**
     * True when {@code e} says the connection (or the database behind it) is gone rather than that one statement
     * failed: SQLState class 08 (connection exception, both drivers), PostgreSQL's 57P01-57P03 (the server shut down
     * or is starting), or H2's {@link #H2_FATAL}; the whole chain is looked at, as Agroal and the drivers wrap.
     */
    static boolean isFatal(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P0") || H2_FATAL.contains(state))
                        || H2_FATAL.contains(Integer.toString(s.getErrorCode()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Opens a pool on {@code url}; for an H2 file URL the parent directory is created first. */
    public static AgroalDataSource open(String url, String username, String password, int maxSize,
            Duration acquisitionTimeout) {
        createH2Directory(url);
        String user = username == null && url.startsWith("jdbc:h2:") ? "sa" : username;
        // Embedded H2 checks a connection by reading its session's state: cheap enough before every loan, and it
        // means a database closed while its connections sat in the pool costs no failed operation at all.
        boolean embedded = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:");
        ConnectionValidator validator = ConnectionValidator.defaultValidatorWithTimeout(
                (int) PROBE_TIMEOUT.toSeconds());
        AtomicReference<AgroalDataSource> pool = new AtomicReference<>();
        ExceptionSorter sorter = e -> {
            if (!isFatal(e)) {
                return false;
            }
            // The other connections of the pool went with this one (a closed database, a restarted server): all
            // of them are replaced, idle ones now and the lent ones when they come back, not one failure each.
            AgroalDataSource opened = pool.get();
            if (opened != null) {
                LOG.warnf("Store connection lost (SQLState %s): reconnecting", e.getSQLState());
                opened.flush(AgroalDataSource.FlushMode.ALL);
            }
            return true;
        };
        try {
            Class<?> driver = Class.forName(url.startsWith("jdbc:postgresql:")
                    ? "org.postgresql.Driver"
                    : "org.h2.Driver");
            AgroalDataSourceConfigurationSupplier supplier = new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(config -> config
                            .initialSize(0)
                            .minSize(0)
                            .maxSize(maxSize)
                            .acquisitionTimeout(acquisitionTimeout)
                            .exceptionSorter(sorter)
                            .connectionValidator(validator)
                            .validateOnBorrow(embedded)
                            .idleValidationTimeout(IDLE_VALIDATION)
                            .connectionFactoryConfiguration(factory -> {
                                factory.jdbcUrl(url).connectionProviderClass(driver);
                                if (user != null) {
                                    factory.principal(new NamePrincipal(user));
                                }
                                if (password != null) {
                                    factory.credential(new SimplePassword(password));
                                }
                                return factory;
                            }));
            pool.set(AgroalDataSource.from(supplier));
            return pool.get();
        } catch (ClassNotFoundException | SQLException e) {
            throw new IllegalStateException("Cannot open the store at " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The version of the newest script in {@code db/migration}; {@code StoreMigrationsTest} fails when a script is
     * added without raising it.
     */
    static final String LATEST_MIGRATION = "4";

    /**
     * Applies {@code db/migration} (the same scripts for H2 and PostgreSQL). A schema already at
     * {@link #LATEST_MIGRATION} with no failed migration, as on every start but the first, is left alone without loading
     * Flyway: its scan, validation and plugin registry were a fifth of the start-up's main thread (README "Start-up and
     * memory"). What that skips is Flyway's check that applied scripts were not edited since; every other start (a new,
     * older or failed schema) runs Flyway as before.
     */
    public static void migrate(DataSource dataSource) {
        if (atLatestMigration(dataSource)) {
            LOG.debugf("Store schema at version %s: no migration to apply", LATEST_MIGRATION);
            return;
        }
        Flyway.configure(Store.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * True when Flyway's history table (its default name and quoted lower-case columns, on H2 and PostgreSQL alike)
     * records {@link #LATEST_MIGRATION} as applied and no migration as failed; false when there is no such table yet.
     */
    static boolean atLatestMigration(DataSource dataSource) {
        String sql = "SELECT COUNT(CASE WHEN \"success\" THEN NULL ELSE 1 END), "
                + "COUNT(CASE WHEN \"success\" AND \"version\" = '" + LATEST_MIGRATION + "' THEN 1 END) "
                + "FROM \"flyway_schema_history\"";
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() && r.getLong(1) == 0 && r.getLong(2) == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * H2 keeps a committed change in memory for up to {@code WRITE_DELAY} (500 ms by default) before writing it to the
     * file, so a process killed right after a commit loses it: the audit events of the last half second before a
     * kill -9 (issue 15 item 10). With 0 each commit is written to the file before it returns; the audit's group
     * commit keeps that to one write per batch. PostgreSQL's commit is durable already ({@code synchronous_commit}).
     */
    private static void commitDurably(DataSource dataSource, String url) {
        // Every H2 URL but an in-memory one keeps a file (jdbc:h2:file:…, jdbc:h2:/path, jdbc:h2:~/…, a tcp server).
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot make the H2 store write each commit to its file (SET WRITE_DELAY "
                    + "0): " + e.getMessage(), e);
        }
    }

    private static void createH2Directory(String url) {
        Path parent = h2FileDirectory(url);
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the store directory " + parent + ": " + e.getMessage(), e);
        }
    }

    private static Path h2FileDirectory(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return null;
        }
        String file = url.substring(prefix.length()).split(";", 2)[0];
        return Path.of(file).toAbsolutePath().getParent();
    }

    /** The URL without its query part, which may carry a password. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }
}
