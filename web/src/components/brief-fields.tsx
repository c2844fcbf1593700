import { type BriefForm, type CampaignForm, type FieldErrors, MAX_FAQ } from "../lib/campaign-form";
import { Section, Toggle } from "./form-parts";
import { Field } from "./ui";

/**
 * The campaign brief: the only facts Parley may answer creators' questions from. Shown only when
 * the server's campaign contract has `brief` (read from its OpenAPI document).
 */
export function BriefFields({
  brief,
  onChange,
  errors,
}: {
  brief: BriefForm;
  onChange: (b: BriefForm) => void;
  errors: FieldErrors;
}) {
  const set = <K extends keyof BriefForm>(k: K, v: BriefForm[K]) => onChange({ ...brief, [k]: v });
  const text = (id: string, key: keyof BriefForm, props: Record<string, unknown> = {}) => (
    <input
      id={id}
      className="input"
      value={brief[key] as string}
      onChange={(e) => set(key, e.target.value as never)}
      {...props}
    />
  );
  return (
    <Section title="Brief">
      <Toggle
        id="f-brief"
        label="Give Parley a brief to answer creators' questions from"
        checked={brief.on}
        onChange={(v) => set("on", v)}
      />
      {brief.on && (
        <>
          <Field
            id="f-brief-postingWindow-start"
            label="Posting window from"
            error={errors["brief.postingWindow.start"] ?? errors["brief.postingWindow"]}
          >
            {text("f-brief-postingWindow-start", "postingStart", { type: "date" })}
          </Field>
          <Field
            id="f-brief-postingWindow-end"
            label="Posting window until"
            error={errors["brief.postingWindow.end"]}
          >
            {text("f-brief-postingWindow-end", "postingEnd", { type: "date" })}
          </Field>
          <Field
            id="f-brief-revisionRounds"
            label="Revision rounds (0–5)"
            hint="Empty: not stated."
            error={errors["brief.revisionRounds"]}
          >
            {text("f-brief-revisionRounds", "revisionRounds", { inputMode: "numeric" })}
          </Field>
          <Toggle
            id="f-brief-contentApproval"
            label="We approve content before it goes live"
            checked={brief.contentApproval}
            onChange={(v) => set("contentApproval", v)}
          />
          <Toggle
            id="f-brief-exclusivity"
            label="Exclusivity"
            checked={brief.exclusivityOn}
            onChange={(v) => set("exclusivityOn", v)}
          />
          {brief.exclusivityOn && (
            <>
              <Field
                id="f-brief-exclusivity-days"
                label="Exclusive for (days)"
                error={errors["brief.exclusivity.days"]}
              >
                {text("f-brief-exclusivity-days", "exclusivityDays", { inputMode: "numeric" })}
              </Field>
              <Field
                id="f-brief-exclusivity-category"
                label="Category"
                error={errors["brief.exclusivity.category"]}
              >
                {text("f-brief-exclusivity-category", "exclusivityCategory")}
              </Field>
            </>
          )}
          <div className="sm:col-span-2">
            <Field
              id="f-brief-productDetails"
              label="Product details"
              error={errors["brief.productDetails"]}
            >
              <textarea
                id="f-brief-productDetails"
                className="input"
                rows={3}
                value={brief.productDetails}
                onChange={(e) => set("productDetails", e.target.value)}
              />
            </Field>
          </div>
          <fieldset className="space-y-2 sm:col-span-2">
            <legend className="label">
              Questions and answers ({brief.faq.length}/{MAX_FAQ})
            </legend>
            {brief.faq.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
              <div key={i} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto]">
                <input
                  aria-label={`Question ${i + 1}`}
                  className="input"
                  value={f.question}
                  onChange={(e) =>
                    set(
                      "faq",
                      brief.faq.map((x, j) => (j === i ? { ...x, question: e.target.value } : x)),
                    )
                  }
                />
                <input
                  aria-label={`Answer ${i + 1}`}
                  className="input"
                  value={f.answer}
                  onChange={(e) =>
                    set(
                      "faq",
                      brief.faq.map((x, j) => (j === i ? { ...x, answer: e.target.value } : x)),
                    )
                  }
                />
                <button
                  type="button"
                  className="btn"
                  onClick={() =>
                    set(
                      "faq",
                      brief.faq.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove
                </button>
              </div>
            ))}
            {errors["brief.faq"] && <p className="text-sm text-red-700">{errors["brief.faq"]}</p>}
            <button
              type="button"
              className="btn"
              disabled={brief.faq.length >= MAX_FAQ}
              onClick={() => set("faq", [...brief.faq, { question: "", answer: "" }])}
            >
              Add a question
            </button>
          </fieldset>
        </>
      )}
    </Section>
  );
}

/** Percent of the full-package price per deliverable tier (when the contract has `tierShares`). */
export function TierSharesFields({
  shares,
  onChange,
  error,
}: {
  shares: CampaignForm["tierShares"];
  onChange: (s: CampaignForm["tierShares"]) => void;
  error?: string;
}) {
  return (
    <div className="sm:col-span-2">
      <p className="label">Price share per tier (% of the full package)</p>
      <div className="mt-1 grid grid-cols-3 gap-2">
        {shares.map((s, i) => (
          <input
            // biome-ignore lint/suspicious/noArrayIndexKey: three fixed slots
            key={i}
            aria-label={`Tier ${i + 1} share (%)`}
            className="input"
            inputMode="numeric"
            value={s}
            onChange={(e) => {
              const next = [...shares] as CampaignForm["tierShares"];
              next[i] = e.target.value;
              onChange(next);
            }}
          />
        ))}
      </div>
      {error && <p className="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}
