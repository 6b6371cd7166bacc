-- E-mail addresses of users are one address whatever their case, and the
-- login limit counts per (email, address), per address and per email
-- (src/core/auth.c, login-limit.c).

-- Users whose addresses differ only in case: the first (lowest id) keeps the
-- address; each other one is renamed to 'duplicate-<id>-<address>', which
-- stays a valid, unique address, and the rename is in the history so an
-- admin finds it and gives the user the address they want.
@SQLITE@
INSERT INTO events (org_id, at, actor_id, entity, entity_id, action, reason)
SELECT u.org_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL, 'user', u.id,
       'update', 'e-mail ' || u.email || ' is the same address as user ' ||
       (SELECT MIN(f.id) FROM users f WHERE f.org_id = u.org_id AND
        lower(f.email) = lower(u.email)) ||
       ' ignoring case: renamed to duplicate-' || u.id || '-' || lower(u.email)
  FROM users u
 WHERE EXISTS (SELECT 1 FROM users f WHERE f.org_id = u.org_id AND
               lower(f.email) = lower(u.email) AND f.id < u.id);
@END@
@PG@
INSERT INTO events (org_id, at, actor_id, entity, entity_id, action, reason)
SELECT u.org_id, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       NULL, 'user', u.id,
       'update', 'e-mail ' || u.email || ' is the same address as user ' ||
       (SELECT MIN(f.id) FROM users f WHERE f.org_id = u.org_id AND
        lower(f.email) = lower(u.email)) ||
       ' ignoring case: renamed to duplicate-' || u.id || '-' || lower(u.email)
  FROM users u
 WHERE EXISTS (SELECT 1 FROM users f WHERE f.org_id = u.org_id AND
               lower(f.email) = lower(u.email) AND f.id < u.id);
@END@
UPDATE users SET email = 'duplicate-' || id || '-' || lower(email),
       version = version + 1
 WHERE EXISTS (SELECT 1 FROM users f WHERE f.org_id = users.org_id AND
               lower(f.email) = lower(users.email) AND f.id < users.id);
UPDATE users SET email = lower(email) WHERE email <> lower(email);
CREATE UNIQUE INDEX users_email_ci ON users (org_id, lower(email));

-- The counters restart under the new scheme; succeeded_at marks an (email,
-- address) pair that has signed in, which distributed guessing at that
-- email does not slow down. locked_until is no longer used.
DELETE FROM login_attempts;
ALTER TABLE login_attempts ADD COLUMN succeeded_at TEXT;
CREATE INDEX login_attempts_failed ON login_attempts (last_failure_at);
CREATE INDEX login_attempts_succeeded ON login_attempts (succeeded_at);
