package io.ivantiscim.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;

/** {@code attributes} / {@code excludedAttributes} on one resource, value filters included (RFC 7644 §3.4.2.5). */
class AttributeProjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"ada",
             "name":{"givenName":"Ada","familyName":"Lovelace"},
             "emails":[{"value":"ada@work","type":"work","primary":true},{"value":"ada@home","type":"home"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","employeeNumber":"7"}}
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("userName", null, "{'userName':'ada'}"),
                Arguments.of("USERNAME,name.givenName", null, "{'userName':'ada','name':{'givenName':'Ada'}}"),
                Arguments.of("emails[type eq \"work\"]", null,
                        "{'emails':[{'value':'ada@work','type':'work','primary':true}]}"),
                Arguments.of("emails[type eq \"work\"].value", null, "{'emails':[{'value':'ada@work'}]}"),
                Arguments.of("emails[type eq \"other\"]", null, "{}"),
                Arguments.of("emails[type eq \"nope\"].value,userName", null, "{'userName':'ada'}"),
                Arguments.of("emails.value,emails.type", null,
                        "{'emails':[{'value':'ada@work','type':'work'},{'value':'ada@home','type':'home'}]}"),
                Arguments.of(ENT + ":department", null, "{'" + ENT + "':{'department':'R&D'}}"),
                Arguments.of(ENT, null, "{'" + ENT + "':{'department':'R&D','employeeNumber':'7'}}"),
                Arguments.of(null, "emails[type eq \"home\"],name,userName," + ENT + ":department,id",
                        "{'emails':[{'value':'ada@work','type':'work','primary':true}],'" + ENT
                                + "':{'employeeNumber':'7'}}"),
                Arguments.of(null, "emails[type eq \"work\"].value,emails[type eq \"home\"],name,userName," + ENT,
                        "{'emails':[{'type':'work','primary':true}]}"),
                Arguments.of(null, "emails[type eq \"work\"],emails[type eq \"home\"],name,userName,"
                        + ENT + ":department," + ENT + ":employeeNumber", "{}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void projects(String attributes, String excluded, String expected) throws Exception {
        GenericScimResource user = new GenericScimResource((ObjectNode) JSON.readTree(USER));
        ObjectNode out = AttributeProjection.of(attributes, excluded).apply(user).getObjectNode();
        ObjectNode want = (ObjectNode) JSON.readTree(expected.replace('\'', '"'));
        want.put("id", "1");
        want.set("schemas", JSON.readTree("[\"urn:ietf:params:scim:schemas:core:2.0:User\"]"));
        assertEquals(want, out);
    }
}
