package io.ivantiscim.mapping;

import java.util.regex.Pattern;

/** What the bridge relies on about every Ivanti business-object record, whatever the resource type. */
public final class Records {

    /** The OData entity set of Employees, which back SCIM Users. */
    public static final String EMPLOYEES = "employees";

    /** Ivanti RecIds are 32 hex digits; anything else cannot exist and must not reach an OData literal. */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{1,64}");

    private Records() {
    }

    /** True when {@code id} can be a RecId (so a lookup is worth a call and safe to quote). */
    public static boolean isRecordId(String id) {
        return id != null && RECORD_ID.matcher(id).matches();
    }
}
