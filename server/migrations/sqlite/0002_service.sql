-- 线上人工帮办: the response clock, transfers, read state, and tickets (留言, 转派12345).

ALTER TABLE conversations ADD COLUMN alerted_ms INTEGER;
ALTER TABLE conversations ADD COLUMN escalated_ms INTEGER;
ALTER TABLE conversations ADD COLUMN transfer_from INTEGER REFERENCES agents(id);
ALTER TABLE conversations ADD COLUMN transfer_note TEXT;
ALTER TABLE conversations ADD COLUMN transfer_ms INTEGER;
ALTER TABLE conversations ADD COLUMN outcome TEXT;
ALTER TABLE conversations ADD COLUMN citizen_read_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN agent_read_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE tickets (
    id              TEXT    PRIMARY KEY,
    number          TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    visitor_id      INTEGER REFERENCES visitors(id),
    conversation_id TEXT    REFERENCES conversations(id),
    item            TEXT,
    department      TEXT,
    problem         TEXT    NOT NULL,
    contact         TEXT,
    created_ms      INTEGER NOT NULL,
    due             TEXT    NOT NULL,
    answer          TEXT,
    answered_ms     INTEGER,
    answered_by     INTEGER REFERENCES agents(id)
);
CREATE INDEX tickets_by_visitor ON tickets (visitor_id, created_ms);
CREATE INDEX tickets_by_department ON tickets (department, status, created_ms);
