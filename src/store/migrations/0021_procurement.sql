-- Schema version 21: works and purchases (docs/procurement.md). A project
-- starts from a matter; its steps (design approved, control price
-- reviewed, tender published, bids opened, evaluated, awarded, contract
-- signed, accepted, settled) are its columns, filled in order; bidders are
-- the organisations that bid, each by its unified social credit code; a
-- bid's project, bidder, price and summary are a sealed part that nobody
-- reads until the bids are opened; evaluators are the township's register
-- from which a project's panel is drawn (its panel and the panel's bid
-- review, the scores and ranking, are the project's); change orders
-- change a contract's price; red flags are the signs rules/red_flags.h
-- finds at each step, each reviewed by the discipline secretary.
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
    panel               TEXT,
    panel_seed          TEXT,
    panel_formed_at     TEXT,
    bid_review          TEXT,
    evaluated_at        TEXT,
    awarded_bid_id      INTEGER,
    supplier_id         INTEGER,
    awarded_on          TEXT,
    award_verdicts      TEXT,
    award_justification TEXT,
    contract_price_fen  INTEGER CHECK (contract_price_fen > 0),
    contract_signed_on  TEXT,
    contract_starts_on  TEXT,
    contract_ends_on    TEXT,
    contract_verdicts   TEXT,
    contract_justification TEXT,
    accepted_on         TEXT,
    acceptance          TEXT,
    settlement_fen      INTEGER CHECK (settlement_fen > 0),
    settled_on          TEXT,
    settlement_audited_by TEXT,
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
    relations            TEXT,
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

CREATE TABLE evaluators (
    id          INTEGER PRIMARY KEY,
    township_id TEXT    NOT NULL REFERENCES townships (id),
    name        TEXT    NOT NULL,
    employer    TEXT    NOT NULL,
    specialty   TEXT    NOT NULL,
    person_id   INTEGER REFERENCES people (id),
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    created     TEXT    NOT NULL,
    updated     TEXT    NOT NULL
);
CREATE INDEX evaluators_township ON evaluators (township_id, id);


CREATE TABLE change_orders (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    township_id TEXT    NOT NULL REFERENCES townships (id),
    delta_fen   INTEGER NOT NULL CHECK (delta_fen <> 0),
    reason      TEXT    NOT NULL,
    approved_by TEXT    NOT NULL,
    approved_on TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    created     TEXT    NOT NULL
);
CREATE INDEX change_orders_project ON change_orders (project_id, id);

CREATE TABLE red_flags (
    id            INTEGER PRIMARY KEY,
    township_id   TEXT    NOT NULL REFERENCES townships (id),
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    flag          TEXT    NOT NULL,
    bids          TEXT    NOT NULL,
    figure        INTEGER,
    raised_at     TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
    review_reason TEXT,
    reviewed_by   TEXT,
    reviewed_at   TEXT
);
CREATE INDEX red_flags_township ON red_flags (township_id, status, id);
CREATE INDEX red_flags_project ON red_flags (project_id);
