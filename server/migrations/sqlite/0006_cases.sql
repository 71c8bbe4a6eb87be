-- 差评 follow-up cases and their steps.

CREATE TABLE cases (
    id              TEXT    PRIMARY KEY,
    number          TEXT    NOT NULL UNIQUE,
    conversation_id TEXT    NOT NULL UNIQUE REFERENCES conversations(id),
    department      TEXT,
    item            TEXT,
    level           TEXT    NOT NULL,
    reason          TEXT,
    comment         TEXT,
    contact         TEXT,
    status          TEXT    NOT NULL,
    created_ms      INTEGER NOT NULL,
    contact_due     TEXT    NOT NULL,
    rectify_due     TEXT,
    complex         INTEGER NOT NULL DEFAULT 0,
    closed_ms       INTEGER
);
CREATE INDEX cases_by_department ON cases (department, status);

CREATE TABLE case_steps (
    id          INTEGER PRIMARY KEY,
    case_id     TEXT    NOT NULL REFERENCES cases(id),
    action      TEXT    NOT NULL,
    note        TEXT    NOT NULL,
    by_agent    INTEGER NOT NULL REFERENCES agents(id),
    at_ms       INTEGER NOT NULL
);
