-- An execution task whose due date was already past when it was set: the
-- rule's verdict (a JSON object, rules_verdict_json) and the
-- justification that let it go ahead (task.due_in_past, flagged for
-- supervision). Both NULL for a task due today or later, and for every
-- task recorded before this rule.
ALTER TABLE tasks ADD COLUMN due_verdict TEXT;
ALTER TABLE tasks ADD COLUMN due_justification TEXT;
