package io.ivantiscim.bench.jmh;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.ivantiscim.mapping.EmployeeMapper;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.mapping.ODataQuery;
import io.ivantiscim.mapping.PatchEngine;
import io.ivantiscim.mapping.UserMapping;

/**
 * The bridge's hot pure code, per call: SCIM filter → OData translation, Employee ⇄ SCIM mapping, PATCH
 * normalisation and application (both Entra dialects and Okta's). Built with the default rule table, without CDI.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MappingBenchmarks {

    static final ObjectMapper SCIM = JsonUtils.createObjectMapper();
    static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /** An Entra create body with the default mapping's attributes (docs/idp-contracts.md §3 item 7). */
    static final String ENTRA_USER = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + ENT + "\"],"
            + "\"externalId\":\"0a21f0f2-8d2a-4f8e-bf98-7d2c1e6f1a3b\","
            + "\"userName\":\"Test_User_ab6490ee@example.test\","
            + "\"active\":true,\"displayName\":\"Test User\",\"title\":\"Engineer\","
            + "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"Test_User_ab6490ee@example.test\"}],"
            + "\"phoneNumbers\":[{\"type\":\"work\",\"value\":\"+1 555 0100\"},"
            + "{\"type\":\"mobile\",\"value\":\"+1 555 0101\"}],"
            + "\"addresses\":[{\"type\":\"work\",\"streetAddress\":\"1 Main St\",\"locality\":\"Springfield\","
            + "\"postalCode\":\"12345\",\"country\":\"US\"}],"
            + "\"meta\":{\"resourceType\":\"User\"},\"name\":{\"formatted\":\"Test User\",\"familyName\":\"User\","
            + "\"givenName\":\"Test\"},\"preferredLanguage\":\"en-US\",\"roles\":[],"
            + "\"" + ENT + "\":{\"department\":\"Engineering\",\"employeeNumber\":\"4711\"}}";

    static final String ENTRA_2017 = "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":["
            + "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"},"
            + "{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"new@example.test\"},"
            + "{\"op\":\"Replace\",\"path\":\"name.givenName\",\"value\":\"Grace\"},"
            + "{\"op\":\"Add\",\"path\":\"phoneNumbers[type eq \\\"work\\\"].value\",\"value\":\"+1 555 0199\"}]}";
    static final String ENTRA_2020 = "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":[{\"op\":\"replace\","
            + "\"value\":{\"active\":false,\"displayName\":\"D\",\"name.givenName\":\"G\",\"" + ENT
            + ":employeeNumber\":\"7\"}}]}";
    static final String OKTA_DISABLE = "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":[{\"op\":\"replace\","
            + "\"value\":{\"active\":false}}]}";

    UserMapping mapping;
    EmployeeMapper mapper;
    ODataFilterTranslator translator;
    PatchEngine patches;
    GenericScimResource user;
    ObjectNode employee;
    Filter eqFilter;
    Filter complexFilter;
    JsonNode entra2017;
    JsonNode entra2020;
    JsonNode okta;
    GenericScimResource stored;

    @Setup
    public void setUp() throws Exception {
        mapping = UserMapping.of(UserMapping.Settings.defaults());
        mapper = EmployeeMapper.of(mapping, ZoneId.of("UTC"));
        translator = new ODataFilterTranslator(mapping);
        patches = new PatchEngine(mapping, 5000); // bridge.scim.max-patch-operations default
        user = new GenericScimResource(SCIM.readValue(ENTRA_USER, ObjectNode.class));
        employee = mapper.toEmployee(user, false);
        employee.put("RecId", "6B1E3C4A9F0D4B2C8E7A5D3F1B9C0E2A");
        employee.put("CreatedDateTime", "2024-03-01T10:15:30Z");
        employee.put("LastModDateTime", "2024-03-02T11:00:00Z");
        stored = mapper.toUser(employee, "https://scim.example.test/scim/v2/Users");
        eqFilter = ODataFilterTranslator.parseFilter("userName eq \"Test_User_AB6490EE@example.test\"");
        complexFilter = ODataFilterTranslator.parseFilter("(userName eq \"a@b.c\" or externalId eq \"x'y\") and "
                + "emails[type eq \"work\" and value eq \"a@b.c\"] and active eq true");
        entra2017 = SCIM.readTree(ENTRA_2017);
        entra2020 = SCIM.readTree(ENTRA_2020);
        okta = SCIM.readTree(OKTA_DISABLE);
    }

    @Benchmark
    public ODataQuery filterParseAndTranslateEq() throws Exception {
        return translator.translate("userName eq \"Test_User_AB6490EE@example.test\"");
    }

    @Benchmark
    public ODataQuery filterTranslateEq() throws Exception {
        return translator.translate(eqFilter);
    }

    @Benchmark
    public ODataQuery filterTranslateComplex() throws Exception {
        return translator.translate(complexFilter);
    }

    @Benchmark
    public GenericScimResource employeeToScim() {
        return mapper.toUser(employee, "https://scim.example.test/scim/v2/Users");
    }

    @Benchmark
    public ObjectNode scimToEmployee() throws Exception {
        return mapper.toEmployee(user, false);
    }

    @Benchmark
    public ObjectNode patchEntra2017() throws Exception {
        return patchAndDiff(entra2017);
    }

    @Benchmark
    public ObjectNode patchEntra2020() throws Exception {
        return patchAndDiff(entra2020);
    }

    @Benchmark
    public ObjectNode patchOkta() throws Exception {
        return patchAndDiff(okta);
    }

    /** What UserService.patch does between the read and the write: normalise, apply to the view, diff. */
    private ObjectNode patchAndDiff(JsonNode body) throws Exception {
        GenericScimResource after = patches.apply(patches.normalise(body, UserMapping.CORE_URN),
                new GenericScimResource(stored.getObjectNode().deepCopy()));
        return mapper.patchedFields(stored, after);
    }
}
