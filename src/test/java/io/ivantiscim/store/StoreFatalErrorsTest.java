package io.ivantiscim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which errors make the pool replace its connections ({@link Store#isFatal}), as SQLState and vendor code pairs. */
class StoreFatalErrorsTest {

    @ParameterizedTest(name = "SQLState {0}, code {1}: fatal {2}")
    @CsvSource({
            // H2: database closed after a fatal error, closed by SHUTDOWN, connection broken, out of memory.
            "90098, 90098, true",
            "90121, 90121, true",
            "90067, 90067, true",
            "90108, 90108, true",
            // PostgreSQL: connection failure, admin shutdown, crash shutdown, cannot connect now.
            "08006, 0, true",
            "08001, 0, true",
            "57P01, 0, true",
            "57P02, 0, true",
            "57P03, 0, true",
            // One statement's fault: the connection is fine.
            "23505, 0, false",
            "23505, 23505, false",
            "42S02, 42102, false",
            "40001, 0, false",
            "57014, 0, false",
    })
    void fatalErrorsAreTheOnesThatEndTheConnection(String state, int code, boolean fatal) {
        assertEquals(fatal, Store.isFatal(new SQLException("x", state, code)));
    }

    @ParameterizedTest(name = "wrapped {0}: fatal {1}")
    @CsvSource({"90098, true", "23505, false"})
    void aWrappedCauseCounts(String state, boolean fatal) {
        SQLException outer = new SQLException("Exception while creating a connection", null, 0,
                new SQLException("inner", state, 0));
        assertEquals(fatal, Store.isFatal(outer));
    }
}
