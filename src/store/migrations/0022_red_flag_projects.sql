-- Schema version 22: a red flag across projects (a group of bidders
-- taking turns to win, a purchase split up) names the other projects it
-- concerns, as ids in JSON; null for a flag of one project.
ALTER TABLE red_flags ADD COLUMN projects TEXT;
