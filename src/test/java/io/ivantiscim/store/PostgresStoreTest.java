package io.ivantiscim.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.agroal.api.AgroalDataSource;

/**
 * The store contract on PostgreSQL. Runs when {@code BRIDGE_TEST_PG_URL} (and optionally {@code BRIDGE_TEST_PG_USER},
 * {@code BRIDGE_TEST_PG_PASSWORD}) names a reachable database, as {@code .ci/run} sets up; skipped otherwise.
 */
class PostgresStoreTest extends StoreContract {

    private static AgroalDataSource dataSource;

    @BeforeAll
    static void open() {
        String url = System.getenv("BRIDGE_TEST_PG_URL");
        assumeTrue(url != null && !url.isBlank(), "BRIDGE_TEST_PG_URL is not set: PostgreSQL store tests skipped "
                + "(.ci/run starts a PostgreSQL and sets it)");
        dataSource = Store.open(url, System.getenv("BRIDGE_TEST_PG_USER"), System.getenv("BRIDGE_TEST_PG_PASSWORD"), 4,
                Duration.ofSeconds(5));
        try (Connection c = dataSource.getConnection()) {
            assumeTrue(c.isValid(5), "PostgreSQL at BRIDGE_TEST_PG_URL does not answer: store tests skipped");
        } catch (java.sql.SQLException e) {
            dataSource.close();
            dataSource = null;
            assumeTrue(false, "PostgreSQL at BRIDGE_TEST_PG_URL is not reachable (" + e.getMessage()
                    + "): store tests skipped");
        }
        Store.migrate(dataSource);
    }

    @AfterAll
    static void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
