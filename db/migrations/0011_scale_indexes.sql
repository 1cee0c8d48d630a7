-- Issue 16 (docs/scale-plans.md has the plan behind each index). pg_trgm gives the lists' substring search
-- (ILIKE '%…%') an index; it ships with PostgreSQL (contrib) and with PGlite (loaded in db/index.ts).
-- IF NOT EXISTS: on a large database, build these first with CREATE INDEX CONCURRENTLY (README "Scale"), so that the
-- migration, which runs in a transaction and would block writes to the tables while it builds them, finds them done.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_merchant_created_id_idx" ON "payments" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_merchant_status_created_id_idx" ON "payments" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_payer_email_trgm_idx" ON "payments" USING gin ("payer_email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_payer_name_trgm_idx" ON "payments" USING gin ("payer_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_reference_trgm_idx" ON "payments" USING gin ("reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "subscriptions_merchant_created_id_idx" ON "subscriptions" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "subscriptions_merchant_status_created_id_idx" ON "subscriptions" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "subscriptions_payer_email_trgm_idx" ON "subscriptions" USING gin ("payer_email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "subscriptions_reference_trgm_idx" ON "subscriptions" USING gin ("reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_events_account_received_id_idx" ON "webhook_events" USING btree ("account_id","received_at","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_events_account_resource_idx" ON "webhook_events" USING btree ("account_id","resource_id");--> statement-breakpoint
-- The old list indexes, now leading columns of the ones above.
DROP INDEX IF EXISTS "payments_merchant_created_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "subscriptions_merchant_created_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "webhook_events_account_received_idx";
