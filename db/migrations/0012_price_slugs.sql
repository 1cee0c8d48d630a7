CREATE TABLE "price_slugs" (
	"slug" text PRIMARY KEY NOT NULL,
	"price_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "price_slugs" ADD CONSTRAINT "price_slugs_price_id_prices_id_fk" FOREIGN KEY ("price_id") REFERENCES "public"."prices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_slugs_price_idx" ON "price_slugs" USING btree ("price_id");