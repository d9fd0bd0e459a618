-- Schema version 15: a meeting whose items are notified may be postponed
-- or cancelled, each with its reason (docs/decisions.md, "Changing a
-- meeting"). The meeting keeps the list of its changes (canonical JSON,
-- NULL for none) and when it was cancelled; every member of its items is
-- notified of the change again, a notification whose "change" says which.
ALTER TABLE meetings ADD COLUMN cancelled_at TEXT;
ALTER TABLE meetings ADD COLUMN changes TEXT;
ALTER TABLE notifications ADD COLUMN change TEXT CHECK (change IN ('postponed', 'cancelled'));
