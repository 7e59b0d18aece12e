package io.ivantiscim.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Definition of one emulated business object: its OData entity set, CSDL entity name and fields. Field lookup is
 * case-insensitive because Ivanti accepts field names in any case in filters and writes ({@code docs/ivanti-api.md}
 * §8.8, §3).
 */
final class BoType {

    /** Field value kinds; each maps to one Edm type in {@code $metadata}. */
    enum Kind {

        STRING("Edm.String"), BOOLEAN("Edm.Boolean"), DATETIME("Edm.DateTimeOffset"), INT("Edm.Int32");

        final String edm;

        Kind(String edm) {
            this.edm = edm;
        }
    }

    record Field(String name, Kind kind, int index, int maxLength) {
    }

    /** OData entity set, lower-case plural ({@code employees}). */
    final String set;
    /** CSDL entity type, lower-case singular ({@code employee}, row 28). */
    final String entity;
    /** Business object name as used in messages ({@code Employee}). */
    final String boName;
    /** Table reference as used in link errors ({@code StandardUserTeam#}). */
    final String tableRef;
    /** Field that must be unique (case-insensitive), or null. */
    final String uniqueField;
    final List<Field> fields;
    /** Fields by their exact name: what the bridge and the emulator itself write, found without a case fold. */
    private final Map<String, Field> byName;
    private final Map<String, Field> byLowerName;

    private BoType(String set, String entity, String boName, String tableRef, String uniqueField, List<Field> fields) {
        this.set = set;
        this.entity = entity;
        this.boName = boName;
        this.tableRef = tableRef;
        this.uniqueField = uniqueField;
        this.fields = Collections.unmodifiableList(fields);
        Map<String, Field> exact = new HashMap<>();
        Map<String, Field> m = new HashMap<>();
        for (Field f : fields) {
            exact.put(f.name(), f);
            m.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        this.byName = exact;
        this.byLowerName = m;
    }

    Field field(String name) {
        if (name == null) {
            return null;
        }
        Field f = byName.get(name);
        return f != null ? f : byLowerName.get(name.trim().toLowerCase(Locale.ROOT));
    }

    Field required(String name) {
        Field f = field(name);
        if (f == null) {
            throw new IllegalArgumentException(boName + " has no field " + name);
        }
        return f;
    }

    int size() {
        return fields.size();
    }

    /** Fields every business object carries. */
    private static final String[] COMMON_HEAD = {"RecId"};
    private static final String[] COMMON_TAIL_DATES = {"CreatedDateTime", "LastModDateTime"};
    private static final String[] COMMON_TAIL_STRINGS = {"CreatedBy", "LastModBy"};

    private static final class Builder {

        private final List<Field> fields = new ArrayList<>();

        Builder() {
            for (String s : COMMON_HEAD) {
                fields.add(new Field(s, Kind.STRING, fields.size(), 32));
            }
        }

        Builder s(String... names) {
            for (String n : names) {
                fields.add(new Field(n, Kind.STRING, fields.size(), n.endsWith("_Valid") || n.endsWith("_RecID")
                        ? 32
                        : 255));
            }
            return this;
        }

        Builder b(String... names) {
            for (String n : names) {
                fields.add(new Field(n, Kind.BOOLEAN, fields.size(), 0));
            }
            return this;
        }

        Builder d(String... names) {
            for (String n : names) {
                fields.add(new Field(n, Kind.DATETIME, fields.size(), 0));
            }
            return this;
        }

        Builder i(String... names) {
            for (String n : names) {
                fields.add(new Field(n, Kind.INT, fields.size(), 0));
            }
            return this;
        }

        List<Field> done() {
            d(COMMON_TAIL_DATES);
            s(COMMON_TAIL_STRINGS);
            return fields;
        }
    }

    /**
     * Employee ({@code docs/ivanti-api.md} §3, field names from the Splunk SOAR recording of a real tenant).
     * {@code EmployeeNumber} is not an Ivanti field: it is an emulator addition standing in for a tenant custom field
     * (GUESS).
     */
    static final BoType EMPLOYEE = new BoType("employees", "employee", "Employee", "Employee#", "LoginID",
            new Builder()
                    .s("LoginID", "NetworkUserName", "FirstName", "MiddleName", "LastName", "Prefix", "Prefix_Valid",
                            "Suffix", "Suffix_Valid", "DisplayName", "PrimaryEmail", "PrimaryPhone", "Phone1",
                            "Phone1Ext", "Phone2", "Phone2Ext", "Title", "Title_Valid", "Department",
                            "Department_Valid", "DepartmentCode", "CostCentre", "BusinessUnit", "BusinessUnitID",
                            "ManagerLink", "ManagerLink_RecID", "ManagerLink_Category", "ManagerEmail", "Supervisor",
                            "Team", "Team_Valid", "TeamEmail", "TeamManagerEmail", "OrgUnitLink", "OrgUnitLink_RecID",
                            "OrgUnitLink_Category", "OrganizationalUnit", "LocationLink", "LocationLink_RecID",
                            "LocationLink_Category", "EmployeeLocation", "EmployeeLocation_Valid", "Address1",
                            "Address1City", "Address1State", "Address1Zip", "Address1Country", "BuildingName",
                            "Floor", "Room", "Status", "Status_Valid", "Language", "SLAClass", "LockType",
                            "InternalAuthPasswd", "CustID", "ProfileID", "IdentityId", "ContactId", "DN", "GlobalId",
                            "Owner", "EmployeeNumber")
                    .b("Disabled", "VIP", "IsInternalAuth", "IsExternalAuth", "IsNamedUser", "ReadOnly")
                    .i("LoginAttemptCount")
                    .d("HiredDate", "TerminatedDate", "Birthdate", "PasswordExpiration", "LockDate")
                    .done());

    /** StandardUserTeam (docs/ivanti-api.md §5, fields from SquaredUp's teams data stream). */
    static final BoType TEAM = new BoType("standarduserteams", "standarduserteam", "StandardUserTeam",
            "StandardUserTeam#", "Team",
            new Builder().s("Team", "Description", "TeamEmail", "TeamManager", "TeamManagerEmail", "TeamLevel")
                    .b("IsServiceDesk").done());

    /** Frs_def_role (docs/ivanti-api.md §5: Name, DisplayName, ParentRole). */
    static final BoType ROLE = new BoType("frs_def_roles", "frs_def_role", "Frs_def_role", "Frs_def_role#", "Name",
            new Builder().s("Name", "DisplayName", "Description", "ParentRole").done());

    /** OrganizationalUnit (GUESS field names). */
    static final BoType ORG_UNIT = new BoType("organizationalunits", "organizationalunit", "OrganizationalUnit",
            "OrganizationalUnit#", "Name",
            new Builder().s("Name", "Description", "ParentLink", "ParentLink_RecID", "ParentLink_Category").done());

    /** Department (GUESS field names). */
    static final BoType DEPARTMENT = new BoType("departments", "department", "Department", "Department#", "Name",
            new Builder().s("Name", "DepartmentCode", "CostCentre", "Description").done());

    /** Location (GUESS field names). */
    static final BoType LOCATION = new BoType("locations", "location", "Location", "Location#", "Name",
            new Builder().s("Name", "Address1", "City", "State", "Zip", "Country").done());

    /**
     * Incident (docs/ivanti-api.md §12: field names from the rapid7 plugin's recorded tenant answer; the owner is the
     * Employee's LoginID in {@code Owner}, the customer the {@code ProfileLink} triple).
     */
    static final BoType INCIDENT = new BoType("incidents", "incident", "Incident", "Incident#", null,
            new Builder().s("Subject", "Symptom", "Status", "Status_Valid", "Category", "Category_Valid", "Owner",
                    "Owner_Valid", "OwnerType", "OwnerTeam", "OwnerTeam_Valid", "OwnerEmail", "ProfileLink",
                    "ProfileLink_RecID", "ProfileLink_Category", "ProfileFullName", "Priority", "Impact", "Urgency",
                    "Service", "Source", "TypeOfIncident").i("IncidentNumber").b("IsInFinalState").done());

    /** Service request (docs/ivanti-api.md §12: the incident's ownership and customer fields, GUESS). */
    static final BoType SERVICE_REQUEST = new BoType("servicereqs", "servicereq", "ServiceReq", "ServiceReq#", null,
            new Builder().s("Subject", "Symptom", "Status", "Status_Valid", "Category", "Category_Valid", "Owner",
                    "Owner_Valid", "OwnerType", "OwnerTeam", "OwnerTeam_Valid", "OwnerEmail", "ProfileLink",
                    "ProfileLink_RecID", "ProfileLink_Category", "ProfileFullName", "Priority", "Urgency", "Service")
                    .i("ServiceReqNumber").b("IsInFinalState").done());

    /** Journal note (docs/ivanti-api.md §12: set {@code journal__notess}, child of its parent by ParentLink). */
    static final BoType JOURNAL_NOTE = new BoType("journal__notess", "journal__notes", "Journal.Notes",
            "Journal#Notes", null,
            new Builder().s("Subject", "NotesBody", "Category", "Category_Valid", "Source", "Source_Valid",
                    "JournalType", "DisplayText", "ParentLink", "ParentLink_RecID", "ParentLink_Category")
                    .b("PublishToWeb", "ReadOnly").done());

    /**
     * The Employee Status validation list, one record per value of {@code bridge.emulator.status-values} (GUESS: the
     * name follows Ivanti's "business object + field" habit and the plural-with-s rule of docs/ivanti-api.md §2.1).
     */
    static final BoType STATUS_LIST = new BoType("employeestatuss", "employeestatus", "EmployeeStatus",
            "EmployeeStatus#", "Status", new Builder().s("Status", "Description").done());

    static final List<BoType> ALL = List.of(EMPLOYEE, TEAM, ROLE, ORG_UNIT, DEPARTMENT, LOCATION, INCIDENT,
            SERVICE_REQUEST, JOURNAL_NOTE, STATUS_LIST);

    /** Case-insensitive lookup of an entity set name (row 7). */
    static BoType bySet(String name) {
        for (BoType t : ALL) {
            if (t.set.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The singular entity name ({@code employee}) used where the plural belongs; 404 "No service"
     * ({@code docs/ivanti-api.md} §2.1).
     */
    static BoType bySingular(String name) {
        for (BoType t : ALL) {
            if (t.entity.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
