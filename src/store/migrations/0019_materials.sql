-- Schema version 19: the materials of a matter (会议材料), the documents
-- members read before they deliberate: a PDF, a Word or Excel file, an
-- image. The file itself is in the data folder's file store under its
-- SHA-256 (store/files.h); the row and its record name it by that digest
-- and never hold its bytes. A personnel matter's materials are sealed and
-- never published (docs/decisions.md, "Materials").
CREATE TABLE materials (
    id           INTEGER PRIMARY KEY,
    township_id  TEXT    NOT NULL REFERENCES townships (id),
    matter_id    INTEGER NOT NULL REFERENCES matters (id),
    name         TEXT    NOT NULL,
    media_type   TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256       TEXT    NOT NULL,
    personnel    INTEGER NOT NULL CHECK (personnel IN (0, 1)),
    uploaded     TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploader_id  INTEGER REFERENCES people (id)
);
CREATE INDEX materials_matter ON materials (matter_id, id);
