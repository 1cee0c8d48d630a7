-- Issue 16: the per-account limits of the webhook worker, shared by every app instance (README "Webhooks").
-- The two columns are instant (nullable; a constant default). The index holds only pending and processing
-- notifications, so it is tiny, but building it reads every month of the inbox once (a few seconds at 2 M
-- notifications), with writes to the inbox waiting meanwhile. IF NOT EXISTS: on a much larger inbox, build it
-- beforehand (README "Scale": per month CONCURRENTLY, then attached to the parent's index) and this finds it done.
ALTER TABLE "gateway_accounts" ADD COLUMN "claims_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gateway_accounts" ADD COLUMN "events_claimed" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_events_account_due_idx" ON "webhook_events" USING btree ("account_id","next_attempt_at") WHERE "webhook_events"."status" in ('pending', 'processing');
