-- The generation of what servers cache per connection (core/memo.h): an
-- API token's owner, users as actors, processes and their steps. Every
-- change to those rows, by any node or the CLI, bumps the one counter in
-- the same transaction; a server compares it once per request and starts
-- its caches afresh when it moved. A token's last use (written at most
-- once a minute) does not count: no cached answer depends on it.
CREATE TABLE cache_generation (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);
INSERT INTO cache_generation (id, n) VALUES (1, 0);

-- @SQLITE@
CREATE TRIGGER users_cache_insert AFTER INSERT ON users BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER users_cache_update AFTER UPDATE ON users BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER users_cache_delete AFTER DELETE ON users BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER processes_cache_insert AFTER INSERT ON processes BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER processes_cache_update AFTER UPDATE ON processes BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER processes_cache_delete AFTER DELETE ON processes BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER steps_cache_insert AFTER INSERT ON steps BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER steps_cache_update AFTER UPDATE ON steps BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER steps_cache_delete AFTER DELETE ON steps BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER api_tokens_cache_insert AFTER INSERT ON api_tokens
BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER api_tokens_cache_update AFTER UPDATE OF org_id, user_id, token_hash, revoked ON api_tokens
BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER api_tokens_cache_delete AFTER DELETE ON api_tokens
BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
END;
-- @END@
-- @PG@
CREATE FUNCTION cache_generation_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cache_generation SET n = n + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER users_cache AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION cache_generation_bump();
CREATE TRIGGER processes_cache AFTER INSERT OR UPDATE OR DELETE ON processes
  FOR EACH STATEMENT EXECUTE FUNCTION cache_generation_bump();
CREATE TRIGGER steps_cache AFTER INSERT OR UPDATE OR DELETE ON steps
  FOR EACH STATEMENT EXECUTE FUNCTION cache_generation_bump();
CREATE TRIGGER api_tokens_cache AFTER INSERT OR DELETE OR UPDATE OF
  org_id, user_id, token_hash, revoked ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION cache_generation_bump();
-- @END@
