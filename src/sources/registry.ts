import { ClickUpApi } from "../adapters/clickup/api";
import { ClickUpCampaignSource } from "../adapters/clickup/campaign-source";
import { SheetsApi } from "../adapters/google-sheets/api";
import { GoogleSheetsCreatorSource } from "../adapters/google-sheets/creator-source";
import { ServiceAccountTokenSource } from "../adapters/google-sheets/service-account";
import type { Config } from "../env";
import type { CampaignSource } from "../ports/campaign-source";
import type { CreatorSource } from "../ports/creator-source";
import { fieldKey } from "./config";

/**
 * The configured campaign and creator sources. A new source is an adapter, its config (in
 * config.ts) and one entry in each list below; nothing else names a source.
 */

type Factory<T> = (config: Config) => T | null;

const CAMPAIGN_SOURCES: Record<string, Factory<CampaignSource>> = {
  clickup: (config) =>
    config.CLICKUP_API_TOKEN && config.CLICKUP_LIST_ID
      ? new ClickUpCampaignSource({
          api: new ClickUpApi({
            token: config.CLICKUP_API_TOKEN,
            baseUrl: config.CLICKUP_API_BASE_URL,
          }),
          listId: config.CLICKUP_LIST_ID,
          fieldMap: config.CLICKUP_FIELD_MAP,
          fieldKey,
          statusActions: config.CLICKUP_STATUS_ACTIONS,
        })
      : null,
};

const CREATOR_SOURCES: Factory<CreatorSource>[] = [
  (config) => {
    const key = config.GOOGLE_SERVICE_ACCOUNT_KEY;
    if (!key) return null;
    return new GoogleSheetsCreatorSource(
      new SheetsApi({
        tokens: sheetsTokens(key.client_email, key.private_key, config.GOOGLE_TOKEN_URL),
        baseUrl: config.GOOGLE_SHEETS_API_BASE_URL,
      }),
    );
  },
];

export function campaignSource(config: Config, name: string): CampaignSource | null {
  return CAMPAIGN_SOURCES[name]?.(config) ?? null;
}

/** The configured source that reads this location, or null (none configured, or none reads it). */
export function creatorSourceFor(config: Config, location: string): CreatorSource | null {
  for (const factory of CREATOR_SOURCES) {
    const source = factory(config);
    if (source?.accepts(location)) return source;
  }
  return null;
}

/** Whether any creator source is configured (the cron polls nothing otherwise). */
export const anyCreatorSource = (config: Config) => CREATOR_SOURCES.some((f) => f(config) !== null);

/** Access tokens live per isolate, so one is reused until it expires. */
const tokenSources = new Map<string, ServiceAccountTokenSource>();

function sheetsTokens(clientEmail: string, privateKey: string, tokenUrl: string) {
  const id = `${clientEmail}|${tokenUrl}`;
  let tokens = tokenSources.get(id);
  if (!tokens) {
    tokens = new ServiceAccountTokenSource({
      clientEmail,
      privateKey,
      tokenUrl,
      scope: "https://www.googleapis.com/auth/spreadsheets",
    });
    tokenSources.set(id, tokens);
  }
  return tokens;
}
