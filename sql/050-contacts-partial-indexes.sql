-- Two of the contacts' indexes hold a column that most contacts leave empty:
-- the account (a person met before the company is known, or never linked)
-- and the vCard UID (only contacts imported from a vCard carry one). Every
-- query that reads them asks for a value (account_id = ?, vcard_uid = ?, the
-- duplicate guard's account_id IS NOT NULL), so they keep only the rows with
-- one: a contact without them no longer adds a row to two B-trees, which an
-- import of thousands of contacts pays for each row.
DROP INDEX contacts_account;
CREATE INDEX contacts_account ON contacts (org_id, account_id)
  WHERE account_id IS NOT NULL;
DROP INDEX contacts_vcard_uid;
CREATE INDEX contacts_vcard_uid ON contacts (org_id, vcard_uid)
  WHERE vcard_uid IS NOT NULL;
