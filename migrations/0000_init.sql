CREATE TABLE "agent_outputs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent" text NOT NULL,
	"symbol" text,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"correlation_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"latency_ms" integer NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cost_usd" numeric NOT NULL,
	"raw_text" text NOT NULL,
	"output" jsonb,
	"is_valid" boolean NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "candles" (
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"open_time" timestamp with time zone NOT NULL,
	"open" numeric NOT NULL,
	"high" numeric NOT NULL,
	"low" numeric NOT NULL,
	"close" numeric NOT NULL,
	"volume" numeric NOT NULL,
	CONSTRAINT "candles_symbol_timeframe_open_time_pk" PRIMARY KEY("symbol","timeframe","open_time")
);
--> statement-breakpoint
CREATE TABLE "conflict_resolution_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"correlation_id" text,
	"symbol" text,
	"conflicts" jsonb NOT NULL,
	"action" text NOT NULL,
	"confidence" double precision NOT NULL,
	"reasoning" text NOT NULL,
	"modifications" jsonb,
	"model" text,
	"latency_ms" integer NOT NULL,
	"used_default" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coordinator_state" (
	"id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"degradation_level" text NOT NULL,
	"tasks" jsonb NOT NULL,
	"statistics" jsonb NOT NULL,
	"paused_symbols" jsonb NOT NULL,
	"degradation_history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"event_type" text NOT NULL,
	"order_id" uuid,
	"position_id" uuid,
	"symbol" text,
	"correlation_id" text,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"external_trade_id" text,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"size" numeric NOT NULL,
	"price" numeric NOT NULL,
	"fee" numeric NOT NULL,
	"fee_asset" text NOT NULL,
	"filled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fills_external_trade_id_unique" UNIQUE("external_trade_id")
);
--> statement-breakpoint
CREATE TABLE "hodl_bag_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"asset" text NOT NULL,
	"change" numeric NOT NULL,
	"balance_after" numeric NOT NULL,
	"reason" text NOT NULL,
	"source_position_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hodl_bags" (
	"asset" text PRIMARY KEY NOT NULL,
	"amount" numeric NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"agent" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"correlation_id" text,
	"request_hash" text NOT NULL,
	"purpose" text DEFAULT 'answer' NOT NULL,
	"latency_ms" integer NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cost_usd" numeric NOT NULL,
	"is_success" boolean NOT NULL,
	"is_from_recording" boolean NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "model_comparisons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"correlation_id" text NOT NULL,
	"symbol" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"action" text,
	"confidence" double precision,
	"entry_price" numeric,
	"stop_loss" numeric,
	"take_profit" numeric,
	"latency_ms" integer NOT NULL,
	"cost_usd" numeric NOT NULL,
	"is_valid" boolean NOT NULL,
	"is_baseline" boolean DEFAULT false NOT NULL,
	"error" text,
	"agreed_with_consensus" boolean,
	"price_at_decision" numeric,
	"price_after_1h" numeric,
	"price_after_4h" numeric,
	"price_after_24h" numeric,
	"correct_after_1h" boolean,
	"correct_after_4h" boolean,
	"correct_after_24h" boolean
);
--> statement-breakpoint
CREATE TABLE "order_status_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"external_id" text,
	"status" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_order_id" text NOT NULL,
	"external_id" text,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"order_type" text NOT NULL,
	"role" text NOT NULL,
	"size" numeric NOT NULL,
	"price" numeric,
	"trigger_price" numeric,
	"stop_loss" numeric,
	"take_profit" numeric,
	"leverage" integer NOT NULL,
	"status" text NOT NULL,
	"filled_size" numeric NOT NULL,
	"average_fill_price" numeric,
	"fee" numeric NOT NULL,
	"position_id" uuid,
	"parent_order_id" uuid,
	"correlation_id" text,
	"error" text,
	"close_reason" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "orders_client_order_id_unique" UNIQUE("client_order_id")
);
--> statement-breakpoint
CREATE TABLE "portfolio_snapshots" (
	"timestamp" timestamp with time zone PRIMARY KEY NOT NULL,
	"equity" numeric NOT NULL,
	"realized_pnl" numeric NOT NULL,
	"unrealized_pnl" numeric NOT NULL,
	"balances" jsonb NOT NULL,
	"allocation" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "position_snapshots" (
	"timestamp" timestamp with time zone NOT NULL,
	"position_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"current_price" numeric NOT NULL,
	"unrealized_pnl" numeric NOT NULL,
	"unrealized_pnl_pct" numeric NOT NULL,
	CONSTRAINT "position_snapshots_timestamp_position_id_pk" PRIMARY KEY("timestamp","position_id")
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"size" numeric NOT NULL,
	"entry_price" numeric NOT NULL,
	"leverage" integer NOT NULL,
	"stop_loss" numeric,
	"take_profit" numeric,
	"stop_loss_order_id" uuid,
	"take_profit_order_id" uuid,
	"trailing_stop" jsonb,
	"status" text NOT NULL,
	"fees" numeric NOT NULL,
	"open_fees" numeric NOT NULL,
	"fill_ledger" jsonb NOT NULL,
	"exit_price" numeric,
	"realized_pnl" numeric,
	"close_reason" text,
	"correlation_id" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rebalancing_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"correlation_id" text,
	"action" text NOT NULL,
	"allocation" jsonb NOT NULL,
	"trades" jsonb NOT NULL,
	"execution_strategy" jsonb,
	"used_fallback_strategy" boolean NOT NULL,
	"reasoning" text
);
--> statement-breakpoint
CREATE TABLE "risk_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"correlation_id" text,
	"symbol" text,
	"event_type" text NOT NULL,
	"status" text,
	"proposal" jsonb,
	"result" jsonb,
	"reasons" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_state" (
	"id" text PRIMARY KEY NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduled_trades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rebalance_id" uuid,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"amount_usd" numeric NOT NULL,
	"execution_type" text NOT NULL,
	"priority" integer NOT NULL,
	"batch_index" integer NOT NULL,
	"batch_count" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"correlation_id" text,
	"order_id" text,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"executed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trading_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"correlation_id" text NOT NULL,
	"symbol" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"confidence" double precision NOT NULL,
	"entry_price" numeric,
	"stop_loss" numeric,
	"take_profit" numeric,
	"leverage" integer NOT NULL,
	"agreement" double precision NOT NULL,
	"votes" jsonb NOT NULL,
	"reasoning" text,
	"used_fallback_strategy" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "agent_outputs_agent_symbol_created_idx" ON "agent_outputs" USING btree ("agent","symbol","created_at");--> statement-breakpoint
CREATE INDEX "agent_outputs_correlation_idx" ON "agent_outputs" USING btree ("correlation_id");--> statement-breakpoint
CREATE INDEX "candles_open_time_idx" ON "candles" USING btree ("open_time");--> statement-breakpoint
CREATE INDEX "conflict_resolution_log_correlation_idx" ON "conflict_resolution_log" USING btree ("correlation_id");--> statement-breakpoint
CREATE INDEX "execution_events_created_idx" ON "execution_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "execution_events_correlation_idx" ON "execution_events" USING btree ("correlation_id");--> statement-breakpoint
CREATE INDEX "fills_order_idx" ON "fills" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "hodl_bag_history_asset_idx" ON "hodl_bag_history" USING btree ("asset","created_at");--> statement-breakpoint
CREATE INDEX "llm_calls_created_idx" ON "llm_calls" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "model_comparisons_model_created_idx" ON "model_comparisons" USING btree ("model","created_at");--> statement-breakpoint
CREATE INDEX "model_comparisons_decision_idx" ON "model_comparisons" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "order_status_log_order_idx" ON "order_status_log" USING btree ("order_id","timestamp" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "orders_symbol_created_idx" ON "orders" USING btree ("symbol","created_at");--> statement-breakpoint
CREATE INDEX "orders_correlation_idx" ON "orders" USING btree ("correlation_id");--> statement-breakpoint
CREATE INDEX "position_snapshots_position_idx" ON "position_snapshots" USING btree ("position_id","timestamp");--> statement-breakpoint
CREATE INDEX "positions_status_symbol_idx" ON "positions" USING btree ("status","symbol");--> statement-breakpoint
CREATE INDEX "rebalancing_history_created_idx" ON "rebalancing_history" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "risk_events_created_idx" ON "risk_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "risk_events_correlation_idx" ON "risk_events" USING btree ("correlation_id");--> statement-breakpoint
CREATE INDEX "scheduled_trades_status_due_idx" ON "scheduled_trades" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "scheduled_trades_rebalance_idx" ON "scheduled_trades" USING btree ("rebalance_id");--> statement-breakpoint
CREATE INDEX "trading_decisions_symbol_created_idx" ON "trading_decisions" USING btree ("symbol","created_at");--> statement-breakpoint
CREATE INDEX "trading_decisions_correlation_idx" ON "trading_decisions" USING btree ("correlation_id");