-- Step 4, show how (src/core/line-item.c, src/core/proposal.c).
-- A deal's line items: an offering, a quantity, a unit price in the deal's
-- currency (minor units), a discount in percent and the line's total, which
-- core computes. While a deal has line items its value is their sum.
CREATE TABLE line_items (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  offering_id BIGINT NOT NULL,
  quantity BIGINT NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 1000000),
  unit_price_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  discount BIGINT NOT NULL DEFAULT 0 CHECK (discount BETWEEN 0 AND 100),
  total_minor BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id),
  FOREIGN KEY (org_id, offering_id) REFERENCES offerings (org_id, id)
);
CREATE INDEX line_items_deal ON line_items (org_id, deal_id);

-- The proposal documents built from a deal: each build is a new version
-- (1, 2, ...) of the deal's proposal, kept as the HTML it was; sending one
-- records when and the interaction that logged it.
CREATE TABLE proposals (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  number BIGINT NOT NULL,
  html TEXT NOT NULL,
  total_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  interaction_id BIGINT,
  @KEY@,
  UNIQUE (org_id, deal_id, number),
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
