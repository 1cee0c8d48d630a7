CREATE TABLE "payment_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"gateway_refund_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"gateway_created_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "status_history_once_idx";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reconcile_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reconcile_round" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "last_reconciled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "payment_method_id" text;--> statement-breakpoint
ALTER TABLE "status_history" ADD COLUMN "detail" text;--> statement-breakpoint
ALTER TABLE "status_history" ADD COLUMN "source" text DEFAULT 'notification' NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_charges" ADD COLUMN "installment_status" text;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_gateway_id_idx" ON "payment_refunds" USING btree ("payment_id","gateway_refund_id");--> statement-breakpoint
CREATE INDEX "orders_reconcile_due_idx" ON "orders" USING btree ("reconcile_at") WHERE "orders"."reconcile_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "status_history_once_idx" ON "status_history" USING btree ("entity_type","entity_id","to_status","from_status",coalesce("detail", '')) WHERE "status_history"."from_status" is not null;--> statement-breakpoint
-- Orders already waiting on a checkout join reconciliation's schedule (issue 12): first check 15 minutes after it started.
UPDATE "orders" SET "reconcile_at" = "created_at" + interval '15 minutes' WHERE "status" = 'checkout_created';