CREATE TABLE `campaign_source_records` (
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`status` text,
	`commented_problems` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`source`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `sheet_polls` (
	`campaign_id` text PRIMARY KEY NOT NULL,
	`queued_at` text NOT NULL,
	`polled_at` text
);
--> statement-breakpoint
CREATE TABLE `sheet_rows` (
	`campaign_id` text NOT NULL,
	`row_key` text NOT NULL,
	`status` text NOT NULL,
	`email` text,
	`fingerprint` text,
	`negotiation_id` text,
	`problem` text,
	`notified_change` text,
	`row_number` integer NOT NULL,
	`first_seen_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	PRIMARY KEY(`campaign_id`, `row_key`)
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `sheet_url` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `sheet_tab` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `status` text DEFAULT 'active' NOT NULL;