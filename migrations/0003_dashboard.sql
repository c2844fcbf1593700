ALTER TABLE `negotiations` ADD `their_ask_cents` integer;--> statement-breakpoint
CREATE INDEX `negotiations_campaign_updated` ON `negotiations` (`campaign_id`,`updated_at`);