import type { EmailPurpose } from "../../domain/types";
import type { DraftTemplate, EmailWriter, WriteRequest } from "../../ports/email-writer";
import {
  handleLabel,
  has,
  leverSentence,
  paragraphs,
  questionParagraph,
  type Voice,
  voiceFor,
} from "./email-phrases";

type Template = (request: WriteRequest, voice: Voice) => string;

const scope = (request: WriteRequest): string | null =>
  has(request, "SCOPE_OF_WORK") ? "{{SCOPE_OF_WORK}}" : null;

function opening(request: WriteRequest, voice: Voice): string {
  const offer = has(request, "AMOUNT");
  const intro = voice.manager
    ? `I'm {{SENDER_NAME}} from {{BRAND}}, reaching out about a paid partnership with ${voice.talent} on {{PLATFORM}}${handleLabel(request)}.`
    : `I'm {{SENDER_NAME}} from {{BRAND}}. We've been enjoying your {{PLATFORM}} content${handleLabel(request)} and would love to partner with you.`;
  const proposal = !offer
    ? null
    : voice.manager
      ? `Our proposed fee is {{AMOUNT}}${scope(request) ? " for the scope below" : ""}.`
      : `We'd like to offer {{AMOUNT}}${scope(request) ? " for the collaboration below" : ""}.`;
  const close = voice.manager
    ? `Please let me know whether this works for ${voice.talent}, or if you have any questions.`
    : "Would this work for you? Happy to answer any questions.";
  return paragraphs(intro, proposal, leverSentence(request, voice), scope(request), close);
}

function counter(request: WriteRequest, voice: Voice): string {
  const ask = has(request, "THEIR_ASK");
  const later = (request.exchange?.counter ?? 1) > 1;
  const thanks = later
    ? `Thank${voice.manager ? " you" : "s"} for coming back to us${ask ? " with your rate of {{THEIR_ASK}}" : ""}.`
    : voice.manager
      ? `Thank you for your reply on ${voice.talent}'s behalf${ask ? ", and for sharing the rate of {{THEIR_ASK}}" : ""}.`
      : `Thanks so much for getting back to us${ask ? " and for sharing your rate of {{THEIR_ASK}}" : ""}.`;
  const below = scope(request) ? " for the scope below" : "";
  // A smaller scope is the offer itself: said once, with its price.
  const smaller = request.lever === "deliverable_tier" && has(request, "AMOUNT");
  const proposal = !has(request, "AMOUNT")
    ? null
    : smaller
      ? `That's more than our budget allows for the full package, so we'd suggest a smaller scope${has(request, "DELIVERABLES") ? ": {{DELIVERABLES}}" : ""} for {{AMOUNT}}.`
      : request.exchange?.held
        ? `We've taken another look, and we need to stay at {{AMOUNT}}${below} for now.`
        : later
          ? `Our offer is now {{AMOUNT}}${below}.`
          : `We'd like to come back with {{AMOUNT}}${below}.`;
  const close = voice.manager
    ? `Let me know whether this works for ${voice.talent}.`
    : later
      ? "Does this work for you?"
      : "Let me know what you think. We'd really love to make this work!";
  return paragraphs(
    thanks,
    proposal,
    smaller ? null : leverSentence(request, voice),
    questionParagraph(request),
    scope(request),
    close,
  );
}

function answer(request: WriteRequest, voice: Voice): string {
  const below = scope(request) ? " for the scope below" : "";
  // They asked for more without naming a number: our offer stands, and we ask for theirs.
  const more = request.reply?.pushedBackWithoutRate === true;
  const recap = !has(request, "AMOUNT")
    ? null
    : more
      ? `Our offer is {{AMOUNT}}${below}.`
      : `To recap, our offer is {{AMOUNT}}${below}.`;
  const close = more
    ? `If it doesn't quite work, what ${voice.manager ? `fee did you have in mind for ${voice.talent}` : "rate did you have in mind"}? We'd be glad to see what we can do.`
    : voice.manager
      ? "Please let me know if anything else would help."
      : "Happy to clarify anything else, just reply here.";
  return paragraphs(
    questionParagraph(request) ?? "Thanks for getting back to us.",
    recap,
    leverSentence(request, voice),
    scope(request),
    close,
  );
}

function agreement(request: WriteRequest, voice: Voice): string {
  const opener = voice.manager
    ? `Thank you. We're pleased to confirm the partnership with ${voice.talent}.`
    : "Wonderful, we're thrilled to confirm our partnership!";
  const fee = has(request, "AMOUNT")
    ? `The agreed fee is {{AMOUNT}}${scope(request) ? " for the scope below" : ""}.`
    : null;
  const close = voice.manager
    ? "We look forward to working together."
    : "We can't wait to see what you create!";
  return paragraphs(
    opener,
    fee,
    scope(request),
    has(request, "NEXT_STEPS") ? "{{NEXT_STEPS}}" : null,
    questionParagraph(request),
    close,
  );
}

function walkAway(_request: WriteRequest, voice: Voice): string {
  const thanks = voice.manager
    ? "Thank you for taking the time to discuss this with us."
    : "Thank you so much for taking the time to talk this through with us.";
  const exit =
    "Unfortunately we can't reach a rate that works for both sides within this campaign's budget, so we'll step back for now.";
  const door = voice.manager
    ? `We think highly of ${voice.talent}'s work. If anything changes on your side, please feel free to reply here anytime.`
    : "We really admire your work. If anything changes on your side, feel free to reply here anytime.";
  return paragraphs(thanks, exit, door);
}

function followUp(request: WriteRequest, voice: Voice): string {
  if ((request.followUpNumber ?? 1) <= 1) {
    const nudge = has(request, "AMOUNT")
      ? "Just bumping this up in case it got buried: our offer of {{AMOUNT}} still stands."
      : `Just bumping this up in case it got buried. We'd still love to work with ${voice.talent}.`;
    return paragraphs(nudge, "Any questions at all, just hit reply.");
  }
  const last = voice.manager
    ? `A last note so I don't crowd your inbox. If the timing isn't right for ${voice.talent}, no worries at all; if you'd like to go ahead, just reply and we'll pick it up from there.`
    : "A last note from me so I don't crowd your inbox. If the timing isn't right, no worries at all; if you'd like to go ahead, just reply and we'll pick it up from there.";
  return last;
}

function declineAck(_request: WriteRequest, voice: Voice): string {
  return voice.manager
    ? `Thank you for letting us know, and please thank ${voice.talent} for considering it. Wishing you both all the best.`
    : "Thanks for letting us know, totally understand! We really appreciate you considering it, and we'll keep enjoying your content. Wishing you all the best.";
}

const TEMPLATES: Record<EmailPurpose, Template> = {
  opening,
  counter,
  answer,
  agreement,
  walk_away: walkAway,
  follow_up: followUp,
  decline_ack: declineAck,
};

/**
 * Template-based `EmailWriter`: deterministic prose for every purpose, for tests, demos and
 * model outages. It writes slot tokens only; code fills them from the engine's decision.
 */
export class OfflineEmailWriter implements EmailWriter {
  /** Templates are code, not instructions a model could leak. */
  readonly instructions: readonly string[] = [];

  async write(request: WriteRequest): Promise<DraftTemplate> {
    const voice = voiceFor(request);
    const content = TEMPLATES[request.purpose](request, voice);
    return { body: paragraphs(voice.greeting, content, voice.signOff) };
  }
}
