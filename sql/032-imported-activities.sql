-- Interactions brought in from another CRM's activities (import
-- activities, src/core/import/activities.c): the other CRM never recorded
-- whether the talk ended in an agreed next step, so an imported one says
-- so, agreement_known 0, rather than claiming a "no". Reports read it as
-- docs/reports.md ("Imported activities") says.
ALTER TABLE interactions ADD COLUMN agreement_known BIGINT NOT NULL DEFAULT 1;
