package io.ivantiscim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchRequest;

import io.ivantiscim.config.BridgeConfig;

/** Group filters pushed down to OData (input → expected $filter; empty = read all and check in the bridge). */
class TeamMapperTest {

    private final TeamMapper teams = new TeamMapper(TeamMapper.Backend.of(BridgeConfig.GroupBackend.TEAMS),
            Optional.of("ExtId"), "Description", "Detached from SCIM",
            EmployeeMapper.of(UserMapping.of(UserMapping.Settings.defaults()), ZoneOffset.UTC));
    private final TeamMapper noExternalId = new TeamMapper(TeamMapper.Backend.of(BridgeConfig.GroupBackend.ROLES),
            Optional.empty(), "Description", "x",
            EmployeeMapper.of(UserMapping.of(UserMapping.Settings.defaults()), ZoneOffset.UTC));

    @Test
    void pushDown() throws ScimException {
        assertEquals(Optional.of("Team eq 'O''Brien Team'"), push(teams, "displayName eq \"O'Brien Team\""));
        assertEquals(Optional.of("ExtId eq 'abc'"), push(teams, "externalId eq \"abc\""));
        assertEquals(Optional.of("RecId eq 'X1'"), push(teams, "id eq \"X1\""));
        assertEquals(Optional.of("Team eq 'a' or Team eq 'b'"),
                push(teams, "displayName eq \"a\" or displayName eq \"b\""));
        assertEquals(Optional.of("Team eq 'a'"), push(teams, "displayName eq \"a\" and displayName co \"x\""));
        assertEquals(Optional.empty(), push(teams, "displayName sw \"a\""));
        assertEquals(Optional.empty(), push(teams, "displayName eq \"a\" or displayName sw \"b\""));
        assertEquals(Optional.empty(), push(teams, "members[value eq \"a\"]"));
        assertEquals(Optional.of("Name eq 'Admin'"), push(noExternalId, "displayName eq \"Admin\""));
        assertEquals(Optional.of("RecId eq ''"), push(noExternalId, "externalId eq \"abc\""));
    }

    /** Without a team field, externalId eq becomes the RecIds the bridge's store holds for that value. */
    @Test
    void storedExternalIdPushesDownAsRecIds() throws ScimException {
        Map<String, List<String>> stored = Map.of("one", List.of("A1"), "two", List.of("B1", "B'2"));
        assertEquals(Optional.of("RecId eq 'A1'"), pushStored("externalId eq \"one\"", stored));
        assertEquals(Optional.of("RecId eq 'B1' or RecId eq 'B''2'"), pushStored("externalId eq \"two\"", stored));
        assertEquals(Optional.of("RecId eq ''"), pushStored("externalId eq \"none\"", stored));
        // No parentheses (some tenants refuse them, docs/ivanti-api.md §9): the or of ids is distributed.
        assertEquals(Optional.of("RecId eq 'B1' and Name eq 'x' or RecId eq 'B''2' and Name eq 'x'"),
                pushStored("displayName eq \"x\" and externalId eq \"two\"", stored));
        assertEquals(Optional.of("Name eq 'x' and RecId eq 'A1'"),
                pushStored("displayName eq \"x\" and externalId eq \"one\"", stored));
        assertEquals(Optional.of("ExtId eq 'one'"),
                teams.pushDown(Filter.fromString("externalId eq \"one\""), v -> List.of("never used")));
    }

    private Optional<String> pushStored(String filter, Map<String, List<String>> stored) throws ScimException {
        return noExternalId.pushDown(Filter.fromString(filter), v -> stored.getOrDefault(v, List.of()));
    }

    /** Whether members are read is decided by the filter's attribute paths, never by the text of its values. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            members[value eq "a"]                                            | true
            members.value eq "a"                                             | true
            members pr                                                       | true
            MEMBERS[value eq "a"]                                            | true
            urn:ietf:params:scim:schemas:core:2.0:Group:members.value eq "a" | true
            displayName eq "x" or not (members[value eq "a"])                | true
            displayName eq "members"                                         | false
            displayName co "Members of staff"                                | false
            externalId eq "a" and displayName sw "members"                   | false
            """)
    void needsMembers(String filter, boolean expected) throws ScimException {
        assertEquals(expected, TeamMapper.needsMembers(Filter.fromString(filter)));
    }

    /**
     * Which PATCHes name every member they change (the members named, "-" for none; "full" when the whole membership
     * must be read), in the dialects of docs/idp-contracts.md §2.22, §3.9–10. Operations are separated by ";".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Okta add                      | {"op":"add","path":"members","value":[{"value":"A1","display":"a"}]}           | A1 | -  | 0
            Okta remove                   | {"op":"remove","path":"members[value eq \\"A1\\"]"}                             | -  | a1 | 0
            Okta rename, remove and add   | {"op":"replace","value":{"id":"G","displayName":"x"}};{"op":"remove","path":"members[value eq \\"B2\\"]"};{"op":"add","path":"members","value":[{"value":"A1"}]} | A1 | b2 | 1
            Entra Add                     | {"op":"Add","path":"members","value":[{"$ref":null,"value":"A1"}]}              | A1 | -  | 0
            Entra Remove of values        | {"op":"Remove","path":"members","value":[{"value":"A1"},{"value":"B2"}]}        | -  | a1,b2 | 0
            add then remove, any case     | {"op":"add","path":"members","value":[{"value":"A1"}]};{"op":"remove","path":"members[value eq \\"a1\\"]"} | - | a1 | 0
            remove then add               | {"op":"remove","path":"members[value eq \\"A1\\"]"};{"op":"add","path":"members","value":[{"value":"A1"}]} | A1 | - | 0
            displayName only              | {"op":"replace","path":"displayName","value":"x"}                               | -  | -  | 1
            replace of members            | {"op":"replace","path":"members","value":[{"value":"A1"}]}                      | full | full | 0
            remove of every member        | {"op":"remove","path":"members"}                                                 | full | full | 0
            another filter                | {"op":"remove","path":"members[display eq \\"a\\"]"}                            | full | full | 0
            members in a no-path value    | {"op":"add","value":{"members":[{"value":"A1"}]}}                               | full | full | 0
            Entra Remove without values   | {"op":"Remove","path":"members","value":[{"display":"a"}]}                      | full | full | 0
            """)
    void memberDelta(String name, String operations, String adds, String removes, int others) throws ScimException {
        PatchRequest request = new PatchEngine(TestMappings.mapping(), 100).normalise(TestMappings.json(
                "{\"schemas\":[\"" + PatchEngine.PATCH_OP_URN + "\"],\"Operations\":[" + operations.replace(';', ',')
                        + "]}"),
                TeamMapper.GROUP_URN);
        teams.checkPatch(request);
        Optional<TeamMapper.MemberDelta> delta = TeamMapper.memberDelta(request);
        if (adds.equals("full")) {
            assertEquals(Optional.empty(), delta);
            return;
        }
        assertEquals(ids(adds), delta.orElseThrow().adds());
        assertEquals(ids(removes), delta.orElseThrow().removes());
        assertEquals(others, delta.orElseThrow().others().size());
    }

    private static Set<String> ids(String list) {
        return list.equals("-") ? Set.of() : Set.of(list.split(","));
    }

    private static Optional<String> push(TeamMapper m, String filter) throws ScimException {
        return m.pushDown(Filter.fromString(filter));
    }
}
