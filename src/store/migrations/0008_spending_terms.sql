-- What a resolution authorises. A matter of a spending category (large
-- funds, major projects) names the budget line it is for (or, with none,
-- its department_id) and the period in which money may be spent citing
-- its resolution; its title is the purpose and amount_fen the most that
-- may be spent. NULL for other matters, and for matters registered before
-- these terms were recorded.
ALTER TABLE matters ADD COLUMN budget_line_id INTEGER REFERENCES budget_lines (id);
ALTER TABLE matters ADD COLUMN spend_from TEXT;
ALTER TABLE matters ADD COLUMN spend_until TEXT;

-- An expenditure's verdicts on the resolution it cites that the rulebook
-- flags rather than refuses (a JSON array, rules_verdict_json each), and
-- the justification they were recorded with; NULL when none.
ALTER TABLE expenditures ADD COLUMN verdicts TEXT;
ALTER TABLE expenditures ADD COLUMN justification TEXT;
CREATE INDEX expenditures_resolution ON expenditures (resolution_id);
