/**
 * The email that carries a person's answer to a creator's question: their words between a
 * greeting and the offer on the table. It is composed here and then checked by the same gate as
 * any writer's draft, so a person's prose follows the same rules (amounts only as the engine
 * renders them, no dates, links or payment details of their own).
 */
import type { Negotiation } from "./negotiation-state";

export function teamAnswerBody(n: Negotiation, text: string): string {
  const greeting =
    n.counterparty.type !== "manager"
      ? "Hi {{CREATOR_FIRST_NAME}},"
      : n.counterparty.name
        ? "Hi {{MANAGER_FIRST_NAME}},"
        : "Hello,";
  const recap = n.lastOffer
    ? "Our offer stands at {{AMOUNT}} for the scope below.\n\n{{SCOPE_OF_WORK}}"
    : null;
  return [greeting, text.trim(), recap, "Best,\n{{SENDER_NAME}}\n{{BRAND}}"]
    .filter((part): part is string => part !== null && part !== "")
    .join("\n\n");
}
