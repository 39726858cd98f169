ALTER TABLE "fills" ADD COLUMN "sequence" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "sequence" bigserial NOT NULL;