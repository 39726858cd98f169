ALTER TABLE "llm_calls" ADD COLUMN "purpose" text DEFAULT 'answer' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_comparisons" ADD COLUMN "is_baseline" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "trading_decisions" ADD COLUMN "used_fallback_strategy" boolean DEFAULT false NOT NULL;