package io.ivantiscim.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Deterministic demo tenant (same RecIds, names and timestamps on every start) plus a generator of N extra employees
 * for benchmarks. Everything is written through {@link EmulatorState#create}, so demo rows obey the same rules as
 * rows created over HTTP.
 */
final class DemoData {

    /** The "IT" team RecId seen both in Splunk data and Ivanti's SOAP sample (docs/ivanti-api.md §5). */
    static final String IT_TEAM_ID = "10F60157A4F34A4F9DDB140E2328C7A6";

    static final String[][] ROLES = {{"Admin", "Administrator"}, {"SelfService", "Self Service"},
            {"SelfServiceMobile", "Self Service Mobile"}, {"ServiceDeskAnalyst", "Service Desk Analyst"},
            {"ServiceDeskManager", "Service Desk Manager"}, {"ChangeManager", "Change Manager"},
            {"ProblemManager", "Problem Manager"}, {"ReportAdmin", "Report Administrator"}};

    static final String[] TEAMS = {"IT", "Service Desk", "Network Operations", "HR", "Finance", "Facilities"};

    static final String[][] DEPARTMENTS = {{"IT", "D100", "CC-1000"}, {"Human Resources", "D200", "CC-2000"},
            {"Finance", "D300", "CC-3000"}, {"Sales", "D400", "CC-4000"}, {"Marketing", "D500", "CC-5000"},
            {"Operations", "D600", "CC-6000"}, {"Legal", "D700", "CC-7000"}, {"Engineering", "D800", "CC-8000"}};

    /** Department → primary team. */
    private static final String[] DEPT_TEAM = {"IT", "HR", "Finance", "Service Desk", "Service Desk",
            "Facilities", "HR", "Network Operations"};

    static final String[][] LOCATIONS = {{"London HQ", "1 Poultry", "London", "", "EC2R 8EJ", "United Kingdom"},
            {"New York", "350 5th Ave", "New York", "NY", "10118", "United States"},
            {"Bangalore", "80 Feet Road", "Bengaluru", "KA", "560038", "India"},
            {"Berlin", "Friedrichstrasse 68", "Berlin", "", "10117", "Germany"},
            {"Sydney", "1 Martin Place", "Sydney", "NSW", "2000", "Australia"}};

    static final String[] ORG_UNITS = {"Acme Corp", "Acme EMEA", "Acme Americas", "Acme APAC"};

    private static final String[] FIRST = {"Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah",
            "Isabella", "James", "Mia", "William", "Amelia", "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Priya",
            "Arjun", "Sven", "Ingrid", "Mateo", "Lucia", "Kenji", "Aiko", "Fatima", "Omar", "Chloe", "Sean", "Zoe",
            "Daniel", "Grace", "Samuel", "Hannah", "Jack", "Leah", "Ravi", "Anika", "Tom"};
    private static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
            "Davis", "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
            "Patel", "Schmidt", "Muller", "O'Brien", "Nakamura", "Haddad", "Kowalski", "Nguyen", "Rossi", "Dubois",
            "Larsen", "Okafor", "Silva", "Murphy", "Kelly", "Walsh", "Chen", "Sharma", "Fischer", "Cohen", "Novak",
            "Berg", "Costa"};
    private static final String[] MIDDLE = {"", "", "Marie", "", "James", "", "", "Lee", "", "Ann"};
    private static final String[] TITLES = {"Engineer", "Analyst", "Manager", "Specialist", "Consultant",
            "Coordinator", "Administrator", "Director"};
    private static final String[] STATUS = {"Active", "Active", "Active", "Active", "Active", "Active", "Inactive",
            "Active", "New", "Active", "Terminated", "Active", "On Leave"};

    static final int DEMO_EMPLOYEES = 60;
    private static final Instant DEMO_BASE = Instant.parse("2025-01-06T09:00:00Z");
    private static final Instant GEN_BASE = Instant.parse("2024-01-01T00:00:00Z");

    private final EmulatorState state;
    private final ObjectMapper json;
    private final AtomicLong genSeq = new AtomicLong();

    DemoData(EmulatorState state, ObjectMapper json) {
        this.state = state;
        this.json = json;
    }

    /** Clears everything and writes the demo tenant. */
    synchronized void seed(EmulatorSettings s) {
        state.clear();
        genSeq.set(0);
        String sys = "InternalServices";
        for (String[] r : ROLES) {
            ObjectNode n = json.createObjectNode().put("RecId", EmulatorState.recId("role:" + r[0]))
                    .put("Name", r[0]).put("DisplayName", r[1]).put("Description", r[1] + " role");
            if (!r[0].equals("Admin")) {
                n.put("ParentRole", r[0].startsWith("SelfService") ? "" : "Admin");
            }
            state.create(BoType.ROLE, n, sys, DEMO_BASE, s);
        }
        for (int i = 0; i < TEAMS.length; i++) {
            String id = i == 0 ? IT_TEAM_ID : EmulatorState.recId("team:" + TEAMS[i]);
            String mail = TEAMS[i].toLowerCase().replace(' ', '.') + "@acme.example";
            state.create(BoType.TEAM, json.createObjectNode().put("RecId", id).put("Team", TEAMS[i])
                    .put("Description", TEAMS[i] + " team").put("TeamEmail", mail)
                    .put("TeamLevel", "Level " + (1 + i % 3))
                    .put("IsServiceDesk", i <= 1), sys, DEMO_BASE.plusSeconds(i), s);
        }
        for (int i = 0; i < DEPARTMENTS.length; i++) {
            String[] d = DEPARTMENTS[i];
            state.create(BoType.DEPARTMENT, json.createObjectNode().put("RecId", EmulatorState.recId("dept:" + d[0]))
                    .put("Name", d[0]).put("DepartmentCode", d[1]).put("CostCentre", d[2]), sys, DEMO_BASE, s);
        }
        for (String[] l : LOCATIONS) {
            state.create(BoType.LOCATION, json.createObjectNode().put("RecId", EmulatorState.recId("loc:" + l[0]))
                    .put("Name", l[0]).put("Address1", l[1]).put("City", l[2]).put("State", l[3]).put("Zip", l[4])
                    .put("Country", l[5]), sys, DEMO_BASE, s);
        }
        String root = EmulatorState.recId("ou:" + ORG_UNITS[0]);
        for (String o : ORG_UNITS) {
            ObjectNode n = json.createObjectNode().put("RecId", EmulatorState.recId("ou:" + o)).put("Name", o);
            if (!o.equals(ORG_UNITS[0])) {
                n.put("ParentLink", root).put("ParentLink_RecID", root).put("ParentLink_Category",
                        "OrganizationalUnit");
            }
            state.create(BoType.ORG_UNIT, n, sys, DEMO_BASE, s);
        }
        // Employees: the first DEPARTMENTS.length are department heads and manage the rest of their department.
        List<String> heads = new ArrayList<>();
        for (int i = 0; i < DEMO_EMPLOYEES; i++) {
            int dept = i % DEPARTMENTS.length;
            String first = FIRST[i % FIRST.length];
            String last = LAST[(i * 7 + i / FIRST.length) % LAST.length];
            String login = (first + "." + last).toLowerCase().replace("'", "");
            ObjectNode n = employee(EmulatorState.recId("emp:" + login), login, first, MIDDLE[i % MIDDLE.length], last,
                    dept, i, i < DEPARTMENTS.length ? null : heads.get(dept));
            n.put("Status", i < DEPARTMENTS.length ? "Active" : status(STATUS[i % STATUS.length], s));
            // docs/ivanti-api.md §8.10: Disabled is independent of Status; one Active-but-Disabled user on purpose.
            n.put("Disabled", i == 17 || "Terminated".equals(n.get("Status").asText()));
            n.put("VIP", i < 3);
            n.put("HiredDate", DEMO_BASE.minusSeconds(86_400L * (30 + i * 11)).toString());
            if ("Terminated".equals(n.get("Status").asText())) {
                n.put("TerminatedDate", DEMO_BASE.plusSeconds(86_400L * (i % 9)).toString());
            }
            Instant created = DEMO_BASE.plusSeconds(17 * 60L * i);
            Object[] row = state.create(BoType.EMPLOYEE, n, "Admin", created, s);
            Instant modified = created.plusSeconds(86_400L * (i % 5) + 3_600L * (i % 7));
            if (!modified.equals(created)) {
                Object[] r2 = row.clone();
                EmulatorState.set(BoType.EMPLOYEE, r2, "LastModDateTime", modified);
                state.store(BoType.EMPLOYEE).put(r2);
            }
            String id = (String) row[0];
            if (i < DEPARTMENTS.length) {
                heads.add(id);
            }
            state.teamLinks.link(id, teamId(DEPT_TEAM[dept]));
            if (i % 6 == 0) {
                state.teamLinks.link(id, teamId("Service Desk"));
            }
            state.roleLinks.link(id, EmulatorState.recId("role:SelfService"));
            if (dept == 0) {
                state.roleLinks.link(id, EmulatorState.recId("role:ServiceDeskAnalyst"));
            }
            if (i == 0) {
                state.roleLinks.link(id, EmulatorState.recId("role:Admin"));
            }
        }
    }

    private static String teamId(String team) {
        return team.equals("IT") ? IT_TEAM_ID : EmulatorState.recId("team:" + team);
    }

    private ObjectNode employee(String recId, String login, String first, String middle, String last, int dept, int i,
            String managerId) {
        String[] d = DEPARTMENTS[dept];
        String[] loc = LOCATIONS[i % LOCATIONS.length];
        String ou = ORG_UNITS[1 + i % 3];
        ObjectNode n = json.createObjectNode().put("RecId", recId).put("LoginID", login).put("FirstName", first)
                .put("MiddleName", middle).put("LastName", last).put("PrimaryEmail", login + "@acme.example")
                .put("PrimaryPhone", String.format("+1 555 %03d %04d", dept, i % 10_000))
                .put("Phone1", String.format("+1 555 %03d %04d", dept, i % 10_000))
                .put("Title", TITLES[i % TITLES.length]).put("Department", d[0]).put("DepartmentCode", d[1])
                .put("CostCentre", d[2]).put("BusinessUnit", ou).put("Team", DEPT_TEAM[dept])
                .put("OrgUnitLink_RecID", EmulatorState.recId("ou:" + ou))
                .put("LocationLink_RecID", EmulatorState.recId("loc:" + loc[0])).put("EmployeeLocation", loc[0])
                .put("Address1", loc[1]).put("Address1City", loc[2]).put("Address1State", loc[3])
                .put("Address1Zip", loc[4]).put("Address1Country", loc[5]).put("Language", "en-US")
                .put("IsInternalAuth", true).put("EmployeeNumber", String.format("E%06d", i + 1));
        if (managerId != null) {
            n.put("ManagerLink_RecID", managerId);
        }
        return n;
    }

    /** Adds {@code count} generated employees (deterministic across runs: RecIds and names derive from a sequence). */
    void generate(int count, EmulatorSettings s) {
        // Generated employees report to the first demo head when the demo data is present.
        String manager = EmulatorState.recId("emp:olivia.smith");
        for (int k = 0; k < count; k++) {
            long seq = genSeq.incrementAndGet();
            int i = (int) (seq % 100_000);
            String first = FIRST[(int) (seq % FIRST.length)];
            String last = LAST[(int) ((seq / FIRST.length) % LAST.length)];
            String login = "gen." + (first + "." + last).toLowerCase().replace("'", "") + "." + seq;
            int dept = (int) (seq % DEPARTMENTS.length);
            ObjectNode n = employee(EmulatorState.recId("gen:" + seq), login, first, MIDDLE[i % MIDDLE.length], last,
                    dept, i, state.store(BoType.EMPLOYEE).get(manager) == null ? null : manager);
            n.put("Status", status(STATUS[(int) (seq % STATUS.length)], s));
            n.put("EmployeeNumber", String.format("G%08d", seq));
            Object[] row = state.create(BoType.EMPLOYEE, n, "InternalServices", GEN_BASE.plusSeconds(60 * seq), s);
            state.teamLinks.link((String) row[0], teamId(DEPT_TEAM[dept]));
        }
    }

    /** A demo status the tenant's Status list holds: a tenant without {@code Inactive} has its users on leave. */
    private static String status(String wanted, EmulatorSettings s) {
        if (s.statusValues.stream().anyMatch(v -> v.equalsIgnoreCase(wanted))) {
            return wanted;
        }
        return s.statusValues.stream().filter(v -> !v.equalsIgnoreCase("Active") && !v.equalsIgnoreCase("Terminated"))
                .findFirst().orElse("Active");
    }
}
