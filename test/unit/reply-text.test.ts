import { describe, expect, it } from "vitest";
import { splitReply } from "../../src/domain/reply-text";

const lines = (...parts: string[]) => parts.join("\n");

describe("splitReply: quoted history", () => {
  it("strips a Gmail attribution and > lines", () => {
    const text = lines(
      "Sounds good, let's do it!",
      "",
      "On Mon, Mar 3, 2025 at 10:02 AM Sam from Acme <sam@acme.com> wrote:",
      "> Hi Jane,",
      "> We'd like to offer $1,500.",
    );
    const split = splitReply(text);
    expect(split.reply).toBe("Sounds good, let's do it!");
    expect(split.quoted).toContain("We'd like to offer $1,500.");
    expect(split.quoted.startsWith("On Mon, Mar 3")).toBe(true);
  });

  it("strips a Gmail attribution wrapped over two lines", () => {
    const text = lines(
      "My rate is $3,500.",
      "",
      "On Mon, Mar 3, 2025 at 10:02 AM Sam from Acme Brand Partnerships <",
      "sam@acme.com> wrote:",
      "",
      "> Hi Jane,",
    );
    const split = splitReply(text);
    expect(split.reply).toBe("My rate is $3,500.");
    expect(split.quoted).toContain("sam@acme.com> wrote:");
  });

  it("strips an Apple Mail attribution", () => {
    const text = lines(
      "Can we do just the Reel?",
      "",
      "Sent from my iPhone",
      "",
      "> On Mar 3, 2025, at 10:02 AM, Sam <sam@acme.com> wrote:",
      ">",
      "> Hi Jane, we'd like to offer $1,500.",
    );
    const split = splitReply(text);
    expect(split.reply).toBe("Can we do just the Reel?");
    expect(split.signature).toBe("Sent from my iPhone");
    expect(split.quoted).toContain("$1,500");
  });

  it("strips an Outlook From/Sent block without > prefixes", () => {
    const text = lines(
      "Thanks, we are not interested at this time.",
      "",
      "________________________________",
      "From: Sam <sam@acme.com>",
      "Sent: Monday, March 3, 2025 10:02 AM",
      "To: Jane <jane@agency.com>",
      "Subject: Acme x Jane",
      "",
      "Hi Jane, we'd like to offer $1,500.",
    );
    const split = splitReply(text);
    expect(split.reply).toBe("Thanks, we are not interested at this time.");
    expect(split.quoted).toContain("Hi Jane, we'd like to offer $1,500.");
  });

  it("strips a bare Outlook From/Sent header", () => {
    const text = lines(
      "Works for me.",
      "",
      "From: Sam <sam@acme.com>",
      "Sent: Monday",
      "",
      "old text",
    );
    expect(splitReply(text).reply).toBe("Works for me.");
  });

  it("strips -----Original Message-----", () => {
    const text = lines("Deal.", "-----Original Message-----", "From: Sam", "old");
    expect(splitReply(text)).toMatchObject({
      reply: "Deal.",
      quoted: expect.stringContaining("old"),
    });
  });

  it("strips a forwarded message", () => {
    const text = lines(
      "Looping in my manager.",
      "",
      "---------- Forwarded message ---------",
      "From: Sam <sam@acme.com>",
      "Hi Jane",
    );
    expect(splitReply(text).reply).toBe("Looping in my manager.");
  });

  it.each([
    ["French", "Le lun. 3 mars 2025 à 10:02, Sam <sam@acme.com> a écrit :"],
    ["German", "Am Mo., 3. März 2025 um 10:02 Uhr schrieb Sam <sam@acme.com>:"],
    ["Spanish", "El lun, 3 mar 2025 a las 10:02, Sam (<sam@acme.com>) escribió:"],
  ])("strips a %s attribution", (_lang, header) => {
    const split = splitReply(lines("Ça marche.", "", header, "> Bonjour"));
    expect(split.reply).toBe("Ça marche.");
    expect(split.quoted.startsWith(header)).toBe(true);
  });

  it("keeps answers interleaved between > lines", () => {
    const text = lines("> What is your rate?", "My rate is $2,000.", "> Timeline?", "Two weeks.");
    const split = splitReply(text);
    expect(split.reply).toBe(lines("My rate is $2,000.", "Two weeks."));
    expect(split.quoted).toBe(lines("> What is your rate?", "> Timeline?"));
  });

  it("keeps a bottom-posted reply below the quote", () => {
    const text = lines("On Mon, Sam <sam@acme.com> wrote:", "> offer $1,500", "", "Sounds good!");
    expect(splitReply(text).reply).toBe("Sounds good!");
  });

  it("does not treat ordinary sentences starting with On as headers", () => {
    const text = "On second thought, my rate is $2,000.\nOn the timeline: two weeks.";
    expect(splitReply(text).reply).toBe(text);
  });

  it("handles a giant quoted history in linear time", () => {
    const quoted = Array.from({ length: 200_000 }, (_, i) => `> line ${i} of old history`).join(
      "\n",
    );
    const text = `Sounds good!\n\nOn Mon, Sam <sam@acme.com> wrote:\n${quoted}`;
    const started = performance.now();
    const split = splitReply(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(split.reply).toBe("Sounds good!");
  });

  it("handles a pathological single long line quickly", () => {
    const text = `On ${"x ".repeat(200_000)}`;
    const started = performance.now();
    splitReply(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("splitReply: signatures", () => {
  it("splits at the -- delimiter", () => {
    const split = splitReply(
      lines("Happy to proceed.", "-- ", "Jane Doe", "Talent Manager, Big Talent"),
    );
    expect(split).toEqual({
      reply: "Happy to proceed.",
      signature: lines("Jane Doe", "Talent Manager, Big Talent"),
      quoted: "",
    });
  });

  it.each(["Best,", "Thanks,", "Cheers,", "Kind regards,", "Thanks!", "Best regards"])(
    "separates a sign-off %j followed by short lines",
    (signOff) => {
      const split = splitReply(lines("My rate is $2,000.", "", signOff, "Jane", "@janedoe"));
      expect(split.reply).toBe("My rate is $2,000.");
      expect(split.signature).toBe(lines(signOff, "Jane", "@janedoe"));
    },
  );

  it("takes the last sign-off when several appear", () => {
    const split = splitReply(lines("Thanks!", "Sounds good.", "", "Best,", "Jane"));
    expect(split.reply).toBe(lines("Thanks!", "Sounds good."));
    expect(split.signature).toBe(lines("Best,", "Jane"));
  });

  it("keeps the sign-off with the signature below a delimiter", () => {
    const split = splitReply(lines("Deal.", "Best,", "Jane", "--", "Jane Doe | Agent"));
    expect(split.reply).toBe("Deal.");
    expect(split.signature).toBe(lines("Best,", "Jane", "Jane Doe | Agent"));
  });

  it("does not cut a sign-off followed by more than six lines", () => {
    const body = lines("Thanks,", "a", "b", "c", "d", "e", "f", "g");
    expect(splitReply(body).reply).toBe(body);
  });

  it("separates a mobile signature", () => {
    const split = splitReply(lines("Let's do it", "", "Sent from my iPhone"));
    expect(split).toMatchObject({ reply: "Let's do it", signature: "Sent from my iPhone" });
  });

  it("never returns an empty reply when there is content", () => {
    const split = splitReply(lines("Thanks,", "Jane"));
    expect(split.reply).toBe(lines("Thanks,", "Jane"));
    expect(split.signature).toBe(lines("Thanks,", "Jane"));
    expect(splitReply(lines("--", "Jane Doe")).reply).toBe("Jane Doe");
  });

  it("normalises CRLF and trims", () => {
    expect(splitReply("  \r\nDeal!\r\n\r\nBest,\r\nJane\r\n")).toEqual({
      reply: "Deal!",
      signature: "Best,\nJane",
      quoted: "",
    });
  });

  it("returns empty parts for empty text", () => {
    expect(splitReply("")).toEqual({ reply: "", signature: "", quoted: "" });
  });
});

describe("splitReply: sign-offs and boilerplate beyond English", () => {
  it("recognises sign-offs in other languages", () => {
    for (const signOff of [
      "À bientôt,",
      "Un abrazo,",
      "Cordiali saluti",
      "Atenciosamente,",
      "Groetjes",
    ]) {
      const split = splitReply(lines("Could we do $1,500?", "", signOff, "Camille"));
      expect(split.reply, signOff).toBe("Could we do $1,500?");
      expect(split.signature).toBe(`${signOff}\nCamille`);
    }
  });

  it("recognises a bare dash-and-name sign-off at the end", () => {
    const split = splitReply(lines("I can do $1,350 for the Reel.", "", "— Alex"));
    expect(split.reply).toBe("I can do $1,350 for the Reel.");
    expect(split.signature).toBe("— Alex");
  });

  it("keeps a dash line that is part of the message", () => {
    const text = lines("Options:", "- Reel", "- Stories", "", "Which works?");
    expect(splitReply(text).reply).toBe(text);
  });

  it("moves a trailing legal disclaimer out of the reply, keeping the signature above it", () => {
    const split = splitReply(
      lines(
        "Her rate for 1 Reel + 2 Stories is $2,200.",
        "",
        "Best,",
        "Priya Shah",
        "Talent Manager | Bright Agency",
        "",
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the addressee. If you received this message in error, please notify the sender and delete it; any unauthorized use is prohibited.",
      ),
    );
    expect(split.reply).toBe("Her rate for 1 Reel + 2 Stories is $2,200.");
    expect(split.signature).toContain("Talent Manager | Bright Agency");
    expect(split.signature).toContain("CONFIDENTIALITY NOTICE");
  });

  it("keeps a reply that only talks about confidentiality", () => {
    const text = "Is the product launch confidential until it ships? Happy to sign an NDA.";
    expect(splitReply(text).reply).toBe(text);
  });
});
