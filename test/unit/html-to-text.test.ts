import { describe, expect, it } from "vitest";
import { splitReply } from "../../src/domain/reply-text";
import { decodeEntities, htmlToText } from "../../src/email/html-to-text";

describe("decodeEntities", () => {
  it("decodes named, decimal and hex entities", () => {
    expect(decodeEntities("&#36;1,600 &amp; 2&nbsp;Stories &euro;5 &#x2019; &rsquo;")).toBe(
      "$1,600 & 2\u00a0Stories €5 ’ ’",
    );
  });

  it("keeps unknown or unterminated entities and replaces invalid code points", () => {
    expect(decodeEntities("AT&T &bogus; &amp &#0; &#xD800;")).toBe("AT&T &bogus; & \uFFFD \uFFFD");
  });
});

describe("decodeEntities and Object.prototype", () => {
  it("leaves names of Object.prototype's members as written", () => {
    const text = "&constructor; &toString; &__proto__; &valueOf; &hasOwnProperty &Constructor;";
    expect(decodeEntities(text)).toBe(text);
    expect(htmlToText("<p>Rate &constructor; &amp; terms</p>")).toBe("Rate &constructor; & terms");
  });
});

describe("htmlToText", () => {
  it("breaks lines at blocks and <br>, collapses whitespace, drops head/style/script", () => {
    const html = `<html><head><title>x</title><style>p { font-family: Arial; }</style></head>
      <body><style>.a{color:red}</style><div>Hi   there,</div><div><br></div>
      <div>My rate is <b>&#36;1,600</b>&nbsp;for 1 Reel &amp; 2 Stories.<br>Thanks!</div>
      <script>alert(1)</script></body></html>`;
    expect(htmlToText(html)).toBe(
      "Hi there,\n\nMy rate is $1,600 for 1 Reel & 2 Stories.\nThanks!",
    );
  });

  it("renders paragraphs with a blank line, lists with markers", () => {
    expect(htmlToText("<p>One</p><p>Two</p><ul><li>a<li>b</ul><ol><li>x</li><li>y</li></ol>")).toBe(
      "One\n\nTwo\n\n- a\n- b\n\n1. x\n2. y",
    );
  });

  it("quotes <blockquote> with > so splitReply strips it", () => {
    const html =
      '<div dir="ltr">Could we do $1,500?</div><br><div class="gmail_quote">' +
      '<div class="gmail_attr">On Tue, Nov 3, 2026 at 10:02 AM Parley &lt;deals@parley.example&gt; wrote:<br></div>' +
      '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex"><div>We would like to offer $1,250.</div>' +
      "<blockquote><div>Older: $900</div></blockquote></blockquote></div>";
    const text = htmlToText(html);
    expect(text).toBe(
      "Could we do $1,500?\n\nOn Tue, Nov 3, 2026 at 10:02 AM Parley <deals@parley.example> wrote:\n" +
        "> We would like to offer $1,250.\n>> Older: $900",
    );
    expect(splitReply(text).reply).toBe("Could we do $1,500?");
  });

  it("turns <hr> into an Outlook rule so a From/Sent block strips", () => {
    const html =
      "<div>We accept the $1,250 offer.</div><hr><div id=divRplyFwdMsg><b>From:</b> Parley " +
      "&lt;deals@parley.example&gt;<br><b>Sent:</b> Tuesday, November 3, 2026 10:02 AM<br>" +
      "<b>Subject:</b> Hi</div><div>We would like to offer $900.</div>";
    const text = htmlToText(html);
    expect(text).toContain("________________________________\nFrom: Parley <deals@parley.example>");
    expect(splitReply(text).reply).toBe("We accept the $1,250 offer.");
  });

  it("skips hidden elements, comments and doctype; keeps a stray <", () => {
    const html =
      '<!DOCTYPE html><!-- x --><span style="display:none">preheader</span>' +
      "<div hidden>no</div><p>1 < 2 and a<b>b</b>c</p><!-- unclosed";
    expect(htmlToText(html)).toBe("1 < 2 and abc");
  });

  it("keeps <pre> whitespace and puts table cells on their own lines", () => {
    expect(
      htmlToText("<pre>a  b\n  c</pre><table><tr><td>Jo</td><td>Manager</td></tr></table>"),
    ).toBe("a  b\n  c\n\nJo\nManager");
  });

  it("stays fast on hostile markup", () => {
    const hostile = `${"<div>".repeat(20_000)}${"<a ".repeat(20_000)}${"<!--".repeat(5_000)}`;
    const started = performance.now();
    htmlToText(hostile);
    htmlToText(`${"<b".repeat(50_000)}x`);
    htmlToText(`${"</blockquote>".repeat(50_000)}<style>`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
