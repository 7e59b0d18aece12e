package io.ivantiscim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.unboundid.scim2.common.Path;

class UserMappingTest {

    private static final String USER_NAME = "{\"path\":\"userName\",\"field\":\"LoginID\",\"type\":\"STRING\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                                                      | expected a JSON array
            [{"path":"emails[","field":"X","type":"STRING"}]                                         | does not parse
            [{"path":"title","field":"Title","type":"TEXT"}]                                         | unknown type 'TEXT'
            [{"path":"title","field":"Bad Field","type":"STRING"}]                                   | not a valid Employee field name
            [{"path":"title","field":"Title","type":"STRING","sortable":true}]                       | unknown key 'sortable'
            [{"path":"password","field":"Pwd","type":"STRING"}]                                      | password cannot be mapped
            [{"path":"title","field":"Title","type":"STRING"}]                                       | no writable rule maps userName
            [{"path":"a.b.c","field":"X","type":"STRING"}]                                           | must be attr
            [{"path":"emails[value eq \\"x\\"].value","field":"X","type":"STRING"}]                  | only value filter supported
            [{"path":"urn:x:y:1.0:User:foo","field":"X","type":"STRING"}]                            | unknown schema
            [{"path":"manager.value","field":"Manager","type":"REFERENCE"}]                          | X_RecID
            """)
    void rejectsBadRuleFiles(String json, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UserMapping.of(UserMapping.Settings.defaults().withRules(json, "/etc/bridge/user.json")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("/etc/bridge/user.json") || e.getMessage().contains("bridge.mapping"),
                e.getMessage());
    }

    @Test
    void rejectsTwoRulesWritingOneField() {
        String json = "[" + USER_NAME + ",{\"path\":\"title\",\"field\":\"Title\",\"type\":\"STRING\"},"
                + "{\"path\":\"displayName\",\"field\":\"title\",\"type\":\"STRING\"}]";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UserMapping.of(UserMapping.Settings.defaults().withRules(json, "f.json")));
        assertTrue(e.getMessage().contains("both write Employee field"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            color | string | bridge.mapping.user.custom.color.type
            1x    | string | not a valid SCIM attribute name
            vip   | string | map the same SCIM path
            """)
    void rejectsBadCustomAttributes(String name, String type, String message) {
        String t = name.equals("color") ? "color" : type;
        var settings = UserMapping.Settings.defaults()
                .withCustom(Map.of(name, new UserMapping.CustomAttribute("ivnt_X", t, Optional.empty(), true, true)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> UserMapping.of(settings));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void selectsEveryReadFieldOnce() {
        var select = TestMappings.mapping().selectFields();
        assertEquals(select.size(), new HashSet<>(select).size());
        for (String f : new String[]{"RecId", "LoginID", "IdentityId", "PrimaryEmail", "Status", "ManagerLink",
                "ManagerLink_RecID", "CreatedDateTime", "LastModDateTime", "ivnt_CostCode", "HiredDate"}) {
            assertTrue(select.contains(f), f);
        }
        assertTrue(select.stream().noneMatch(f -> f.toLowerCase().contains("passw")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            userName                                                                     | LoginID
            USERNAME                                                                     | LoginID
            emails                                                                       | PrimaryEmail
            emails.value                                                                 | PrimaryEmail
            phoneNumbers                                                                 | Phone1
            meta.lastModified                                                            | LastModDateTime
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department        | Department
            name.familyName                                                              | LastName
            active                                                                       |
            foo                                                                          |
            urn:ietf:params:scim:schemas:extension:ivanti:2.0:User:badge                 |
            urn:ietf:params:scim:schemas:extension:ivanti:2.0:User:vip                   |
            """)
    void sortFields(String path, String field) throws Exception {
        assertEquals(Optional.ofNullable(field), TestMappings.mapping().sortField(Path.fromString(path)));
    }

    @Test
    void customAttributesAreOnTheIvantiSchema() {
        UserMapping m = TestMappings.mapping();
        assertEquals(4, m.customRules().size());
        assertTrue(m.customRules().stream().allMatch(r -> UserMapping.IVANTI_URN.equals(r.scimPath().getSchemaUrn())));
        assertEquals(Optional.of("Cost code"), m.customDescription("costCode"));
        assertEquals("Active", m.activeValue());
        assertEquals("Inactive", m.inactiveValue());
    }
}
