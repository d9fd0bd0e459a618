-- Schema version 23: a project imported from an OCDS release package keeps
-- the release's open contracting id, once per township, and the SHA-256
-- of the package it came in (kept in the file store); a project
-- registered here has neither (its OCDS export makes an ocid of its own).
ALTER TABLE projects ADD COLUMN ocid TEXT;
ALTER TABLE projects ADD COLUMN imported_from TEXT;
CREATE UNIQUE INDEX projects_ocid ON projects (township_id, ocid);
