-- How far each audit journal has been copied into audit_event (audit/AuditJournal): the highest journal sequence
-- number stored, updated in the same transaction as the rows, so a journal replayed after a crash never adds a row
-- twice. One row per journal file (one per process: the embedded H2, or each replica that keeps a journal).
CREATE TABLE audit_journal (
    journal       VARCHAR(64) NOT NULL PRIMARY KEY,
    last_sequence BIGINT      NOT NULL
);
