-- Schema version 21: works and purchases (docs/procurement.md). A project
-- starts from a matter; its pre-control steps (design approved, control
-- price reviewed, tender published) are its columns, filled in order;
-- bidders are the organisations that bid, each by its unified social
-- credit code; a bid's bidder, price and summary are a sealed part that
-- nobody reads until the bids are opened.
CREATE TABLE projects (
    id                  INTEGER PRIMARY KEY,
    township_id         TEXT    NOT NULL REFERENCES townships (id),
    matter_id           INTEGER NOT NULL REFERENCES matters (id),
    title               TEXT    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('works', 'goods', 'services')),
    method              TEXT    NOT NULL CHECK (method IN ('direct', 'single_source',
                                    'negotiation', 'invited_tender', 'open_tender')),
    amount_fen          INTEGER NOT NULL CHECK (amount_fen > 0),
    status              TEXT    NOT NULL,
    design_approved_by  TEXT,
    design_approved_on  TEXT,
    control_price_fen   INTEGER CHECK (control_price_fen > 0),
    price_reviewed_by   TEXT,
    price_reviewed_on   TEXT,
    resolution_id       INTEGER REFERENCES agenda_items (id),
    tender_published_at TEXT,
    submission_deadline TEXT,
    opening_at          TEXT,
    opened_at           TEXT,
    rulebook            TEXT    NOT NULL,
    verdicts            TEXT,
    justification       TEXT,
    recorded_by         TEXT    NOT NULL,
    created             TEXT    NOT NULL,
    updated             TEXT    NOT NULL
);
CREATE INDEX projects_township ON projects (township_id, id);
CREATE INDEX projects_matter ON projects (matter_id);

CREATE TABLE bidders (
    id                   INTEGER PRIMARY KEY,
    township_id          TEXT    NOT NULL REFERENCES townships (id),
    name                 TEXT    NOT NULL,
    registration_no      TEXT    NOT NULL,
    legal_representative TEXT    NOT NULL,
    contact_name         TEXT,
    phone                TEXT,
    address              TEXT,
    bank_account         TEXT,
    created              TEXT    NOT NULL,
    updated              TEXT    NOT NULL,
    UNIQUE (township_id, registration_no)
);

CREATE TABLE bids (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id),
    township_id  TEXT    NOT NULL REFERENCES townships (id),
    submitted_at TEXT    NOT NULL,
    bidder_id    INTEGER NOT NULL REFERENCES bidders (id),
    price_fen    INTEGER NOT NULL CHECK (price_fen > 0),
    summary      TEXT,
    recorded_by  TEXT    NOT NULL,
    UNIQUE (project_id, bidder_id)
);
