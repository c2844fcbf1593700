import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, api } from "../api/client";
import { keys } from "../api/queries";
import type { Campaign } from "../api/types";
import { useSession } from "../auth/session";
import { BriefFields, TierSharesFields } from "../components/brief-fields";
import { Section, Toggle } from "../components/form-parts";
import { ErrorState, Field, Loading, Notice, PageHeader } from "../components/ui";
import {
  AUTONOMY,
  type CampaignForm,
  campaignBody,
  EMAIL_PURPOSES,
  emptyForm,
  type FieldErrors,
  formFromCampaign,
  WEEKDAYS,
} from "../lib/campaign-form";

export function CampaignNewPage() {
  return <CampaignEditor initial={emptyForm()} />;
}

export function CampaignEditPage() {
  const { id = "" } = useParams();
  const q = useQuery({
    queryKey: keys.campaign(id),
    queryFn: () => api.get<Campaign>(`/api/campaigns/${id}`, { negotiationsLimit: 0 }),
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState title="The campaign could not be loaded" error={q.error} />;
  return <CampaignEditor initial={formFromCampaign(q.data)} campaign={q.data} />;
}

const fieldId = (path: string) => `f-${path.replace(/\./g, "-")}`;

function CampaignEditor({ initial, campaign }: { initial: CampaignForm; campaign?: Campaign }) {
  const { can } = useSession();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const navigate = useNavigate();
  const client = useQueryClient();
  const set = <K extends keyof CampaignForm>(key: K, value: CampaignForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      campaign
        ? api.put<Campaign>(`/api/campaigns/${campaign.id}`, body)
        : api.post<Campaign>("/api/campaigns", body),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: keys.campaigns });
      void client.invalidateQueries({ queryKey: keys.campaign(saved.id) });
      navigate(`/campaigns/${saved.id}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fieldIssues().length) {
        const byField: FieldErrors = {};
        for (const d of e.fieldIssues()) byField[d.field.replace(/\.\d+$/, "")] ??= d.message;
        setErrors(byField);
        setFormError("Some fields need attention; each one says what is wrong.");
        focusFirstError();
      } else setFormError(e instanceof Error ? e.message : String(e));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const { body, errors: local } = campaignBody(form);
    setErrors(local);
    if (Object.keys(local).length) {
      setFormError("Some fields need attention; each one says what is wrong.");
      focusFirstError();
      return;
    }
    setFormError(null);
    save.mutate(body);
  }

  const input = (path: string, key: keyof CampaignForm, props: Record<string, unknown> = {}) => (
    <input
      id={fieldId(path)}
      className="input"
      value={form[key] as string}
      onChange={(e) => set(key, e.target.value as never)}
      aria-invalid={errors[path] ? true : undefined}
      aria-describedby={errors[path] ? `${fieldId(path)}-error` : undefined}
      {...props}
    />
  );
  const err = (path: string) => errors[path];
  const readOnly = !can("operator");

  return (
    <>
      <PageHeader title={campaign ? `Edit ${campaign.name}` : "New campaign"}>
        {campaign
          ? "Changes apply to negotiations started from now on; running ones keep the terms they started with."
          : "Money is in US dollars; Parley stores and negotiates in cents."}
      </PageHeader>
      {readOnly && <Notice>You can read this campaign; editing needs the operator role.</Notice>}
      <form onSubmit={submit} noValidate className="space-y-6" aria-label="Campaign">
        <fieldset disabled={readOnly || save.isPending} className="space-y-6">
          <Section title="Basics">
            <Field id={fieldId("name")} label="Name" error={err("name")}>
              {input("name", "name", { required: true, maxLength: 200 })}
            </Field>
            <Field
              id={fieldId("externalId")}
              label="External id (optional)"
              hint="e.g. the ClickUp task id; creating with an existing one updates that campaign."
              error={err("externalId")}
            >
              {input("externalId", "externalId")}
            </Field>
            <Field
              id={fieldId("sheetUrl")}
              label="Creators' Google Sheet (optional)"
              hint="Shared with Parley's service account; new rows start negotiations."
              error={err("sheetUrl")}
            >
              {input("sheetUrl", "sheetUrl", { inputMode: "url" })}
            </Field>
            <Field
              id={fieldId("sheetTab")}
              label="Sheet tab (optional)"
              hint="Matched ignoring case; by default the tab the link opens."
              error={err("sheetTab")}
            >
              {input("sheetTab", "sheetTab")}
            </Field>
          </Section>

          <Section title="Price and budget">
            <Field
              id={fieldId("cpmTargetCents")}
              label="CPM target ($ per 1,000 views)"
              error={err("cpmTargetCents")}
            >
              {input("cpmTargetCents", "cpmTarget", { inputMode: "decimal" })}
            </Field>
            <Field
              id={fieldId("leniencyPct")}
              label="Leniency above target (%)"
              hint="The ceiling is target × (1 + leniency)."
              error={err("leniencyPct")}
            >
              {input("leniencyPct", "leniencyPct", { inputMode: "decimal" })}
            </Field>
            <Field
              id={fieldId("minCostPerCreatorCents")}
              label="Minimum cost per creator ($)"
              error={err("minCostPerCreatorCents")}
            >
              {input("minCostPerCreatorCents", "minCostPerCreator", { inputMode: "decimal" })}
            </Field>
            <Field
              id={fieldId("maxCostWithoutApprovalCents")}
              label="Most Parley may agree without approval ($)"
              error={err("maxCostWithoutApprovalCents")}
            >
              {input("maxCostWithoutApprovalCents", "maxCostWithoutApproval", {
                inputMode: "decimal",
              })}
            </Field>
            <Field
              id={fieldId("budgetCents")}
              label="Campaign budget ($)"
              hint="Empty: no budget pool."
              error={err("budgetCents")}
            >
              {input("budgetCents", "budget", { inputMode: "decimal" })}
            </Field>
            <Field
              id={fieldId("maxRounds")}
              label="Most rounds before a person decides"
              error={err("maxRounds")}
            >
              {input("maxRounds", "maxRounds", { inputMode: "numeric" })}
            </Field>
          </Section>

          <Section title="Deliverables and terms">
            <div className="sm:col-span-2">
              <p className="label">Deliverable tiers, richest first</p>
              <div className="mt-1 grid gap-2 sm:grid-cols-3">
                {form.tiers.map((tier, i) => (
                  <input
                    // biome-ignore lint/suspicious/noArrayIndexKey: three fixed slots
                    key={i}
                    id={fieldId(`deliverableTiers.${i}`)}
                    aria-label={`Tier ${i + 1}`}
                    className="input"
                    value={tier}
                    onChange={(e) => {
                      const tiers = [...form.tiers] as CampaignForm["tiers"];
                      tiers[i] = e.target.value;
                      set("tiers", tiers);
                    }}
                  />
                ))}
              </div>
              {err("deliverableTiers") && (
                <p className="mt-1 text-sm text-red-700">{err("deliverableTiers")}</p>
              )}
            </div>
            <TierSharesFields
              shares={form.tierShares}
              onChange={(v) => set("tierShares", v)}
              error={err("tierShares")}
            />
            <Toggle
              id={fieldId("usageRights")}
              label="Ask for usage rights"
              checked={form.usageRightsOn}
              onChange={(v) => set("usageRightsOn", v)}
            />
            {form.usageRightsOn && (
              <div className="grid grid-cols-2 gap-3">
                <Field
                  id={fieldId("usageRights.targetDays")}
                  label="Target days"
                  error={err("usageRights.targetDays") ?? err("usageRights")}
                >
                  {input("usageRights.targetDays", "usageTargetDays", { inputMode: "numeric" })}
                </Field>
                <Field
                  id={fieldId("usageRights.minimumDays")}
                  label="Minimum days"
                  error={err("usageRights.minimumDays")}
                >
                  {input("usageRights.minimumDays", "usageMinimumDays", { inputMode: "numeric" })}
                </Field>
              </div>
            )}
            <Toggle
              id={fieldId("product")}
              label="Offer a product perk"
              checked={form.productOn}
              onChange={(v) => set("productOn", v)}
            />
            {form.productOn && (
              <div className="grid grid-cols-2 gap-3">
                <Field
                  id={fieldId("product.description")}
                  label="Product"
                  error={err("product.description")}
                >
                  {input("product.description", "productDescription")}
                </Field>
                <Field
                  id={fieldId("product.valueCents")}
                  label="Its value ($)"
                  error={err("product.valueCents")}
                >
                  {input("product.valueCents", "productValue", { inputMode: "decimal" })}
                </Field>
              </div>
            )}
            <Toggle
              id={fieldId("syndication")}
              label="Ask for cross-posting (syndication)"
              checked={form.syndication}
              onChange={(v) => set("syndication", v)}
            />
            <Field
              id={fieldId("paymentTerms")}
              label="Payment terms"
              hint="Empty: the team's default."
              error={err("paymentTerms")}
            >
              {input("paymentTerms", "paymentTerms")}
            </Field>
          </Section>

          <Section title="Autonomy">
            <Field id={fieldId("autonomy")} label="Who sends" error={err("autonomy")}>
              <select
                id={fieldId("autonomy")}
                className="input"
                value={form.autonomy}
                onChange={(e) => set("autonomy", e.target.value as CampaignForm["autonomy"])}
              >
                {AUTONOMY.map((a) => (
                  <option key={a} value={a}>
                    {
                      {
                        review: "Review: a person approves every email",
                        delayed: "Delayed: sends after a window unless stopped",
                        autonomous: "Autonomous: sends within thresholds",
                      }[a]
                    }
                  </option>
                ))}
              </select>
            </Field>
            {form.autonomy === "delayed" && (
              <Field
                id={fieldId("approvalWindowMinutes")}
                label="Cancel window (minutes)"
                error={err("approvalWindowMinutes")}
              >
                {input("approvalWindowMinutes", "approvalWindowMinutes", { inputMode: "numeric" })}
              </Field>
            )}
            {form.autonomy === "autonomous" && (
              <>
                <Field
                  id={fieldId("autoSend.maxAmountCents")}
                  label="Auto-send offers up to ($)"
                  hint="Empty: up to the approval limit above."
                  error={err("autoSend.maxAmountCents")}
                >
                  {input("autoSend.maxAmountCents", "autoSendMaxAmount", { inputMode: "decimal" })}
                </Field>
                <Field
                  id={fieldId("autoSend.minConfidence")}
                  label="Least confidence in the reading (0–1)"
                  error={err("autoSend.minConfidence")}
                >
                  {input("autoSend.minConfidence", "autoSendMinConfidence", {
                    inputMode: "decimal",
                  })}
                </Field>
                <fieldset className="sm:col-span-2">
                  <legend className="label">Emails that may go out on their own</legend>
                  <div className="mt-1 flex flex-wrap gap-3">
                    {EMAIL_PURPOSES.map((p) => (
                      <label key={p} className="inline-flex items-center gap-1 text-sm">
                        <input
                          type="checkbox"
                          checked={form.autoSendPurposes.includes(p)}
                          onChange={(e) =>
                            set(
                              "autoSendPurposes",
                              e.target.checked
                                ? [...form.autoSendPurposes, p]
                                : form.autoSendPurposes.filter((x) => x !== p),
                            )
                          }
                        />
                        {p.replace("_", " ")}
                      </label>
                    ))}
                  </div>
                </fieldset>
              </>
            )}
          </Section>

          <Section title="Sending">
            <Toggle
              id={fieldId("sendWindow")}
              label="Only send inside a window (in each creator's time zone)"
              checked={form.sendWindowOn}
              onChange={(v) => set("sendWindowOn", v)}
            />
            {form.sendWindowOn && (
              <div className="space-y-2 sm:col-span-2">
                <fieldset>
                  <legend className="label">Days</legend>
                  <div className="mt-1 flex flex-wrap gap-3">
                    {WEEKDAYS.map((d) => (
                      <label key={d} className="inline-flex items-center gap-1 text-sm capitalize">
                        <input
                          type="checkbox"
                          checked={form.sendDays.includes(d)}
                          onChange={(e) =>
                            set(
                              "sendDays",
                              e.target.checked
                                ? [...form.sendDays, d]
                                : form.sendDays.filter((x) => x !== d),
                            )
                          }
                        />
                        {d}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="grid grid-cols-2 gap-3">
                  <Field
                    id={fieldId("sendWindow.start")}
                    label="From"
                    error={err("sendWindow.start") ?? err("sendWindow")}
                  >
                    {input("sendWindow.start", "sendStart", { type: "time" })}
                  </Field>
                  <Field id={fieldId("sendWindow.end")} label="Until" error={err("sendWindow.end")}>
                    {input("sendWindow.end", "sendEnd", { type: "time" })}
                  </Field>
                </div>
              </div>
            )}
            <Field
              id={fieldId("followUps.afterBusinessDays")}
              label="Follow up after (business days)"
              hint="Comma-separated, e.g. 2, 4; empty for none."
              error={err("followUps.afterBusinessDays") ?? err("followUps")}
            >
              {input("followUps.afterBusinessDays", "followUpDays")}
            </Field>
          </Section>

          <BriefFields brief={form.brief} onChange={(b) => set("brief", b)} errors={errors} />
        </fieldset>

        {formError && <Notice tone="error">{formError}</Notice>}
        <div className="flex gap-2">
          {!readOnly && (
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : campaign ? "Save changes" : "Create campaign"}
            </button>
          )}
          <Link to={campaign ? `/campaigns/${campaign.id}` : "/"} className="btn">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}

function focusFirstError() {
  requestAnimationFrame(() => {
    const first = document.querySelector<HTMLElement>("[aria-invalid=true]");
    first?.focus();
  });
}
