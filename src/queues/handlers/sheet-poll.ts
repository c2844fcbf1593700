import { pollCampaignSheet } from "../../jobs/sheet-poll";
import type { Handler } from "../handler";

/** A campaign's creators' sheet is read once: new rows start, changes are reported. */
export const handleSheetPoll: Handler<"sheet_poll"> = (m, ctx) => pollCampaignSheet(ctx.env, m);
