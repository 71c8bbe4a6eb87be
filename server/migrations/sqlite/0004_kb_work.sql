-- The knowledge base's working life: unanswered questions and drafts from agents' replies.

CREATE TABLE unanswered (
    id              INTEGER PRIMARY KEY,
    question        TEXT    NOT NULL,
    item            TEXT,
    reason          TEXT    NOT NULL,
    entry_id        TEXT,
    visitor_id      INTEGER REFERENCES visitors(id),
    created_ms      INTEGER NOT NULL,
    resolved_entry  TEXT,
    resolved_ms     INTEGER
);
CREATE INDEX unanswered_open ON unanswered (resolved_ms, created_ms);

CREATE TABLE kb_drafts (
    id              TEXT    PRIMARY KEY,
    question        TEXT    NOT NULL,
    answer          TEXT    NOT NULL,
    item            TEXT,
    department      TEXT,
    conversation_id TEXT,
    author_id       INTEGER NOT NULL REFERENCES agents(id),
    created_ms      INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    entry_id        TEXT,
    decided_by      INTEGER REFERENCES agents(id),
    decided_ms      INTEGER
);
