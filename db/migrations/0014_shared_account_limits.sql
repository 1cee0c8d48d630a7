-- Issue 16: the per-account limits of the webhook worker, shared by every app instance (README "Webhooks").
-- IF NOT EXISTS on the index: on a large inbox, build it first with CREATE INDEX CONCURRENTLY (README "Scale"), so
-- that this migration, which runs in a transaction and would block writes to webhook_events while it builds, finds it
-- done. The two columns are instant (nullable; a constant default).
ALTER TABLE "gateway_accounts" ADD COLUMN "claims_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gateway_accounts" ADD COLUMN "events_claimed" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_events_account_due_idx" ON "webhook_events" USING btree ("account_id","next_attempt_at") WHERE "webhook_events"."status" in ('pending', 'processing');
