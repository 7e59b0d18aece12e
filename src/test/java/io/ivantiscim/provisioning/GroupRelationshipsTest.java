package io.ivantiscim.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ivanti.IvantiMetadata;

/** Discovery of the membership navigation properties from EDMX {@code $metadata} (docs/ivanti-api.md §5, §6). */
class GroupRelationshipsTest {

    private static final String EMPLOYEE_DOC = """
            <?xml version="1.0" encoding="utf-8"?>
            <edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
              <edmx:DataServices>
                <Schema Namespace="MetaData" xmlns="http://docs.oasis-open.org/odata/ns/edm">
                  <EntityType Name="employee">
                    <Key><PropertyRef Name="RecId"/></Key>
                    <Property Name="RecId" Type="Edm.String"/>
                    <NavigationProperty Name="EmployeeAssociatedFrs_def_role" Type="Collection(MetaData.frs_def_role)"/>
                    <NavigationProperty Name="Rev2Teams" Type="Collection(MetaData.standarduserteam)"/>
                  </EntityType>
                  <EntityType Name="standarduserteam">
                    <NavigationProperty Name="Wrong" Type="Collection(MetaData.employee)"/>
                  </EntityType>
                </Schema>
              </edmx:DataServices>
            </edmx:Edmx>
            """;

    @Test
    void findsTheRootEntitysPropertyOfTheTargetType() {
        assertEquals(Optional.of("Rev2Teams"), IvantiMetadata.parse("employees", EMPLOYEE_DOC)
                .relationshipTo("standarduserteam"));
        assertEquals(Optional.of("EmployeeAssociatedFrs_def_role"),
                IvantiMetadata.parse("employees", EMPLOYEE_DOC).relationshipTo("FRS_DEF_ROLE"));
    }

    @Test
    void onlyTheRootEntityCounts() {
        assertEquals(Optional.empty(), IvantiMetadata.parse("employees", EMPLOYEE_DOC).relationshipTo("employee"));
    }
}
