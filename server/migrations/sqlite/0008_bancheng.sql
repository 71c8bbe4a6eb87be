-- 办不成事: the 处理记录单 fields of a ticket (seed 003 附件6).
CREATE TABLE ticket_records (
    ticket_id       TEXT    PRIMARY KEY REFERENCES tickets(id),
    reporter        TEXT,
    received_by     TEXT,
    offline         INTEGER NOT NULL DEFAULT 0,
    handler         TEXT,
    verification    TEXT,
    solved          INTEGER,
    why_not         TEXT,
    handler_contact TEXT,
    approver        TEXT,
    closed_on       TEXT,
    transcript      TEXT    NOT NULL DEFAULT ''
);
