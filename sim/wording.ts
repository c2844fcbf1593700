/**
 * How simulated creators and managers write. Plain, realistic email wording, chosen by a
 * persona's `voice` so a creator keeps one style through the thread. Amounts are written the
 * way people write them ("$2,300", "2.3k", "USD 2,300").
 */
import type { QuestionTopic, SimCreator } from "./population";

const pick = <T>(items: readonly T[], voice: number, salt = 0): T => {
  const item = items[(voice + salt * 7919) % items.length];
  if (item === undefined) throw new Error("no wording");
  return item;
};

/** An amount as this persona writes it. */
export function written(cents: number, voice: number): string {
  const dollars = cents / 100;
  const grouped = dollars.toLocaleString("en-US", { maximumFractionDigits: 2 });
  switch (voice % 6) {
    case 3:
      return dollars >= 1000 && dollars % 100 === 0 ? `${dollars / 1000}k` : `$${grouped}`;
    case 4:
      return `USD ${grouped}`;
    default:
      return `$${grouped}`;
  }
}

const firstName = (c: SimCreator) => c.name.split(" ")[0] ?? c.name;

/** The sign-off: the creator's first name, or the manager's signature block. */
export function signature(c: SimCreator, asManager: boolean): string {
  if (asManager && c.manager) {
    const agency = c.manager.agency.replace(/\.com$/, "").replace(/-/g, " ");
    return `Best regards,\n${c.manager.name}\nTalent Manager, ${agency.replace(/\b\w/g, (l) => l.toUpperCase())}`;
  }
  return pick(["", "Thanks,\n", "Best,\n", "Cheers,\n"], c.voice, 1) + firstName(c);
}

export type Moment = "first" | "later" | "smaller_scope" | "repeat" | "hostile";

/**
 * A counter naming `ask` for `scope`; `raise` is how far above our offer it is, written the same
 * way, for the creators who ask for a raise rather than a total ("could you come up by $300?").
 */
export function counterText(
  c: SimCreator,
  moment: Moment,
  ask: string,
  scope: string,
  raise: string,
): string {
  if (c.manager) return managerCounter(c, moment, ask, scope);
  switch (moment) {
    case "first":
      return pick(
        [
          `Hi! Thanks so much for reaching out, I love the brand. My rate for this package is ${ask}.`,
          `Thanks for thinking of me! For everything listed I'd need ${ask}.`,
          `Appreciate the offer! I usually charge ${ask} for this kind of package.`,
          `Hey! Thanks for the offer. Could we do ${ask}?`,
        ],
        c.voice,
      );
    case "later":
      return pick(
        [
          `Thanks for coming up. I could meet you at ${ask}.`,
          `I can come down to ${ask}, but that's about as low as I can go.`,
          `How about ${ask}?`,
          `Appreciate it! Could you do ${ask}?`,
          `${ask} and it's a deal.`,
          `We're getting close. Could you come up by ${raise}?`,
        ],
        c.voice,
        2,
      );
    case "smaller_scope":
      return pick(
        [
          `For ${scope} I could do ${ask}.`,
          `For the smaller package my rate would be ${ask}.`,
          `Thanks! For that scope I'd need ${ask}.`,
        ],
        c.voice,
        3,
      );
    case "repeat":
      return pick(
        [
          `My rate is ${ask}, that's firm.`,
          `I'm sorry, but I really can't go below ${ask}.`,
          `I'd still need ${ask} for this.`,
        ],
        c.voice,
        4,
      );
    case "hostile":
      return pick(
        [
          `Honestly, this offer is insulting. My rate is ${ask}. Don't waste my time with lowball numbers.`,
          `Are you serious? That's a joke. ${ask} or forget it.`,
        ],
        c.voice,
        5,
      );
  }
}

function managerCounter(c: SimCreator, moment: Moment, ask: string, scope: string): string {
  const them = firstName(c);
  switch (moment) {
    case "first":
      return pick(
        [
          `Hello,\n\nThank you for reaching out. I'm writing on behalf of ${them}, whom I represent. For the package you described, ${them}'s rate is ${ask}.`,
          `Hi there,\n\nThanks for the offer. I manage ${them}'s partnerships. Our fee for this scope is ${ask}.`,
        ],
        c.voice,
      );
    case "smaller_scope":
      return `Thank you. For ${scope}, ${them}'s fee would be ${ask}.`;
    case "repeat":
      return `Thank you, but ${them}'s rate remains ${ask} for this scope.`;
    default:
      return pick(
        [
          `Thank you for the revised offer. We could do ${ask}.`,
          `Thanks. ${them} could agree to ${ask} for this.`,
        ],
        c.voice,
        2,
      );
  }
}

/** More asked for without a number. */
export function pushbackText(c: SimCreator): string {
  if (c.manager)
    return `Thank you for the offer. It sits below ${firstName(c)}'s usual rates for this scope. Is there any flexibility on the fee?`;
  return pick(
    [
      "Thanks for the offer! That's a bit lower than I usually charge. Is there any flexibility?",
      "Appreciate it, but is that the best you can do?",
      "Thanks so much for thinking of me. Honestly I was hoping for a bit more for this package.",
      "Love the brand! Any wiggle room on the budget?",
    ],
    c.voice,
    9,
  );
}

export function acceptText(c: SimCreator, fee: string): string {
  if (c.manager) return "Thank you, that works for us. Happy to proceed.";
  return pick(
    [
      "Sounds good, let's do it!",
      "That works for me. Happy to move forward!",
      "Deal! Send over the brief whenever you're ready.",
      "Perfect, I'm in.",
      `Great, ${fee} works for me. Let's go ahead.`,
    ],
    c.voice,
    6,
  );
}

export function declineText(c: SimCreator): string {
  if (c.manager) return `Thank you for thinking of ${firstName(c)}, but we'll pass on this one.`;
  return pick(
    [
      "Thanks for thinking of me, but I'll have to pass on this one.",
      "I appreciate the offer, but this isn't a fit for me right now.",
    ],
    c.voice,
    7,
  );
}

export function giveUpText(c: SimCreator): string {
  if (c.manager)
    return `Thank you, but we're too far apart on budget, so ${firstName(c)} will pass this time.`;
  return pick(
    [
      "I don't think we can make this work at that rate, so I'll pass. Thanks anyway!",
      "We're too far apart on budget, so I'll have to decline. Best of luck with the campaign.",
    ],
    c.voice,
    8,
  );
}

export const QUESTIONS: Record<QuestionTopic, string> = {
  usage:
    "Before I give you a number: how long would you need the usage rights for, and would it include paid ads?",
  timeline: "Thanks for reaching out! When would the content need to go live?",
  product: "Is the product included on top of the fee?",
  payment: "What are your payment terms?",
  deliverables: "Could you clarify what exactly the deliverables would be?",
};

export function handoffText(c: SimCreator): string {
  const manager = c.manager?.name ?? "my manager";
  return `Thanks for reaching out! I'm looping in my manager, ${manager}, who handles all my brand partnerships (cc'd).`;
}

/** An out-of-office auto-reply, with the return date `days` days after `now`. */
export function outOfOfficeText(now: Date, days: number): string {
  const back = new Date(now.getTime() + days * 86_400_000);
  const date = back.toLocaleDateString("en-US", { month: "long", day: "numeric", timeZone: "UTC" });
  return `I'm out of the office until ${date} with limited access to email. I'll get back to you when I return.`;
}

/** What a team member answers to a question Parley passed on (no amount, no date: only prose). */
export const TEAM_ANSWER =
  "Good question! We're flexible on that and will settle the details with you in the brief, so it fits your schedule.";
