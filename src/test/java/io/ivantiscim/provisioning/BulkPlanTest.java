package io.ivantiscim.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.bulk.BulkOperation;
import com.unboundid.scim2.common.exceptions.BadRequestException;

import io.ivantiscim.mapping.ScimMapper;

/** The bulk graph as a table: operations in, levels (or the 400's words) out. */
class BulkPlanTest {

    /** A POST of a user with {@code bulkId}, whose manager (if any) is a bulkId reference. */
    private static BulkOperation user(String bulkId, String manager) {
        ObjectNode data = ScimMapper.MAPPER.createObjectNode().put("userName", bulkId + "@example.test");
        if (manager != null) {
            data.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").putObject("manager")
                    .put("value", "bulkId:" + manager);
        }
        return BulkOperation.post("/Users", data).setBulkId(bulkId);
    }

    /** A POST of a group with {@code bulkId} whose members are bulkId references. */
    private static BulkOperation group(String bulkId, String... members) {
        ObjectNode data = ScimMapper.MAPPER.createObjectNode().put("displayName", bulkId);
        for (String m : members) {
            data.withArray("members").addObject().put("value", "bulkId:" + m);
        }
        return BulkOperation.post("/Groups", data).setBulkId(bulkId);
    }

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("independent operations share one level",
                        List.of(user("a", null), user("b", null), BulkOperation.delete("/Users/1234")),
                        List.of(List.of(0, 1, 2))),
                Arguments.of("a group after its members, a manager before the report, whatever the request order",
                        List.of(group("g", "a", "b"), user("b", "a"), user("a", null)),
                        List.of(List.of(2), List.of(1), List.of(0))),
                Arguments.of("a bulkId in a path is a reference too",
                        List.of(BulkOperation.delete("/Users/bulkId:a"), user("a", null)),
                        List.of(List.of(1), List.of(0))),
                Arguments.of("u1 is not taken for u10",
                        List.of(user("u10", null), user("u1", null), group("g", "u10")),
                        List.of(List.of(0, 1), List.of(2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void levels(String name, List<BulkOperation> operations, List<List<Integer>> expected) throws Exception {
        assertEquals(expected, plan(operations).levels());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a cycle of two", List.of(user("a", "b"), user("b", "a")), "Circular bulkId references"),
                Arguments.of("a cycle names its bulkIds", List.of(user("x", null), group("g", "x", "h"),
                        group("h", "g")), "g → h → g"),
                Arguments.of("an operation that refers to itself", List.of(user("a", "a")), "a → a"),
                Arguments.of("an unknown bulkId", List.of(group("g", "nobody")),
                        "Operations[0] refers to bulkId:nobody"),
                Arguments.of("a bulkId twice", List.of(user("a", null), user("a", null)),
                        "defined by both Operations[0] and Operations[1]"),
                Arguments.of("a POST without bulkId", List.of(BulkOperation.post("/Users",
                        ScimMapper.MAPPER.createObjectNode().put("userName", "x"))), "without a bulkId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedBeforeAnythingRuns(String name, List<BulkOperation> operations, String detail) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> plan(operations));
        assertEquals(BadRequestException.INVALID_VALUE, e.getScimError().getScimType());
        assertTrue(e.getScimError().getDetail().contains(detail), e.getScimError().getDetail());
    }

    @ParameterizedTest(name = "{0} operations in a chain")
    @MethodSource("chainLengths")
    void aLongChainIsOneLevelPerLink(int n) throws Exception {
        List<BulkOperation> chain = new ArrayList<>();
        chain.add(user("u0", null));
        for (int i = 1; i < n; i++) {
            chain.add(user("u" + i, "u" + (i - 1)));
        }
        assertEquals(n, plan(chain).levels().size());
    }

    static Stream<Integer> chainLengths() {
        return Stream.of(1, 2, 1000);
    }

    private static BulkPlan plan(List<BulkOperation> operations) throws BadRequestException {
        return BulkPlan.of(operations.stream().map(BulkService.Operation::of).toList());
    }
}
