package io.ivantiscim.mapping;

/** How an Employee field's value is represented on the Ivanti side. */
public enum FieldType {
    /** Text; SCIM string. */
    STRING,
    /** JSON boolean; Entra may send {@code "True"}/{@code "False"}. */
    BOOLEAN,
    /** Whole number. */
    INTEGER,
    /** Decimal number; Ivanti may return decimals as strings ({@code "0.0000"}). */
    DECIMAL,
    /** Ivanti {@code Edm.DateTimeOffset}; SCIM dateTime in UTC. */
    DATETIME,
    /** RecId of another record ({@code X_RecID}); writing it also writes {@code X_Category}. */
    REFERENCE,
    /** The Employee {@code Status} picklist behind SCIM {@code active}. */
    STATUS
}
