-- Issue 16: the notifications inbox partitioned by month (docs/inbox-partitions.md). Retention then drops a month
-- whole (DETACH + DROP, no row-by-row delete), and only the current month's indexes take inserts, so ingest costs the
-- same on a database holding years of notifications as on an empty one.
--
-- A partitioned table's unique indexes must include the partition key: the key is `received_month` (the first day,
-- UTC, of `received_at`'s month), the primary key becomes (id, received_month), and the dedupe index
-- (account_id, dedupe_key, received_month). storeNotification also looks in the previous month, so a redelivery is
-- recognised within the month it first arrived and the next one. status_history's foreign key to the inbox goes: it
-- cannot point at a partitioned table's id alone, and a dropped month must not touch the ledger.
--
-- On a large database this migration copies the inbox (it runs in a transaction; the app waits for it at start):
-- 2M notifications took ~1 minute here (README "Scale").
ALTER TABLE "status_history" DROP CONSTRAINT IF EXISTS "status_history_webhook_event_id_webhook_events_id_fk";--> statement-breakpoint
ALTER TABLE "webhook_events" RENAME TO "webhook_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "webhook_events_unpartitioned" RENAME CONSTRAINT "webhook_events_pkey" TO "webhook_events_unpartitioned_pkey";--> statement-breakpoint
DROP INDEX "webhook_events_account_dedupe_idx";--> statement-breakpoint
DROP INDEX "webhook_events_account_received_id_idx";--> statement-breakpoint
DROP INDEX "webhook_events_account_resource_idx";--> statement-breakpoint
DROP INDEX "webhook_events_due_idx";--> statement-breakpoint
DROP INDEX "webhook_events_pending_hint_idx";--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"received_month" date DEFAULT (date_trunc('month', now() at time zone 'utc'))::date NOT NULL,
	"account_id" uuid NOT NULL,
	"gateway" text NOT NULL,
	"channel" text NOT NULL,
	"verification" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"event_id" text,
	"resource_id" text,
	"type" text NOT NULL,
	"action" text,
	"occurred_at" timestamp with time zone,
	"raw_body" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"query" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"result" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
) PARTITION BY RANGE ("received_month");--> statement-breakpoint
-- A notification whose month has no partition yet (the months ahead are kept by the scheduler) lands here rather
-- than being refused; adding its month moves it (webhook_events_add_month).
CREATE TABLE "webhook_events_default" PARTITION OF "webhook_events" DEFAULT;--> statement-breakpoint
-- Adds the partition of `month` (any day in it), named webhook_events_yYYYYmMM, and returns true; false when it is
-- there already. Rows of that month waiting in the default partition move into it first (attaching checks that the
-- default holds none). ATTACH locks the parent only in SHARE UPDATE EXCLUSIVE mode: inserts and reads go on.
CREATE OR REPLACE FUNCTION "webhook_events_add_month"("month" date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  first_day date := date_trunc('month', "month")::date;
  next_first_day date := (date_trunc('month', "month") + interval '1 month')::date;
  partition_name text := format('webhook_events_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
BEGIN
  -- One adder at a time (two instances' schedulers may try the same month at once).
  PERFORM pg_advisory_xact_lock(hashtext('webhook_events_add_month'));
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE webhook_events INCLUDING DEFAULTS)', partition_name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM webhook_events_default WHERE received_month >= %L AND received_month < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
    first_day, next_first_day, partition_name);
  EXECUTE format('ALTER TABLE webhook_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition_name, first_day, next_first_day);
  RETURN true;
END
$$;--> statement-breakpoint
-- Every month the old inbox holds, and this month and the next three.
SELECT "webhook_events_add_month"(m::date)
FROM generate_series(
  least(
    coalesce((SELECT date_trunc('month', min("received_at") at time zone 'utc') FROM "webhook_events_unpartitioned"), date_trunc('month', now() at time zone 'utc')),
    date_trunc('month', now() at time zone 'utc')),
  date_trunc('month', now() at time zone 'utc') + interval '3 months',
  interval '1 month') AS m;--> statement-breakpoint
INSERT INTO "webhook_events" (
	"id", "received_month", "account_id", "gateway", "channel", "verification", "dedupe_key", "event_id", "resource_id", "type",
	"action", "occurred_at", "raw_body", "headers", "query", "status", "attempts", "next_attempt_at", "last_error", "result",
	"received_at", "processed_at")
SELECT
	"id", (date_trunc('month', "received_at" at time zone 'utc'))::date, "account_id", "gateway", "channel", "verification", "dedupe_key", "event_id", "resource_id", "type",
	"action", "occurred_at", "raw_body", "headers", "query", "status", "attempts", "next_attempt_at", "last_error", "result",
	"received_at", "processed_at"
FROM "webhook_events_unpartitioned";--> statement-breakpoint
DROP TABLE "webhook_events_unpartitioned";--> statement-breakpoint
-- The indexes, built once the rows are in (on every partition; a month added later gets them when attached).
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id", "received_month");--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_account_id_gateway_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."gateway_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_account_dedupe_idx" ON "webhook_events" USING btree ("account_id","dedupe_key","received_month");--> statement-breakpoint
CREATE INDEX "webhook_events_pending_hint_idx" ON "webhook_events" USING btree ("account_id","type","resource_id") WHERE "status" = 'pending' and "verification" = 'unverified';--> statement-breakpoint
CREATE INDEX "webhook_events_account_received_id_idx" ON "webhook_events" USING btree ("account_id","received_at","id");--> statement-breakpoint
CREATE INDEX "webhook_events_account_resource_idx" ON "webhook_events" USING btree ("account_id","resource_id");--> statement-breakpoint
CREATE INDEX "webhook_events_due_idx" ON "webhook_events" USING btree ("next_attempt_at") WHERE "status" in ('pending', 'processing');
--> statement-breakpoint
-- Statistics for the new tables at once (autovacuum analyzes the partitions later, but never a partitioned parent).
ANALYZE "webhook_events";
