-- The corpus store: one SQLite file (WAL). This schema is the contract between the batch runner
-- (corpus/), the Dask loader (scale/) and the explorer (web/). Change it with a migration and a
-- bump of PRAGMA user_version.
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS sources (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE,       -- content hash of the page bytes: resume skips what is stored
  uri         TEXT,                       -- file path, or archive path for WARC records
  url         TEXT,                       -- the page's URL where known (WARC, metadata)
  site        TEXT,                       -- host of url, lower-cased, without "www."
  format      TEXT NOT NULL,              -- text | html | warc
  fetched_at  TEXT,
  offset      INTEGER,                    -- byte offset of the WARC record
  encoding    TEXT,
  status      TEXT NOT NULL,              -- ok | error | skipped
  skipped     TEXT,                       -- the reason a page gave no article
  text        TEXT,                       -- the page text that provenance spans index into
  blocks_json TEXT,                       -- PageResult.blocks: every block with its label and story
  added_at    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS stories (      -- one story however many pages carry it
  id          INTEGER PRIMARY KEY,
  headline    TEXT,
  language    TEXT,
  first_seen  TEXT NOT NULL,
  latest_version INTEGER                  -- versions.id of the newest version
);

CREATE TABLE IF NOT EXISTS versions (     -- an updated story is a new version of the same story
  id          INTEGER PRIMARY KEY,
  story_id    INTEGER NOT NULL REFERENCES stories(id),
  article_id  TEXT NOT NULL,              -- Article.id
  body_hash   TEXT NOT NULL,              -- sha1 of the normalised body: exact duplicates share it
  headline    TEXT,
  kicker      TEXT,
  authors_json TEXT,
  published   TEXT,
  updated     TEXT,
  published_text TEXT,
  updated_text TEXT,
  dateline    TEXT,
  language    TEXT,
  highlights_json TEXT,
  standfirst  TEXT,                       -- the lead paragraph set apart above the body (schema 2)
  body_json   TEXT,
  record_json TEXT NOT NULL,              -- the whole Article as JSON (the record of RECORD.md)
  created_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS story_sources (  -- every page a story was seen on
  story_id    INTEGER NOT NULL REFERENCES stories(id),
  version_id  INTEGER NOT NULL REFERENCES versions(id),
  source_id   INTEGER NOT NULL REFERENCES sources(id),
  article_index INTEGER NOT NULL,         -- position of the article on its page (PageResult.articles)
  PRIMARY KEY (story_id, source_id, article_index)
);

CREATE TABLE IF NOT EXISTS images (
  version_id INTEGER NOT NULL REFERENCES versions(id), position INTEGER, caption TEXT, credit TEXT, url TEXT
);
CREATE TABLE IF NOT EXISTS sidebars (
  version_id INTEGER NOT NULL REFERENCES versions(id), kind TEXT, title TEXT, items_json TEXT, fields_json TEXT
);
CREATE TABLE IF NOT EXISTS quotes (
  version_id INTEGER NOT NULL REFERENCES versions(id), text TEXT, speaker TEXT, speaker_description TEXT,
  cue TEXT, type TEXT, paragraph INTEGER
);
CREATE TABLE IF NOT EXISTS entities (
  version_id INTEGER NOT NULL REFERENCES versions(id), name TEXT, type TEXT, aliases_json TEXT, mentions INTEGER
);
CREATE TABLE IF NOT EXISTS errors (
  source_id INTEGER NOT NULL REFERENCES sources(id), code TEXT, reason TEXT, message TEXT
);

-- full-text search over headlines, highlights and bodies; rowid = versions.id. The `highlights`
-- column holds what a page sets above its body: the highlights and, after them, the standfirst.
CREATE VIRTUAL TABLE IF NOT EXISTS versions_fts USING fts5(
  headline, highlights, body, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE INDEX IF NOT EXISTS versions_story ON versions(story_id);
CREATE INDEX IF NOT EXISTS story_sources_source ON story_sources(source_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name);
CREATE INDEX IF NOT EXISTS images_version ON images(version_id);
CREATE INDEX IF NOT EXISTS sidebars_version ON sidebars(version_id);
CREATE INDEX IF NOT EXISTS quotes_version ON quotes(version_id);
CREATE INDEX IF NOT EXISTS entities_version ON entities(version_id);

-- Added with the store (corpus/store.py), additively.
-- MinHash signatures of versions (uint32 x dedup.NUM_PERM, little-endian), so the near-duplicate
-- LSH index is rebuilt on open; versions too short for a signature have no row.
CREATE TABLE IF NOT EXISTS minhashes (
  version_id  INTEGER PRIMARY KEY REFERENCES versions(id),
  story_id    INTEGER NOT NULL REFERENCES stories(id),
  signature   BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_body_hash ON versions(body_hash);
CREATE INDEX IF NOT EXISTS sources_site ON sources(site);
CREATE INDEX IF NOT EXISTS errors_source ON errors(source_id);
PRAGMA user_version = 2;  -- 2: versions.standfirst (store.migrate)
