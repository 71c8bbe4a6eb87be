-- The service-item registry, editable by an administrator (seeded from data/items.json at first start).
CREATE TABLE items (
    item        TEXT PRIMARY KEY,
    department  TEXT NOT NULL
);
