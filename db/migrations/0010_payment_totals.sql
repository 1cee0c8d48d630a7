CREATE TABLE "payment_totals" (
	"merchant_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"approved_minor" bigint DEFAULT 0 NOT NULL,
	"approved_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_totals_merchant_id_currency_bucket_pk" PRIMARY KEY("merchant_id","currency","bucket")
);
--> statement-breakpoint
ALTER TABLE "payment_totals" ADD CONSTRAINT "payment_totals_merchant_id_users_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_merchant_unread_idx" ON "alerts" USING btree ("merchant_id","created_at") WHERE "alerts"."read_at" is null;--> statement-breakpoint
CREATE INDEX "orders_merchant_created_idx" ON "orders" USING btree ("merchant_id","created_at");--> statement-breakpoint
-- Backfill: the payments recorded so far, with the rule the app keeps from now on (core/payment-totals.ts).
INSERT INTO "payment_totals" ("merchant_id", "currency", "bucket", "approved_minor", "approved_count", "failed_count")
SELECT "merchant_id", "currency", to_timestamp(floor(extract(epoch from "created_at") / 900) * 900) AS "bucket",
  coalesce(sum("amount_minor" - "refunded_minor") FILTER (WHERE "status" = 'approved'), 0),
  count(*) FILTER (WHERE "status" = 'approved'),
  count(*) FILTER (WHERE "status" IN ('rejected', 'cancelled'))
FROM "payments"
WHERE "status" IN ('approved', 'rejected', 'cancelled')
GROUP BY 1, 2, 3;
