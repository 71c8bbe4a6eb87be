-- The first schema: visitors, agents and their sessions, human chats with their messages, the knowledge base.

CREATE TABLE visitors (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_ms  INTEGER NOT NULL
);

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    department    TEXT,
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    on_duty       INTEGER NOT NULL DEFAULT 0,
    max_chats     INTEGER NOT NULL DEFAULT 5
);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES agents(id),
    expires_ms  INTEGER NOT NULL
);

CREATE TABLE conversations (
    id                TEXT    PRIMARY KEY,
    visitor_id        INTEGER NOT NULL REFERENCES visitors(id),
    item              TEXT,
    department        TEXT,
    status            TEXT    NOT NULL,
    agent_id          INTEGER REFERENCES agents(id),
    first_question    TEXT    NOT NULL,
    created_ms        INTEGER NOT NULL,
    accepted_ms       INTEGER,
    first_response_ms INTEGER,
    closed_ms         INTEGER,
    last_seq          INTEGER NOT NULL DEFAULT 0,
    rating            TEXT,
    rating_solved     INTEGER,
    rating_comment    TEXT,
    rated_ms          INTEGER
);
CREATE INDEX conversations_by_visitor ON conversations (visitor_id, created_ms);
CREATE INDEX conversations_by_status ON conversations (status, created_ms);
CREATE INDEX conversations_by_agent ON conversations (agent_id, status);

CREATE TABLE messages (
    conversation_id TEXT    NOT NULL REFERENCES conversations(id),
    seq             INTEGER NOT NULL,
    client_id       TEXT    NOT NULL,
    sender          TEXT    NOT NULL,
    author          TEXT,
    text            TEXT    NOT NULL,
    created_ms      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
) WITHOUT ROWID;

CREATE TABLE kb_entries (
    id          TEXT    PRIMARY KEY,
    body        TEXT    NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0,
    updated_ms  INTEGER NOT NULL
);

CREATE TABLE kb_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
