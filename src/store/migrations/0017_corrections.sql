-- Schema version 17: a mis-entered statement, ballot or expenditure is
-- corrected by a correcting record with its reason, never erased
-- (docs/decisions.md, "Correcting a record"). The row keeps the list of
-- its corrections (canonical JSON, NULL for none): each the values it
-- replaced, the reason, who recorded it and when. The record of the
-- correction is the row's ".updated" event, linked to the original by the
-- row's id; the original event stays in the log as it was.
ALTER TABLE statements ADD COLUMN corrections TEXT;
ALTER TABLE ballots ADD COLUMN corrections TEXT;
ALTER TABLE expenditures ADD COLUMN corrections TEXT;
