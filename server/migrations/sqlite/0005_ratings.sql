-- 好差评 details (reason, real name, invitation) and 小申's own lighter rating.

ALTER TABLE conversations ADD COLUMN rating_reason TEXT;
ALTER TABLE conversations ADD COLUMN rating_contact TEXT;
ALTER TABLE conversations ADD COLUMN rating_first_ms INTEGER;
ALTER TABLE conversations ADD COLUMN rating_invited_ms INTEGER;

CREATE TABLE bot_feedback (
    id          INTEGER PRIMARY KEY,
    entry_id    TEXT    NOT NULL,
    question    TEXT    NOT NULL,
    item        TEXT,
    solved      INTEGER NOT NULL,
    visitor_id  INTEGER REFERENCES visitors(id),
    created_ms  INTEGER NOT NULL
);
CREATE INDEX bot_feedback_by_time ON bot_feedback (created_ms);
