package io.ivantiscim.store;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.agroal.api.AgroalDataSource;

/** The store contract on an in-memory H2 database, migrated by the same scripts as production. */
class H2StoreTest extends StoreContract {

    private static AgroalDataSource dataSource;

    @BeforeAll
    static void open() {
        dataSource = Store.open("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4,
                Duration.ofSeconds(5));
        Store.migrate(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
