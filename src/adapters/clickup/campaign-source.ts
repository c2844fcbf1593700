import type { SourceCampaignField, SourceValue } from "../../domain/campaign-fields";
import type {
  CampaignSource,
  CampaignStatusAction,
  SourcedCampaign,
} from "../../ports/campaign-source";
import type { ClickUpApi } from "./api";
import type { ClickUpCustomField } from "./payloads";

export interface ClickUpSourceOptions {
  api: ClickUpApi;
  /** Only tasks in this list are campaigns. */
  listId: string;
  /** Normalized custom field name → the campaign field it fills (CLICKUP_FIELD_MAP). */
  fieldMap: Map<string, { label: string; value: SourceCampaignField }>;
  fieldKey: (name: string) => string;
  /** Lower-cased task status → what it does to the campaign (CLICKUP_STATUS_ACTIONS). */
  statusActions: Map<string, { value: CampaignStatusAction }>;
}

/** A ClickUp task as a campaign: its name, its mapped custom fields and its status. */
export class ClickUpCampaignSource implements CampaignSource {
  readonly name = "clickup";

  constructor(private readonly options: ClickUpSourceOptions) {}

  async fetch(taskId: string): Promise<SourcedCampaign | null> {
    const task = await this.options.api.task(taskId);
    if (!task || task.list?.id !== this.options.listId) return null;
    const fields: SourcedCampaign["fields"] = [];
    const problems: SourcedCampaign["problems"] = [];
    for (const custom of task.custom_fields) {
      const mapped = this.options.fieldMap.get(this.options.fieldKey(custom.name));
      if (!mapped) continue;
      const read = readCustomField(custom);
      if (read.ok) fields.push({ field: mapped.value, label: custom.name, raw: read.raw });
      else problems.push({ field: custom.name, message: read.problem });
    }
    const status = task.status?.status.trim().toLowerCase() ?? null;
    return {
      externalId: task.id,
      name: task.name,
      fields,
      problems,
      status,
      statusAction: (status && this.options.statusActions.get(status)?.value) || null,
    };
  }

  reportProblems(taskId: string, text: string): Promise<void> {
    return this.options.api.comment(taskId, text);
  }
}

type FieldRead = { ok: true; raw: SourceValue } | { ok: false; problem: string };

/** A custom field's value as text, a number or labels, by its type. */
export function readCustomField(field: ClickUpCustomField): FieldRead {
  const { value } = field;
  if (value === undefined || value === null || value === "") return { ok: true, raw: null };
  const options = field.type_config?.options ?? [];
  const optionName = (o: (typeof options)[number]) => o.name ?? o.label ?? "";
  switch (field.type) {
    case "drop_down": {
      // GET task answers the option's orderindex; some payloads carry its id.
      const option = options.find(
        (o) =>
          o.id === value || (o.orderindex !== undefined && Number(o.orderindex) === Number(value)),
      );
      return option
        ? { ok: true, raw: optionName(option) }
        : {
            ok: false,
            problem: `the chosen option (${String(value)}) is not one of the field's options`,
          };
    }
    case "labels": {
      if (!Array.isArray(value)) return { ok: false, problem: "labels are not a list" };
      const names = value
        .map((id) => options.find((o) => o.id === id))
        .filter((o) => o !== undefined);
      return { ok: true, raw: names.map(optionName) };
    }
    case "checkbox":
      return { ok: true, raw: value === true || value === "true" };
    default:
      if (typeof value === "string" || typeof value === "number") return { ok: true, raw: value };
      return { ok: false, problem: `a ${field.type} field cannot hold this campaign value` };
  }
}
