package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.health.IvantiConnectionCheck;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The bridge on an emulator set to the harsh side of what docs/ivanti-api.md leaves open (§9, §11): no
 * {@code @odata.count} unless asked, parentheses refused and and/or read left to right, relationship reads that
 * ignore {@code $top}/{@code $skip}, a Status list without {@code Inactive} (the operator maps inactive to
 * {@code On Leave}), extra team-typed relationships (the operator names the membership one), and unresolved picklist
 * values stored blank. The bridge's start-up check passes with that configuration, or this class would not start.
 */
@QuarkusTest
@TestProfile(HarshTenantTest.HarshTenant.class)
class HarshTenantTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final Pattern DROPPED = Pattern
            .compile("bridge_ivanti_value_dropped_total\\{field=\"Department\"[^}]*} ([0-9.E]+)");

    /** One profile for every harsh switch this class proves, so it costs one restart. */
    public static class HarshTenant extends ConfigOverrides {

        public HarshTenant() {
            super("bridge.emulator.count-unasked", "false",
                    "bridge.emulator.filter-parentheses", "false",
                    "bridge.emulator.filter-precedence", "left-to-right",
                    "bridge.emulator.relationships.ignore-paging", "true",
                    "bridge.emulator.relationships.extra-team-links", "2",
                    "bridge.emulator.status-values", "Active,Terminated,New,On Leave",
                    "bridge.mapping.user.status.inactive", "On Leave",
                    "bridge.groups.relationship", "EmployeeAssociatedStandardUserTeam",
                    // Small Ivanti pages, so paging is exercised with a dozen records.
                    "bridge.ivanti.page-size", "5");
        }
    }

    @Inject
    IvantiConnectionCheck check;

    @Test
    void totalResultsNeverUnderstatesWhatPagingReturns() {
        int total = Scim.idp().get("/Users?count=10").then().statusCode(200).body("Resources", hasSize(10))
                .extract().path("totalResults");
        int seen = 0;
        for (int start = 1;; start += 50) {
            int page = Scim.idp().get("/Users?startIndex=" + start + "&count=50").then().statusCode(200)
                    .extract().path("Resources.size()");
            seen += page;
            if (page < 50) {
                break;
            }
        }
        assertTrue(seen > 10, seen + " users");
        assertTrue(total >= seen, "totalResults " + total + " for " + seen + " users");
    }

    @Test
    void filtersMeanTheSameWithoutParenthesesAndLeftToRight() {
        String a = user("harsh.a");
        String b = user("harsh.b");
        String gone = user("harsh.gone");
        String loginA = login(a);
        String loginB = login(b);
        String loginGone = login(gone);
        Scim.idp().queryParam("filter", "userName eq \"" + loginA + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(a));
        Scim.idp().queryParam("filter", "userName eq \"" + loginA + "\" or userName eq \"" + loginB + "\"")
                .get("/Users").then().statusCode(200).body("Resources.id", containsInAnyOrder(a, b));
        // A soft-deleted user stays hidden inside an or: left to right, "a or gone and visible" would show it.
        Scim.idp().delete("/Users/" + gone).then().statusCode(204);
        Scim.idp().queryParam("filter", "userName eq \"" + loginA + "\" or userName eq \"" + loginGone + "\"")
                .get("/Users").then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources.id", containsInAnyOrder(a));
        deactivate(b);
        Scim.idp().queryParam("filter", "(userName eq \"" + loginA + "\" or userName eq \"" + loginB
                + "\") and active eq true").get("/Users").then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources.id", containsInAnyOrder(a));
        Scim.idp().queryParam("filter", "active eq false and (userName eq \"" + loginA + "\" or userName eq \""
                + loginB + "\")").get("/Users").then().statusCode(200).body("Resources.id", containsInAnyOrder(b));
    }

    @Test
    void deactivationWritesTheConfiguredStatus() {
        String id = user("harsh.leave");
        deactivate(id);
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("active", equalTo(false))
                .body("'urn:ietf:params:scim:schemas:extension:ivanti:2.0:User'.status", equalTo("On Leave"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void membershipReadsReachTheEndWhenPagingIsIgnored() {
        List<String> ids = new ArrayList<>();
        List<Map<String, String>> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = user("harsh.member" + i);
            ids.add(id);
            members.add(Map.of("value", id));
        }
        String group = Scim.idp().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", EmulatorClient.uniqueLogin("Harsh Team"), "members", members)).post("/Groups").then()
                .statusCode(201).extract().path("id");
        Scim.idp().get("/Groups/" + group).then().statusCode(200)
                .body("members.value", containsInAnyOrder(ids.toArray()));
        Scim.idp().get("/Users/" + ids.get(0) + "?attributes=groups").then().statusCode(200)
                .body("groups.value", containsInAnyOrder(group));
    }

    @Test
    void aDroppedPicklistValueIsAudittedCountedAndNotClaimed() {
        double before = dropped();
        String login = EmulatorClient.uniqueLogin("harsh.dept") + "@example.test";
        String id = Scim.idp().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE),
                "userName", login, "name", Map.of("givenName", "Dee", "familyName", "Partment"),
                "emails", List.of(Map.of("value", login, "type", "work", "primary", true)),
                ENTERPRISE, Map.of("department", "No Such Department"))).post("/Users").then().statusCode(201)
                .body("'" + ENTERPRISE + "'.department", nullValue()).extract().path("id");
        assertEquals(before + 1, dropped(), "bridge_ivanti_value_dropped_total{field=\"Department\"}");
        Admin.flush();
        List<Map<String, Object>> rows = Admin.admin().queryParam("resourceId", id).queryParam("kind", "scim")
                .get("/admin/audit").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.action == 'POST' }");
        String detail = (String) rows.get(0).get("detail");
        assertTrue(detail != null && detail.contains("No Such Department") && detail.contains("department"),
                "audit detail names the attribute and the value: " + detail);
    }

    @Test
    void theCheckNamesEachCapability() {
        IvantiConnectionCheck.Verdict v = check.verify();
        assertTrue(v.ok(), v.report());
        String report = v.report();
        assertTrue(report.contains("OK       count: @odata.count sent only with $count=true"), report);
        assertTrue(report.contains("OK       filters: parentheses refused, and/or precedence left-to-right"), report);
        assertTrue(report.contains("OK       status-values: Active, On Leave, Terminated are in the tenant's Status "
                + "list ("), report);
        assertTrue(report.contains("OK       relationships: Employee→group EmployeeAssociatedStandardUserTeam "
                + "(bridge.groups.relationship)"), report);
    }

    private static String user(String prefix) {
        String login = EmulatorClient.uniqueLogin(prefix) + "@example.test";
        return Scim.idp().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", login, "name", Map.of("givenName", "Harsh", "familyName", "Tenant"),
                "emails", List.of(Map.of("value", login, "type", "work", "primary", true)), "active", true))
                .post("/Users").then().statusCode(201).extract().path("id");
    }

    private static String login(String id) {
        return Scim.idp().get("/Users/" + id).then().statusCode(200).extract().path("userName");
    }

    private static void deactivate(String id) {
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                + "\"replace\",\"value\":{\"active\":false}}]}").patch("/Users/" + id).then().statusCode(200)
                .body("active", equalTo(false));
    }

    private static double dropped() {
        String metrics = Admin.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = DROPPED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
