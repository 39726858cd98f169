CREATE TABLE "llm_model_health" (
	"model" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"model_id" text NOT NULL,
	"consecutive_failures" integer NOT NULL,
	"unhealthy_until" timestamp with time zone,
	"last_error" jsonb,
	"last_success_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
