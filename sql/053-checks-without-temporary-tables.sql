-- A CHECK of the form `col IN ('a', 'b', 'c')` makes SQLite fill a
-- temporary B-tree with the list at every INSERT of the table (EXPLAIN
-- shows OpenEphemeral; the list is built once only in a WHERE clause), a
-- cost an import pays for every row. The same constraint written as
-- `col = 'a' OR col = 'b' OR col = 'c'` accepts and refuses exactly the
-- same values (a NULL passes both) and is a few comparisons. The tables an
-- import, a logged call or a won deal write are rewritten in place, as
-- 018 widened two of them: SQLite documents editing the schema's text for
-- constraint changes that leave the stored rows valid, which the same
-- constraint does. Lists of two are left: SQLite compares those without a
-- table already. PostgreSQL's checks cost nothing of the kind and stay.
@SQLITE@
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql,
  'status IN (''prospect'', ''customer'', ''former'')',
  'status = ''prospect'' OR status = ''customer'' OR
    status = ''former''')
WHERE type = 'table' AND name = 'accounts';
UPDATE sqlite_master SET sql = replace(sql,
  'source IN (''referral'', ''inbound'', ''outbound'', ''event'',
                                ''web'', ''other'')',
  'source = ''referral'' OR source = ''inbound'' OR
    source = ''outbound'' OR source = ''event'' OR source = ''web'' OR
    source = ''other''')
WHERE type = 'table' AND name = 'contacts';
UPDATE sqlite_master SET sql = replace(sql,
  'status IN (''open'', ''won'', ''lost'', ''disqualified'')',
  'status = ''open'' OR status = ''won'' OR status = ''lost'' OR
    status = ''disqualified''')
WHERE type = 'table' AND name = 'deals';
UPDATE sqlite_master SET sql = replace(sql,
  'kind IN (''call'', ''meeting'', ''email'', ''web'', ''visit'')',
  'kind = ''call'' OR kind = ''meeting'' OR kind = ''email'' OR
    kind = ''web'' OR kind = ''visit''')
WHERE type = 'table' AND name = 'interactions';
UPDATE sqlite_master SET sql = replace(sql,
  'type IN (''appointment'', ''demo'', ''trial'', ''evaluation'', ''committee'',
                    ''proposal'', ''order'', ''follow-up'', ''other'')',
  'type = ''appointment'' OR type = ''demo'' OR type = ''trial'' OR
    type = ''evaluation'' OR type = ''committee'' OR
    type = ''proposal'' OR type = ''order'' OR type = ''follow-up'' OR
    type = ''other''')
WHERE type = 'table' AND name = 'next_steps';
UPDATE sqlite_master SET sql = replace(sql,
  'status IN (''open'', ''done'', ''missed'')',
  'status = ''open'' OR status = ''done'' OR status = ''missed''')
WHERE type = 'table' AND name = 'next_steps';
PRAGMA writable_schema = RESET;
@END@
-- A table made and dropped moves the schema's version on, so that every
-- open connection reads the new text.
CREATE TABLE schema_step_053 (x BIGINT);
DROP TABLE schema_step_053;
