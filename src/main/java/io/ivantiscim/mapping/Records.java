package io.ivantiscim.mapping;

/** What the bridge relies on about every Ivanti business-object record, whatever the resource type. */
public final class Records {

    /** The OData entity set of Employees, which back SCIM Users. */
    public static final String EMPLOYEES = "employees";

    /** Longest id accepted; Ivanti RecIds have 32 characters. */
    private static final int MAX_RECORD_ID = 64;

    private Records() {
    }

    /**
     * True when {@code id} can be a RecId (so a lookup is worth a call and safe to quote): 1 to 64 ASCII letters or
     * digits (Ivanti RecIds are 32 hex digits; anything else cannot exist and must not reach an OData literal). A loop
     * rather than a regular expression: every request by id asks (issue 14).
     */
    public static boolean isRecordId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_RECORD_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
