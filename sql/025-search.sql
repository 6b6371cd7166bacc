-- One full-text search over contacts, accounts, deals, interactions' notes,
-- wants and next steps (docs/search.md). The index is derived from the
-- records and kept by triggers inside the transaction that writes them, so
-- every write path (services, import, restore, merges) keeps it exact; the
-- demo's bulk path, which sets the triggers aside, rebuilds it afterwards
-- (core/search.c, search_rebuild).
--
-- search_source is the one definition of what text a record contributes:
-- kind (1 contact, 2 account, 3 deal, 4 interaction, 5 want, 6 next step;
-- core/search.h), its organisation and id, a title (weighted above the
-- rest in the ranking) and a body. To let another table's text join a
-- record's entry: add it to that kind's arm below (in a new migration that
-- replaces the view), and give the table one trigger that refreshes the
-- record it belongs to, as the triggers below do: on SQLite
-- `INSERT INTO search_refresh (kind, record_id) VALUES (K, ID)`, on
-- PostgreSQL `search_row_changed('K')` for the record's own table or
-- `PERFORM search_refresh(K, ORG, ID)` from another table's trigger.
CREATE VIEW search_source AS
SELECT 1 AS kind, c.org_id, c.id AS record_id, c.name AS title,
  COALESCE(c.email, '') || ' ' || COALESCE(c.emails, '') || ' ' ||
  COALESCE(c.phone, '') || ' ' || COALESCE(c.phones, '') || ' ' ||
  COALESCE(c.title, '') || ' ' || COALESCE(c.need, '') || ' ' ||
  COALESCE(c.tags, '') || ' ' || COALESCE(c.notes, '') AS body
FROM contacts c
UNION ALL
SELECT 2, a.org_id, a.id, a.name,
  COALESCE(a.domain, '') || ' ' || COALESCE(a.industry, '') || ' ' ||
  COALESCE(a.address, '')
FROM accounts a
UNION ALL
SELECT 3, d.org_id, d.id, d.title,
  COALESCE((SELECT a.name FROM accounts a
            WHERE a.org_id = d.org_id AND a.id = d.account_id), '')
FROM deals d
UNION ALL
SELECT 4, i.org_id, i.id, COALESCE(i.purpose, ''), COALESCE(i.notes, '')
FROM interactions i
UNION ALL
SELECT 5, w.org_id, w.id, w.text, ''
FROM wants w
UNION ALL
SELECT 6, n.org_id, n.id, n.what, ''
FROM next_steps n;

-- @SQLITE@
-- FTS5: words folded to lower case without their accents ("José" is found
-- by "jose"), prefix indexes for the short prefixes people type first. A
-- row's rowid is kind * 2^40 + record_id (ids are unique per table on
-- SQLite): each kind is one range of rowids, which FTS5 reads alone.
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, body, org_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
-- bm25 with a title worth four times the body
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');

-- Inserting (kind, record_id) into this view rewrites that record's entry
-- from search_source, or removes it when the record is gone.
CREATE VIEW search_refresh AS SELECT 0 AS kind, 0 AS record_id WHERE 0;
CREATE TRIGGER search_refresh_apply INSTEAD OF INSERT ON search_refresh
BEGIN
  DELETE FROM search_fts WHERE rowid = NEW.kind * 1099511627776 + NEW.record_id;
  INSERT INTO search_fts (rowid, title, body, org_id)
  SELECT kind * 1099511627776 + record_id, title, body, org_id
  FROM search_source
  WHERE kind = NEW.kind AND record_id = NEW.record_id;
END;

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (1, NEW.id);
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF name, email, emails,
  phone, phones, title, need, tags, notes ON contacts BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (1, NEW.id);
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (1, OLD.id);
END;

CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (2, NEW.id);
END;
CREATE TRIGGER accounts_search_update AFTER UPDATE OF name, domain, industry,
  address ON accounts BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (2, NEW.id);
END;
-- a deal is found by its account's name: a renamed account's deals follow
CREATE TRIGGER accounts_search_rename AFTER UPDATE OF name ON accounts
WHEN NEW.name IS NOT OLD.name BEGIN
  INSERT INTO search_refresh (kind, record_id)
  SELECT 3, d.id FROM deals d
  WHERE d.org_id = NEW.org_id AND d.account_id = NEW.id;
END;
CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (2, OLD.id);
END;

CREATE TRIGGER deals_search_insert AFTER INSERT ON deals BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (3, NEW.id);
END;
CREATE TRIGGER deals_search_update AFTER UPDATE OF title, account_id ON deals
BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (3, NEW.id);
END;
CREATE TRIGGER deals_search_delete AFTER DELETE ON deals BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (3, OLD.id);
END;

CREATE TRIGGER interactions_search_insert AFTER INSERT ON interactions BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (4, NEW.id);
END;
CREATE TRIGGER interactions_search_update AFTER UPDATE OF purpose, notes
  ON interactions BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (4, NEW.id);
END;
CREATE TRIGGER interactions_search_delete AFTER DELETE ON interactions BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (4, OLD.id);
END;

CREATE TRIGGER wants_search_insert AFTER INSERT ON wants BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (5, NEW.id);
END;
CREATE TRIGGER wants_search_update AFTER UPDATE OF text ON wants BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (5, NEW.id);
END;
CREATE TRIGGER wants_search_delete AFTER DELETE ON wants BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (5, OLD.id);
END;

CREATE TRIGGER next_steps_search_insert AFTER INSERT ON next_steps BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (6, NEW.id);
END;
CREATE TRIGGER next_steps_search_update AFTER UPDATE OF what ON next_steps
BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (6, NEW.id);
END;
CREATE TRIGGER next_steps_search_delete AFTER DELETE ON next_steps BEGIN
  INSERT INTO search_refresh (kind, record_id) VALUES (6, OLD.id);
END;

INSERT INTO search_fts (rowid, title, body, org_id)
SELECT kind * 1099511627776 + record_id, title, body, org_id
  FROM search_source;
-- @END@

-- @PG@
-- The `simple` configuration with unaccent before it: words folded to lower
-- case without their accents, no stemming, no stop words. unaccent is a
-- trusted extension: the owner of the database may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION fulcrum_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION fulcrum_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE TABLE search_index (
  org_id BIGINT NOT NULL,
  kind SMALLINT NOT NULL,
  record_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  doc tsvector NOT NULL,
  PRIMARY KEY (org_id, kind, record_id)
);
CREATE INDEX search_index_doc ON search_index USING GIN (doc);

-- Rewrites one record's entry from search_source, or removes it when the
-- record is gone. The title weighs A, the body B (ts_rank).
CREATE FUNCTION search_refresh(k INTEGER, org BIGINT, rid BIGINT)
RETURNS void LANGUAGE sql AS $$
  DELETE FROM search_index WHERE org_id = org AND kind = k AND record_id = rid;
  INSERT INTO search_index (org_id, kind, record_id, title, body, doc)
  SELECT org_id, kind, record_id, title, body,
    setweight(to_tsvector('fulcrum_search', title), 'A') ||
    setweight(to_tsvector('fulcrum_search', body), 'B')
  FROM search_source WHERE kind = k AND org_id = org AND record_id = rid;
$$;

-- The row trigger of a record's own table; its argument is the kind.
CREATE FUNCTION search_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM search_refresh(TG_ARGV[0]::INTEGER, OLD.org_id, OLD.id);
  ELSE
    PERFORM search_refresh(TG_ARGV[0]::INTEGER, NEW.org_id, NEW.id);
  END IF;
  RETURN NULL;
END;
$$;

-- a deal is found by its account's name: a renamed account's deals follow
CREATE FUNCTION search_account_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_refresh(3, d.org_id, d.id) FROM deals d
  WHERE d.org_id = NEW.org_id AND d.account_id = NEW.id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER contacts_search AFTER INSERT OR DELETE OR UPDATE OF name,
  email, emails, phone, phones, title, need, tags, notes ON contacts
  FOR EACH ROW EXECUTE FUNCTION search_row_changed('1');
CREATE TRIGGER accounts_search AFTER INSERT OR DELETE OR UPDATE OF name,
  domain, industry, address ON accounts
  FOR EACH ROW EXECUTE FUNCTION search_row_changed('2');
CREATE TRIGGER accounts_search_rename AFTER UPDATE OF name ON accounts
  FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name)
  EXECUTE FUNCTION search_account_renamed();
CREATE TRIGGER deals_search AFTER INSERT OR DELETE OR UPDATE OF title,
  account_id ON deals
  FOR EACH ROW EXECUTE FUNCTION search_row_changed('3');
CREATE TRIGGER interactions_search AFTER INSERT OR DELETE OR UPDATE OF
  purpose, notes ON interactions
  FOR EACH ROW EXECUTE FUNCTION search_row_changed('4');
CREATE TRIGGER wants_search AFTER INSERT OR DELETE OR UPDATE OF text ON wants
  FOR EACH ROW EXECUTE FUNCTION search_row_changed('5');
CREATE TRIGGER next_steps_search AFTER INSERT OR DELETE OR UPDATE OF what
  ON next_steps
  FOR EACH ROW EXECUTE FUNCTION search_row_changed('6');

INSERT INTO search_index (org_id, kind, record_id, title, body, doc)
SELECT org_id, kind, record_id, title, body,
  setweight(to_tsvector('fulcrum_search', title), 'A') ||
  setweight(to_tsvector('fulcrum_search', body), 'B')
FROM search_source;
-- @END@
