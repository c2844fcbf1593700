import type { EmailPurpose } from "../../domain/types";
import type { Draft, EmailWriter, WriteRequest } from "../../ports/email-writer";
import {
  handleLabel,
  leverSentence,
  offerAmount,
  paragraphs,
  platformLabel,
  questionParagraph,
  stripPeriod,
  theirAsk,
  type Voice,
  voiceFor,
} from "./email-phrases";

type Template = (request: WriteRequest, voice: Voice) => string;

function opening(request: WriteRequest, voice: Voice): string {
  const platform = platformLabel(request.creator.platform);
  const handle = handleLabel(request.creator.handle);
  const amount = offerAmount(request);
  const intro = voice.manager
    ? `I'm ${request.senderName} from ${request.brandName}, reaching out about a paid partnership with ${voice.first} on ${platform}${handle}.`
    : `I'm ${request.senderName} from ${request.brandName}. We've been enjoying your ${platform} content${handle} and would love to partner with you.`;
  const proposal =
    amount === null
      ? null
      : voice.manager
        ? `Our proposed fee is ${amount} for the scope below.`
        : `We'd like to offer ${amount} for the collaboration below.`;
  const close = voice.manager
    ? `Please let me know whether this works for ${voice.first}, or if you have any questions.`
    : "Would this work for you? Happy to answer any questions.";
  return paragraphs(intro, proposal, leverSentence(request, voice), request.scopeOfWork, close);
}

function counter(request: WriteRequest, voice: Voice): string {
  const ask = theirAsk(request);
  const amount = offerAmount(request);
  const thanks = voice.manager
    ? `Thank you for your reply on ${voice.first}'s behalf${ask ? `, and for sharing the rate of ${ask}` : ""}.`
    : `Thanks so much for getting back to us${ask ? ` and for sharing your rate of ${ask}` : ""}.`;
  const proposal =
    amount === null
      ? null
      : `We'd like to come back with ${amount}${request.scopeOfWork ? " for the scope below" : ""}.`;
  const close = voice.manager
    ? `Let me know whether this works for ${voice.first}.`
    : "Let me know what you think. We'd really love to make this work!";
  return paragraphs(
    thanks,
    proposal,
    leverSentence(request, voice),
    questionParagraph(request),
    request.scopeOfWork,
    close,
  );
}

function answer(request: WriteRequest, voice: Voice): string {
  const amount = offerAmount(request);
  const recap =
    amount === null
      ? null
      : `To recap, our offer is ${amount}${request.scopeOfWork ? " for the scope below" : ""}.`;
  const close = voice.manager
    ? "Please let me know if anything else would help."
    : "Happy to clarify anything else, just reply here.";
  return paragraphs(
    questionParagraph(request) ?? "Thanks for getting back to us.",
    recap,
    leverSentence(request, voice),
    request.scopeOfWork,
    close,
  );
}

function agreement(request: WriteRequest, voice: Voice): string {
  const amount = offerAmount(request);
  const opener = voice.manager
    ? `Thank you. We're pleased to confirm the partnership with ${voice.first}.`
    : "Wonderful, we're thrilled to confirm our partnership!";
  const fee = amount === null ? null : `The agreed fee is ${amount} for the scope below.`;
  const terms = request.paymentTerms.trim();
  const payment = `Payment terms: ${terms === "" ? "as set out in the written agreement" : stripPeriod(terms)}.`;
  const includesProduct = request.offer?.product != null;
  const steps = [
    "Next steps:",
    "1. We'll send a short written agreement with these terms for signature.",
    `2. Our team will share the creative brief${includesProduct ? " and ship the product" : ""}.`,
    "3. Send us the draft for a quick review before it goes live; payment follows the terms above.",
  ].join("\n");
  const close = voice.manager
    ? "We look forward to working together."
    : "We can't wait to see what you create!";
  return paragraphs(
    opener,
    fee,
    request.scopeOfWork,
    payment,
    steps,
    questionParagraph(request),
    close,
  );
}

function walkAway(request: WriteRequest, voice: Voice): string {
  const thanks = voice.manager
    ? "Thank you for taking the time to discuss this with us."
    : "Thank you so much for taking the time to talk this through with us.";
  const exit =
    "Unfortunately we can't reach a rate that works for both sides within this campaign's budget, so we'll step back for now.";
  const door = voice.manager
    ? `We think highly of ${voice.first}'s work. If anything changes on your side, please feel free to reply here anytime.`
    : "We really admire your work. If anything changes on your side, feel free to reply here anytime.";
  return paragraphs(thanks, exit, request.scopeOfWork, door);
}

function followUp(request: WriteRequest, voice: Voice): string {
  const amount = offerAmount(request);
  if ((request.followUpNumber ?? 1) <= 1) {
    const nudge =
      amount === null
        ? `Just bumping this up in case it got buried. We'd still love to work with ${voice.manager ? voice.first : "you"}.`
        : `Just bumping this up in case it got buried: our offer of ${amount} still stands.`;
    return paragraphs(nudge, request.scopeOfWork, "Any questions at all, just hit reply.");
  }
  const last = voice.manager
    ? `One last note so I don't crowd your inbox. If the timing isn't right for ${voice.first}, no worries at all; if you'd like to go ahead, just reply and we'll pick it up from there.`
    : "One last note from me so I don't crowd your inbox. If the timing isn't right, no worries at all; if you'd like to go ahead, just reply and we'll pick it up from there.";
  return paragraphs(last, request.scopeOfWork);
}

function declineAck(request: WriteRequest, voice: Voice): string {
  const body = voice.manager
    ? `Thank you for letting us know, and please thank ${voice.first} for considering it. Wishing you both all the best.`
    : "Thanks for letting us know, totally understand! We really appreciate you considering it, and we'll keep enjoying your content. Wishing you all the best.";
  return paragraphs(body, request.scopeOfWork);
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

const SUBJECT_TOPIC: Record<Exclude<EmailPurpose, "opening">, string> = {
  counter: "updated proposal",
  answer: "your questions",
  agreement: "partnership confirmed",
  walk_away: "thank you",
  follow_up: "following up",
  decline_ack: "thanks for letting us know",
};

function subjectFor(request: WriteRequest): string {
  const prefix = `${request.brandName} x ${request.creator.name.trim()}`;
  if (request.purpose === "opening") {
    return `${prefix}: partnership on ${platformLabel(request.creator.platform)}`;
  }
  return `${prefix}: ${SUBJECT_TOPIC[request.purpose]}`;
}

/**
 * Template-based `EmailWriter`: deterministic prose for every purpose, for tests, demos and
 * model outages. Numbers and the scope-of-work block come from the request only.
 */
export class OfflineEmailWriter implements EmailWriter {
  async write(request: WriteRequest): Promise<Draft> {
    const voice = voiceFor(request);
    const content = TEMPLATES[request.purpose](request, voice);
    return {
      subject: subjectFor(request),
      body: paragraphs(voice.greeting, content, voice.signOff),
    };
  }
}
