/**
 * HTML mail to plain text, the way a reader would see it: block elements and <br> break lines,
 * lists get "- " / "1. ", <blockquote> becomes "> " quoting (so quoted history strips like a
 * plain-text reply), <hr> becomes an Outlook-style rule, entities are decoded, and <head>,
 * <style>, <script> and hidden elements are dropped. One forward pass, linear in the input.
 */

/**
 * A Map, not an object: mail is untrusted, and `&constructor;` must not decode to
 * Object.prototype's constructor.
 */
const NAMED = new Map<string, string>(
  Object.entries({
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    apos: "'",
    nbsp: "\u00a0",
    ensp: " ",
    emsp: " ",
    thinsp: " ",
    shy: "",
    zwnj: "",
    zwj: "",
    lrm: "",
    rlm: "",
    euro: "€",
    pound: "£",
    yen: "¥",
    cent: "¢",
    dollar: "$",
    copy: "©",
    reg: "®",
    trade: "™",
    hellip: "…",
    mdash: "—",
    ndash: "–",
    lsquo: "‘",
    rsquo: "’",
    sbquo: "‚",
    ldquo: "“",
    rdquo: "”",
    bdquo: "„",
    laquo: "«",
    raquo: "»",
    bull: "•",
    middot: "·",
    times: "×",
    divide: "÷",
    deg: "°",
    para: "¶",
    sect: "§",
    iexcl: "¡",
    iquest: "¿",
  }),
);
/** Entities browsers accept without the trailing semicolon. */
const LEGACY = new Set(["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]);

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}))(;?)/g;

export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (match, dec?: string, hex?: string, name?: string, semi?: string) => {
    if (name !== undefined) {
      const value = NAMED.get(name) ?? NAMED.get(name.toLowerCase());
      return value !== undefined && (semi || LEGACY.has(name)) ? value : match;
    }
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
    return String.fromCodePoint(code);
  });
}

const BLOCK = new Set(
  (
    "address article aside center dd details dialog dir div dl dt fieldset figcaption figure " +
    "footer form h1 h2 h3 h4 h5 h6 header hgroup legend main menu nav ol p pre section summary " +
    "table tbody thead tfoot tr ul li blockquote caption"
  ).split(" "),
);
const PARAGRAPH = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"]);
const VOID = new Set(
  "area base br col embed hr img input link meta param source track wbr".split(" "),
);
/** Elements whose content is never text a person wrote. */
const SKIP = new Set(["head", "style", "script", "title", "template", "noscript", "svg", "xml"]);
const HIDDEN = /display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all/i;
const TAG = /^(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([\s\S]*)$/;
const RULE = "________________________________";

interface Open {
  name: string;
  hidden: boolean;
  ordinal: number;
}

class TextBuilder {
  private readonly lines: { depth: number; text: string }[] = [];
  private line = "";
  private lineDepth = 0;
  private blankWanted = false;
  private endsWithSpace = false;

  constructor(private readonly depth: () => number) {}

  text(value: string, pre: boolean): void {
    if (value === "") return;
    let chunk = pre ? value : value.replace(/[ \t\r\n\f]+/g, " ");
    if (!pre && this.line === "") chunk = chunk.replace(/^ +/, "");
    if (chunk === "") return;
    if (this.line === "") {
      if (this.blankWanted && this.lines.length > 0 && this.lines.at(-1)?.text !== "")
        this.lines.push({ depth: Math.min(this.depth(), this.lines.at(-1)?.depth ?? 0), text: "" });
      this.blankWanted = false;
      this.lineDepth = this.depth();
    }
    if (pre && chunk.includes("\n")) {
      const [first = "", ...rest] = chunk.split(/\r?\n/);
      this.append(first);
      for (const part of rest) {
        this.newLine();
        this.lineDepth = this.depth();
        this.append(part);
      }
      return;
    }
    if (!pre && this.endsWithSpace && chunk.startsWith(" ")) chunk = chunk.slice(1);
    this.append(chunk);
  }

  /** A literal line break: an empty line when nothing was written on this one. */
  br(): void {
    if (this.line === "") this.lineDepth = this.depth();
    this.newLine();
  }

  block(paragraph = false): void {
    if (this.line.trim() !== "") this.newLine();
    else {
      this.line = "";
      this.endsWithSpace = false;
    }
    if (paragraph) this.blankWanted = true;
  }

  /** Appends without reading the line back (reading a long concatenated string flattens it). */
  private append(chunk: string): void {
    if (chunk === "") return;
    this.line += chunk;
    this.endsWithSpace = chunk.endsWith(" ");
  }

  private newLine(): void {
    this.lines.push({ depth: this.lineDepth, text: this.line.replace(/\s+$/, "") });
    this.line = "";
    this.endsWithSpace = false;
  }

  done(): string {
    this.block();
    const out: string[] = [];
    for (const { depth, text } of this.lines) {
      const line = depth > 0 ? `${">".repeat(depth)}${text ? ` ${text}` : ""}` : text;
      if (line === "" && (out.length === 0 || out.at(-1) === "")) continue;
      out.push(line.replace(/\u00a0/g, " "));
    }
    while (out.at(-1) === "") out.pop();
    return out.join("\n");
  }
}

/** Deeper nesting than this is treated as flat text, which keeps every step bounded. */
const MAX_DEPTH = 256;

/** Open elements, with running counts of the ones that change how text is written. */
class OpenElements {
  private readonly items: Open[] = [];
  quotes = 0;
  hidden = 0;
  pre = 0;

  push(open: Open): void {
    if (this.items.length >= MAX_DEPTH) return;
    this.items.push(open);
    this.adjust(open, 1);
  }

  /** Closes `name` and everything opened inside it; false when it is not open. */
  close(name: string): boolean {
    let at = -1;
    for (let j = this.items.length - 1; j >= 0; j--) {
      if (this.items[j]?.name === name) {
        at = j;
        break;
      }
    }
    if (at === -1) return false;
    for (const open of this.items.splice(at)) this.adjust(open, -1);
    return true;
  }

  top(): Open | undefined {
    return this.items.at(-1);
  }

  nearestList(): Open | undefined {
    for (let j = this.items.length - 1; j >= 0; j--) {
      const open = this.items[j];
      if (open?.name === "ol" || open?.name === "ul") return open;
    }
    return undefined;
  }

  private adjust(open: Open, by: number): void {
    if (open.name === "blockquote") this.quotes += by;
    if (open.name === "pre") this.pre += by;
    if (open.hidden) this.hidden += by;
  }
}

const HIDDEN_ATTRIBUTE = /(?:^|\s)hidden(?:[\s=/]|$)/i;

/** Converts an HTML body to plain text. Never throws; unbalanced or broken markup degrades to text. */
export function htmlToText(html: string): string {
  const stack = new OpenElements();
  const out = new TextBuilder(() => stack.quotes);
  const n = html.length;
  /** Position of the next ">", -1 when unknown, -2 when there is none left. */
  let nextGt = -1;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf("<", i);
    const end = lt === -1 ? n : lt;
    if (end > i && !stack.hidden) out.text(decodeEntities(html.slice(i, end)), stack.pre > 0);
    if (lt === -1) break;
    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    if (nextGt !== -2 && nextGt <= lt) nextGt = html.indexOf(">", lt + 1);
    if (nextGt === -1) nextGt = -2;
    const bang = html[lt + 1] === "!" || html[lt + 1] === "?";
    const match = nextGt === -2 || bang ? null : TAG.exec(html.slice(lt + 1, nextGt));
    if (!match) {
      // "<!DOCTYPE>", "<?xml?>" and CDATA are skipped; a stray "<" is text.
      if (bang && nextGt !== -2) i = nextGt + 1;
      else {
        if (!stack.hidden) out.text("<", stack.pre > 0);
        i = lt + 1;
      }
      continue;
    }
    i = nextGt + 1;
    const name = (match[2] ?? "").toLowerCase();
    const attrs = match[3] ?? "";
    if (match[1] === "/") {
      if (stack.close(name) && (BLOCK.has(name) || name === "td" || name === "th"))
        out.block(PARAGRAPH.has(name));
      continue;
    }
    if (SKIP.has(name) && !attrs.trimEnd().endsWith("/")) {
      const closer = new RegExp(`</${name}\\s*>`, "gi");
      closer.lastIndex = i;
      const found = closer.exec(html);
      i = found ? found.index + found[0].length : n;
      nextGt = -1;
      continue;
    }
    const visible = stack.hidden === 0;
    if (name === "br" || name === "hr") {
      if (visible && name === "br") out.br();
      if (visible && name === "hr") {
        out.block();
        out.text(RULE, true);
        out.block();
      }
      continue;
    }
    if (VOID.has(name)) continue;
    // An open <p>, <li> or <tr> is closed by its next sibling.
    if ((name === "p" || name === "li" || name === "tr") && stack.top()?.name === name)
      stack.close(name);
    if (BLOCK.has(name) || name === "td" || name === "th") out.block(PARAGRAPH.has(name));
    const open: Open = {
      name,
      hidden: HIDDEN.test(attrs) || HIDDEN_ATTRIBUTE.test(attrs),
      ordinal: 0,
    };
    if (name === "li" && visible) {
      const list = stack.nearestList();
      if (list?.name === "ol") list.ordinal++;
      out.text(list?.name === "ol" ? `${list.ordinal}. ` : "- ", false);
    }
    stack.push(open);
  }
  return out.done();
}
