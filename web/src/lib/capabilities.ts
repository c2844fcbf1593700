/**
 * What the server offers, read from its own OpenAPI document: features that land later (the
 * campaign brief, answering questions, global pause, replaying failed jobs) appear in the
 * dashboard as soon as the server has them, and never before.
 */
export interface OpenApiDocument {
  paths?: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
}
interface JsonSchema {
  properties?: Record<string, unknown>;
}

export interface Capabilities {
  has(method: string, path: string): boolean;
  /** Fields the create-campaign body accepts. */
  campaignFields: Set<string>;
}

export function capabilitiesOf(doc: OpenApiDocument | undefined): Capabilities {
  const ops = new Set<string>();
  for (const [path, methods] of Object.entries(doc?.paths ?? {}))
    for (const method of Object.keys(methods)) ops.add(`${method.toLowerCase()} ${path}`);
  const schema =
    doc?.paths?.["/api/campaigns"]?.post?.requestBody?.content?.["application/json"]?.schema;
  return {
    has: (method, path) => ops.has(`${method.toLowerCase()} ${path}`),
    campaignFields: new Set(Object.keys(schema?.properties ?? {})),
  };
}

export const FEATURES = {
  answer: ["post", "/api/negotiations/{id}/answer"],
  globalPause: ["post", "/api/settings/pause"],
  globalResume: ["post", "/api/settings/resume"],
  replay: ["post", "/api/failed-jobs/{id}/replay"],
  dismiss: ["post", "/api/notifications/{id}/dismiss"],
  editCampaign: ["put", "/api/campaigns/{id}"],
} as const satisfies Record<string, readonly [string, string]>;

export function hasFeature(
  caps: Capabilities | undefined,
  feature: keyof typeof FEATURES,
): boolean {
  const [method, path] = FEATURES[feature];
  return caps ? caps.has(method, path) : false;
}
