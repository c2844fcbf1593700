import { describe, expect, it } from "vitest";
import { detectSeparator, parseCsv } from "../../src/http/csv";

const cells = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.records.map((r) => r.cells);
};

describe("parseCsv", () => {
  it("reads plain records with any line ending", () => {
    expect(cells("a,b\r\n1,2\n3,4\r5,6")).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("reads quoted commas, newlines and escaped quotes", () => {
    const parsed = parseCsv('name,bio\n"Lopez, Maya","line one\r\nline ""two"""\nnext,row');
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ["name", "bio"] },
        { line: 2, cells: ["Lopez, Maya", 'line one\r\nline "two"'] },
        { line: 4, cells: ["next", "row"] },
      ],
    });
  });

  it("strips a byte-order mark and skips blank lines, keeping line numbers", () => {
    const parsed = parseCsv("\uFEFFa,b\n\n1,2\n\n");
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ["a", "b"] },
        { line: 3, cells: ["1", "2"] },
      ],
    });
  });

  it("keeps empty cells, trailing empties and an empty quoted record", () => {
    expect(cells('a,,c,\n""')).toEqual([["a", "", "c", ""], [""]]);
  });

  it("is lenient with stray quotes and padding", () => {
    expect(cells('5" screen,x\n  "padded" ,"a"b')).toEqual([
      ['5" screen', "x"],
      ["padded ", "ab"],
    ]);
  });

  it("reports a quoted field that never closes", () => {
    expect(parseCsv('a,b\n"open,1\n2,3')).toEqual({
      ok: false,
      error: "a quoted field starting on line 2 is never closed",
    });
  });

  it("reads files without a final newline and empty input", () => {
    expect(cells("a")).toEqual([["a"]]);
    expect(cells("")).toEqual([]);
  });

  it("uses the header line's separator: semicolons and tabs from European spreadsheets", () => {
    expect(detectSeparator("name;email;views\n1,2;3")).toBe(";");
    expect(detectSeparator("name\temail")).toBe("\t");
    expect(detectSeparator('"a;b;c",d')).toBe(",");
    expect(cells("name;views\nMaya;1,5")).toEqual([
      ["name", "views"],
      ["Maya", "1,5"],
    ]);
  });
});
