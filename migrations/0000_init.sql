CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`type` text NOT NULL,
	`campaign_id` text,
	`negotiation_id` text,
	`creator_name` text,
	`creator_email` text,
	`actor` text NOT NULL,
	`state_from` text,
	`state_to` text,
	`amount_cents` integer,
	`request_id` text,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_events` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_campaign_at` ON `audit_events` (`campaign_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_negotiation_at` ON `audit_events` (`negotiation_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_type_at` ON `audit_events` (`type`,`at`);--> statement-breakpoint
CREATE INDEX `audit_actor_at` ON `audit_events` (`actor`,`at`);--> statement-breakpoint
CREATE INDEX `audit_creator_email` ON `audit_events` (`creator_email`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`external_id` text,
	`name` text NOT NULL,
	`terms` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_external_id` ON `campaigns` (`external_id`);--> statement-breakpoint
CREATE TABLE `failed_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`kind` text NOT NULL,
	`effect_key` text,
	`negotiation_id` text,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`failed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `failed_jobs_failed_at` ON `failed_jobs` (`failed_at`);--> statement-breakpoint
CREATE TABLE `negotiations` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`creator_name` text NOT NULL,
	`creator_email` text NOT NULL,
	`platform` text NOT NULL,
	`state` text NOT NULL,
	`round` integer NOT NULL,
	`last_offer_cents` integer,
	`last_offer_cpm_cents` integer,
	`agreed_cents` integer,
	`agreed_cpm_cents` integer,
	`counterparty_type` text NOT NULL,
	`agency` text,
	`contacts` text NOT NULL,
	`next_timer_at` text,
	`seq` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `negotiations_campaign_creator` ON `negotiations` (`campaign_id`,`creator_email`);--> statement-breakpoint
CREATE INDEX `negotiations_campaign_state` ON `negotiations` (`campaign_id`,`state`);--> statement-breakpoint
CREATE INDEX `negotiations_agency` ON `negotiations` (`agency`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`campaign_id` text,
	`negotiation_id` text,
	`title` text NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notifications_at` ON `notifications` (`at`);--> statement-breakpoint
CREATE TABLE `unmatched_emails` (
	`id` text PRIMARY KEY NOT NULL,
	`received_at` text NOT NULL,
	`from_address` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`reason` text NOT NULL
);
