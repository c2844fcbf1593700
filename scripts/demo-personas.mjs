// Scripted creators for `npm run demo`. Each persona is deterministic: given the text of the last
// email Parley sent and how many replies it has already written, it returns its next reply
// ({ text, headers? }) or null to stay silent. `expect` is the state the conversation should end in.

/** "$1,250" / "$1,250.50" → cents. */
const toCents = (raw) => Math.round(Number(raw.replace(/[$,]/g, "")) * 100);

/** The fee Parley proposes in an email: the "Rate:" line of its scope block, else the first "$" amount. */
export function offerIn(text) {
  const rate = /^Rate:\s*(\$[\d,]+(?:\.\d\d)?)/m.exec(text) ?? /(\$[\d,]+(?:\.\d\d)?)/.exec(text);
  return rate ? toCents(rate[1]) : null;
}

export const isClosing = (text) => /confirm|step back|letting us know/i.test(text);

export const personas = [
  {
    name: "Maya Chen",
    email: "maya.chen@gmail.com",
    platform: "instagram",
    averageViews: 50_000,
    role: "easy yes: accepts the opening",
    expect: "agreed",
    reply: (_sent, turn) =>
      turn === 0
        ? { text: "Hi!\n\nSounds great, let's do it. So excited to work together!\n\nMaya" }
        : null,
  },
  {
    name: "Jordan Lee",
    email: "jordan.lee@outlook.com",
    platform: "tiktok",
    averageViews: 80_000,
    role: "counters inside the band, then accepts",
    expect: "agreed",
    reply: (sent, turn) => {
      if (isClosing(sent)) return null;
      if (turn === 0)
        return { text: "Thanks for reaching out! My rate for this package is $2,300.\n\nJordan" };
      const offer = offerIn(sent) ?? 0;
      return offer >= 220_000
        ? { text: "That works for me, let's move forward!\n\nJordan" }
        : { text: "I could meet you at $2,250.\n\nJordan" };
    },
  },
  {
    name: "Priya Nair",
    email: "priya.nair@yahoo.com",
    platform: "youtube",
    averageViews: 40_000,
    role: "asks far above the ceiling and holds firm",
    expect: "walked_away",
    reply: (sent, turn) =>
      isClosing(sent) || turn > 6
        ? null
        : {
            text: "I appreciate the offer, but my rate is $4,000 for any integration. That's firm.\n\nPriya",
          },
  },
  {
    name: "Leo Park",
    email: "sam@brightstar-talent.com",
    from: "Sam Rivera",
    platform: "instagram",
    averageViews: 100_000,
    role: "talent manager at an agency, above the ceiling, accepts after levers",
    expect: "agreed",
    reply: (sent, turn) => {
      if (isClosing(sent)) return null;
      const signature =
        "\n\nBest regards,\nSam Rivera\nTalent Manager, BrightStar Talent\n+1 310 555 0142";
      const lines = [
        "Hello,\n\nThank you for reaching out. I'm writing on behalf of Leo, whom I represent. His rate for a video and two Stories is $3,400.",
        "Thank you. Could you do $3,150 for the video only?",
        "Thank you, that works for us. Happy to proceed.",
      ];
      return turn < lines.length ? { text: lines[turn] + signature } : null;
    },
  },
  {
    name: "Alex Kim",
    email: "alex.kim@icloud.com",
    platform: "instagram",
    averageViews: 60_000,
    role: "says no",
    expect: "declined",
    reply: (_sent, turn) =>
      turn === 0
        ? { text: "Thanks for thinking of me, but I'll have to pass on this one.\n\nAlex" }
        : null,
  },
  {
    name: "Sofia Rossi",
    email: "sofia.rossi@gmail.com",
    platform: "tiktok",
    averageViews: 30_000,
    role: "out of office (auto-reply)",
    expect: "awaiting_reply",
    // DOMAIN.md §5: an absence with a stated return date moves the follow-ups to that date.
    check: (n) => {
      const now = new Date();
      let back = new Date(Date.UTC(now.getUTCFullYear(), 11, 7));
      if (back < now) back = new Date(Date.UTC(now.getUTCFullYear() + 1, 11, 7));
      return n.nextTimerAt && new Date(n.nextTimerAt) >= back
        ? null
        : `follow-ups not moved to the return date ${back.toISOString().slice(0, 10)} (nextTimerAt ${n.nextTimerAt})`;
    },
    reply: (_sent, turn) =>
      turn === 0
        ? {
            subjectPrefix: "Automatic reply: ",
            headers: { "Auto-Submitted": "auto-replied" },
            text: "I'm out of the office until December 7 with limited access to email. I'll reply when I'm back.",
          }
        : null,
  },
];
