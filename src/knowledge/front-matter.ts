/**
 * A deliberately small, YAML-ish front matter reader for the knowledge base: one `key: value`
 * pair per line between `---` fences at the very top of the file. No nesting, no lists; values
 * may be wrapped in single or double quotes; `#` lines are comments. Pure.
 */

export interface FrontMatter {
  /** Keys are lower-cased; values trimmed and unquoted. */
  data: Record<string, string>;
  /** The text after the closing fence (or the whole text when there is no front matter), trimmed. */
  body: string;
  /** Lines inside the fences that are not `key: value` pairs, for editors to fix. */
  invalidLines: string[];
}

const FENCE = /^---[ \t]*$/;
const PAIR = /^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$/;

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return quoted ? (quoted[2] ?? "") : trimmed;
}

export function parseFrontMatter(text: string): FrontMatter {
  const lines = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  if (!FENCE.test(lines[0] ?? ""))
    return { data: {}, body: lines.join("\n").trim(), invalidLines: [] };
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close === -1) return { data: {}, body: lines.join("\n").trim(), invalidLines: [] };

  const data: Record<string, string> = {};
  const invalidLines: string[] = [];
  for (const line of lines.slice(1, close)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const pair = PAIR.exec(line.trim());
    if (pair?.[1] === undefined) {
      invalidLines.push(line);
      continue;
    }
    data[pair[1].toLowerCase()] = unquote(pair[2] ?? "");
  }
  return {
    data,
    body: lines
      .slice(close + 1)
      .join("\n")
      .trim(),
    invalidLines,
  };
}
