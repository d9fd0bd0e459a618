-- Schema version 5: collective decision-making (docs/decisions.md): the
-- versioned rulebook, matters, meetings and their agenda items with
-- notifications, statements and ballots, amendments of finalised minutes,
-- execution tasks, and the township budget with its lines, adjustments and
-- expenditures. Every table is a projection of the events (entity
-- descriptors in src/domain/rulebooks.c, src/domain/meeting/entities.c and
-- src/domain/budget/entities.c). Columns named *_ms repeat a UTC RFC 3339
-- time as milliseconds since the epoch, for range queries. Columns holding
-- JSON keep its canonical text.

-- One row per stored rulebook version: the city's complete documents
-- (township_id NULL) and each township's overrides.
CREATE TABLE rulebooks (
    id             INTEGER PRIMARY KEY,
    township_id    TEXT REFERENCES townships (id),
    version        INTEGER NOT NULL CHECK (version >= 1),
    effective_from TEXT    NOT NULL,
    effective_ms   INTEGER NOT NULL,
    city_version   INTEGER,
    document       TEXT    NOT NULL,
    digest         TEXT    NOT NULL,
    created        TEXT    NOT NULL
);
CREATE UNIQUE INDEX rulebooks_scope_version ON rulebooks (COALESCE(township_id, ''), version);

-- Matters (議題): what may be decided. A matter decided alone by the
-- responsible member carries the decision here; a collective decision is
-- the result of its agenda item.
CREATE TABLE matters (
    id              INTEGER PRIMARY KEY,
    township_id     TEXT    NOT NULL REFERENCES townships (id),
    title           TEXT    NOT NULL,
    description     TEXT,
    category        TEXT    NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
    proposer_id     INTEGER NOT NULL REFERENCES people (id),
    responsible_id  INTEGER NOT NULL REFERENCES people (id),
    department_id   INTEGER REFERENCES organizations (id),
    attachments     TEXT    NOT NULL,
    budget_id       INTEGER,
    registered      TEXT    NOT NULL,
    registered_by   TEXT    NOT NULL,
    decided_by      INTEGER REFERENCES people (id),
    decided_at      TEXT,
    decided_ms      INTEGER,
    decision_note   TEXT,
    decision_login  TEXT,
    rulebook        TEXT
);
CREATE INDEX matters_township ON matters (township_id, id);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    township_id      TEXT    NOT NULL REFERENCES townships (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('committee', 'joint')),
    title            TEXT    NOT NULL,
    starts_at        TEXT    NOT NULL,
    starts_ms        INTEGER NOT NULL,
    place            TEXT    NOT NULL,
    convener_id      INTEGER NOT NULL REFERENCES people (id),
    created          TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    countersigned_by INTEGER REFERENCES people (id),
    countersign_login TEXT,
    countersigned_at TEXT,
    countersign_note TEXT,
    finalised_at     TEXT,
    finalised_by     TEXT,
    revision         INTEGER NOT NULL
);
CREATE INDEX meetings_township ON meetings (township_id, starts_ms);

-- One agenda item is one matter on one meeting. roster, notice, result and
-- the verdicts are JSON (canonical text).
CREATE TABLE agenda_items (
    id                  INTEGER PRIMARY KEY,
    meeting_id          INTEGER NOT NULL REFERENCES meetings (id),
    township_id         TEXT    NOT NULL REFERENCES townships (id),
    matter_id           INTEGER NOT NULL REFERENCES matters (id),
    position            INTEGER NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('notified', 'in_session', 'voting',
                            'passed', 'rejected', 'deferred')),
    notified_at         TEXT    NOT NULL,
    adhoc               INTEGER NOT NULL,
    notice_verdict      TEXT    NOT NULL,
    notice_justification TEXT,
    rulebook            TEXT    NOT NULL,
    requirements        TEXT    NOT NULL,
    roster              TEXT    NOT NULL,
    attendance_verdict  TEXT,
    attendance_justification TEXT,
    discussion_verdict  TEXT,
    discussion_justification TEXT,
    vote_only           INTEGER NOT NULL,
    vote_opened_at      TEXT,
    result              TEXT,
    concluded_at        TEXT,
    resolution_text     TEXT,
    deferral_reason     TEXT,
    revision            INTEGER NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);
CREATE INDEX agenda_items_matter ON agenda_items (matter_id);
CREATE INDEX agenda_items_township ON agenda_items (township_id, status);

-- One notification per member entitled on the item, made with the item.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    agenda_item_id  INTEGER NOT NULL REFERENCES agenda_items (id),
    person_id       INTEGER NOT NULL REFERENCES people (id),
    sent_at         TEXT    NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT
);
CREATE INDEX notifications_item ON notifications (agenda_item_id);
CREATE INDEX notifications_person ON notifications (person_id, acknowledged_at);

-- A member's view on an item. seq is the index of the event that recorded
-- it; for a sealed deliberation, view and summary come from the sealed
-- part and are shown only once published (sealed_publications.id = seq).
CREATE TABLE statements (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    person_id      INTEGER NOT NULL REFERENCES people (id),
    position       INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    sealed         INTEGER NOT NULL,
    view           TEXT    CHECK (view IN ('agree', 'disagree', 'abstain', 'reserved')),
    summary        TEXT,
    verdict        TEXT,
    justification  TEXT,
    recorded_by    TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    UNIQUE (agenda_item_id, person_id)
);

-- A ballot: who voted; choice is NULL in a secret vote (never stored).
CREATE TABLE ballots (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    person_id      INTEGER NOT NULL REFERENCES people (id),
    choice         TEXT    CHECK (choice IN ('agree', 'disagree', 'abstain')),
    recorded_by    TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    UNIQUE (agenda_item_id, person_id)
);

-- A correction of finalised minutes: a new record linked to the meeting
-- (and item); the original rows never change.
CREATE TABLE amendments (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id),
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    text           TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    recorded_by    TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL
);
CREATE INDEX amendments_meeting ON amendments (meeting_id);

-- Execution tasks of a resolution (a passed agenda item).
CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    township_id    TEXT    NOT NULL REFERENCES townships (id),
    description    TEXT    NOT NULL,
    department_id  INTEGER REFERENCES organizations (id),
    owner_id       INTEGER NOT NULL REFERENCES people (id),
    due_date       TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('open', 'done')),
    note           TEXT,
    created        TEXT    NOT NULL,
    updated        TEXT    NOT NULL
);
CREATE INDEX tasks_item ON tasks (agenda_item_id);
CREATE INDEX tasks_township ON tasks (township_id, due_date);

-- The budget of one fiscal year of a township.
CREATE TABLE budgets (
    id               INTEGER PRIMARY KEY,
    township_id      TEXT    NOT NULL REFERENCES townships (id),
    fiscal_year      INTEGER NOT NULL,
    title            TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'adopted', 'rejected')),
    adopted_fen      INTEGER,
    congress_vote    TEXT,
    adoption_verdict TEXT,
    adopted_at       TEXT,
    created          TEXT    NOT NULL,
    revision         INTEGER NOT NULL
);
CREATE UNIQUE INDEX budgets_year ON budgets (township_id, fiscal_year);

CREATE TABLE budget_lines (
    id            INTEGER PRIMARY KEY,
    budget_id     INTEGER NOT NULL REFERENCES budgets (id),
    purpose       TEXT    NOT NULL,
    amount_fen    INTEGER NOT NULL CHECK (amount_fen >= 0),
    department_id INTEGER REFERENCES organizations (id),
    owner_id      INTEGER NOT NULL REFERENCES people (id),
    proposed_by   INTEGER REFERENCES people (id),
    proposed_login TEXT   NOT NULL,
    created       TEXT    NOT NULL
);
CREATE INDEX budget_lines_budget ON budget_lines (budget_id);

-- An adjustment of an adopted budget: its own congress vote; the changes
-- to lines are child rows.
CREATE TABLE budget_adjustments (
    id            INTEGER PRIMARY KEY,
    budget_id     INTEGER NOT NULL REFERENCES budgets (id),
    matter_id     INTEGER NOT NULL REFERENCES matters (id),
    reason        TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('adopted', 'rejected')),
    congress_vote TEXT    NOT NULL,
    verdict       TEXT    NOT NULL,
    delta_fen     INTEGER NOT NULL,
    created       TEXT    NOT NULL
);
CREATE INDEX budget_adjustments_budget ON budget_adjustments (budget_id);

CREATE TABLE budget_adjustment_lines (
    id             INTEGER PRIMARY KEY,
    adjustment_id  INTEGER NOT NULL REFERENCES budget_adjustments (id),
    budget_line_id INTEGER NOT NULL REFERENCES budget_lines (id),
    delta_fen      INTEGER NOT NULL
);
CREATE INDEX budget_adjustment_lines_line ON budget_adjustment_lines (budget_line_id);

CREATE TABLE expenditures (
    id             INTEGER PRIMARY KEY,
    budget_line_id INTEGER NOT NULL REFERENCES budget_lines (id),
    township_id    TEXT    NOT NULL REFERENCES townships (id),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    purpose        TEXT    NOT NULL,
    spent_on       TEXT    NOT NULL,
    resolution_id  INTEGER REFERENCES agenda_items (id),
    rulebook       TEXT    NOT NULL,
    recorded_by    TEXT    NOT NULL,
    created        TEXT    NOT NULL
);
CREATE INDEX expenditures_line ON expenditures (budget_line_id);
