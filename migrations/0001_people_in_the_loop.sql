CREATE TABLE `slack_messages` (
	`notification_id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`ts` text,
	`posted_at` text NOT NULL,
	`updated_at` text
);
--> statement-breakpoint
CREATE TABLE `slack_nonces` (
	`signature` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `slack_nonces_at` ON `slack_nonces` (`at`);--> statement-breakpoint
ALTER TABLE `negotiations` ADD `pending_approval` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `data` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `resolved_at` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `resolved_by` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `resolution` text;--> statement-breakpoint
CREATE INDEX `notifications_negotiation` ON `notifications` (`negotiation_id`,`at`);