-- Custom fields' values join their record's entry in the search index
-- (docs/search.md, docs/custom-fields.md): search_source (sql/025) gains
-- each record's values of fields not archived, and a change of a value, or
-- of whether its field is archived, refreshes the records concerned in the
-- writing transaction. Values of text, choice, date and number fields are
-- found by their text; amounts, yes/no and links are not words.
DROP VIEW search_source;

CREATE VIEW search_source AS
SELECT 1 AS kind, c.org_id, c.id AS record_id, c.name AS title,
  COALESCE(c.email, '') || ' ' || COALESCE(c.emails, '') || ' ' ||
  COALESCE(c.phone, '') || ' ' || COALESCE(c.phones, '') || ' ' ||
  COALESCE(c.title, '') || ' ' || COALESCE(c.need, '') || ' ' ||
  COALESCE(c.tags, '') || ' ' || COALESCE(c.notes, '') || ' ' ||
  COALESCE((SELECT @JOIN_TEXT@(v.text_value, ' ') FROM custom_values v
    JOIN custom_fields f ON f.org_id = v.org_id AND f.id = v.field_id
    WHERE v.org_id = c.org_id AND v.kind = 'contact' AND v.record_id = c.id
      AND f.archived = 0), '') AS body
FROM contacts c
UNION ALL
SELECT 2, a.org_id, a.id, a.name,
  COALESCE(a.domain, '') || ' ' || COALESCE(a.industry, '') || ' ' ||
  COALESCE(a.address, '') || ' ' ||
  COALESCE((SELECT @JOIN_TEXT@(v.text_value, ' ') FROM custom_values v
    JOIN custom_fields f ON f.org_id = v.org_id AND f.id = v.field_id
    WHERE v.org_id = a.org_id AND v.kind = 'account' AND v.record_id = a.id
      AND f.archived = 0), '')
FROM accounts a
UNION ALL
SELECT 3, d.org_id, d.id, d.title,
  COALESCE((SELECT a.name FROM accounts a
            WHERE a.org_id = d.org_id AND a.id = d.account_id), '') || ' ' ||
  COALESCE((SELECT @JOIN_TEXT@(v.text_value, ' ') FROM custom_values v
    JOIN custom_fields f ON f.org_id = v.org_id AND f.id = v.field_id
    WHERE v.org_id = d.org_id AND v.kind = 'deal' AND v.record_id = d.id
      AND f.archived = 0), '')
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
CREATE TRIGGER custom_values_search_insert AFTER INSERT ON custom_values BEGIN
  INSERT INTO search_refresh (kind, record_id)
  VALUES (CASE NEW.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, NEW.record_id);
END;
CREATE TRIGGER custom_values_search_update AFTER UPDATE ON custom_values BEGIN
  INSERT INTO search_refresh (kind, record_id)
  VALUES (CASE OLD.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, OLD.record_id);
  INSERT INTO search_refresh (kind, record_id)
  VALUES (CASE NEW.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, NEW.record_id);
END;
CREATE TRIGGER custom_values_search_delete AFTER DELETE ON custom_values BEGIN
  INSERT INTO search_refresh (kind, record_id)
  VALUES (CASE OLD.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, OLD.record_id);
END;
CREATE TRIGGER custom_fields_search_archive AFTER UPDATE OF archived
  ON custom_fields WHEN NEW.archived IS NOT OLD.archived BEGIN
  INSERT INTO search_refresh (kind, record_id)
  SELECT CASE v.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, v.record_id FROM custom_values v
  WHERE v.org_id = NEW.org_id AND v.field_id = NEW.id;
END;

DELETE FROM search_fts;
INSERT INTO search_fts (rowid, title, body, org_id)
SELECT kind * 1099511627776 + record_id, title, body, org_id
  FROM search_source;
-- @END@

-- @PG@
CREATE FUNCTION search_custom_value_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM search_refresh(CASE OLD.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, OLD.org_id, OLD.record_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM search_refresh(CASE NEW.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, NEW.org_id, NEW.record_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE FUNCTION search_custom_field_archived() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_refresh(CASE v.kind WHEN 'contact' THEN 1 WHEN 'account' THEN 2 ELSE 3 END, v.org_id, v.record_id)
  FROM custom_values v WHERE v.org_id = NEW.org_id AND v.field_id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER custom_values_search AFTER INSERT OR UPDATE OR DELETE
  ON custom_values
  FOR EACH ROW EXECUTE FUNCTION search_custom_value_changed();
CREATE TRIGGER custom_fields_search_archive AFTER UPDATE OF archived
  ON custom_fields
  FOR EACH ROW WHEN (NEW.archived IS DISTINCT FROM OLD.archived)
  EXECUTE FUNCTION search_custom_field_archived();

DELETE FROM search_index;
INSERT INTO search_index (org_id, kind, record_id, title, body, doc)
SELECT org_id, kind, record_id, title, body,
  setweight(to_tsvector('fulcrum_search', title), 'A') ||
  setweight(to_tsvector('fulcrum_search', body), 'B')
FROM search_source;
-- @END@
