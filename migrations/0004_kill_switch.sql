CREATE TABLE `held_sends` (
	`negotiation_id` text PRIMARY KEY NOT NULL,
	`held_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `failed_jobs` ADD `replayed_at` text;--> statement-breakpoint
ALTER TABLE `failed_jobs` ADD `replayed_by` text;