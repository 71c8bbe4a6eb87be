-- 问题台账: one ledger of problems found through help sessions, ratings and in-person help.
CREATE TABLE ledger (
    id          TEXT    PRIMARY KEY,
    number      TEXT    NOT NULL UNIQUE,
    source      TEXT    NOT NULL,
    department  TEXT    NOT NULL,
    item        TEXT,
    problem     TEXT    NOT NULL,
    measures    TEXT    NOT NULL,
    deadline    TEXT    NOT NULL,
    raised_by   TEXT    NOT NULL,
    contact     TEXT,
    origin      TEXT UNIQUE,
    created_ms  INTEGER NOT NULL,
    closed_ms   INTEGER,
    result      TEXT,
    notified    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ledger_by_department ON ledger (department, closed_ms);
