-- The custom field definitions join what servers cache per connection
-- (core/memo.h): nearly every read of a contact, an account or a deal needs
-- them. Every change to them, by any node or the CLI, bumps the generation
-- of sql/015 in the same transaction, so the next request reads them again.

-- @SQLITE@
CREATE TRIGGER custom_fields_cache_insert AFTER INSERT ON custom_fields BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER custom_fields_cache_update AFTER UPDATE ON custom_fields BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER custom_fields_cache_delete AFTER DELETE ON custom_fields BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
-- @END@
-- @PG@
CREATE TRIGGER custom_fields_cache AFTER INSERT OR UPDATE OR DELETE ON custom_fields
  FOR EACH STATEMENT EXECUTE FUNCTION cache_generation_bump();
-- @END@
