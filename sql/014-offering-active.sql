-- Offerings can be deactivated (Settings → Offerings, PATCH
-- /api/v1/offerings/{id} {"active": false}): a deactivated offering keeps
-- the fits that name it, in the history and the reports, but takes no new
-- fit and is not offered in the fit form.
ALTER TABLE offerings ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
