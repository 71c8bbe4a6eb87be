-- Screenshots and voice clips. A message may carry one attachment: its description (the JSON of
-- `bangban_core::media::Attachment`) is kept on the message, and `attachments` says which conversation each
-- stored file belongs to, so it is served to that conversation's participants only. The files themselves live
-- in the blob store under the attachment's id (and `<id>.thumb` for an image's thumbnail).

ALTER TABLE messages ADD COLUMN attachment TEXT;

CREATE TABLE attachments (
    id              TEXT    PRIMARY KEY,
    conversation_id TEXT    NOT NULL REFERENCES conversations(id),
    kind            TEXT    NOT NULL,
    mime            TEXT    NOT NULL,
    thumb_mime      TEXT,
    bytes           INTEGER NOT NULL,
    created_ms      INTEGER NOT NULL
);

CREATE INDEX attachments_by_conversation ON attachments (conversation_id);
