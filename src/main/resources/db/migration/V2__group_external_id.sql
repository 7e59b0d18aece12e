-- The IdP's externalId of each group, kept here when no team (or role) field holds it
-- (bridge.groups.external-id-field unset): shared by replicas through the same database as the tokens.
-- group_id is the team's (or role's) RecId.
CREATE TABLE group_external_id (
    group_id    VARCHAR(64)              NOT NULL PRIMARY KEY,
    external_id VARCHAR(512)             NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX group_external_id_value ON group_external_id (external_id);
