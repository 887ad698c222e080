import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanText, isOpinion, ownCopy, repairMojibake, repairText, stripMarkup } from "../src/text.ts";

const MOJIBAKE = "repaired mojibake (UTF-8 read as Windows-1252)";

describe("cleanText", () => {
  it("repairs the Baltimore Sun commentary title and says so", () => {
    const title = "Banning facial recognition technology: Baltimoreâ€™s bad idea | COMMENTARY";
    expect(cleanText(title)).toEqual({
      text: "Banning facial recognition technology: Baltimore’s bad idea | COMMENTARY",
      repairs: [`${MOJIBAKE}: “Baltimoreâ€™s” → “Baltimore’s”`],
    });
  });

  it.each([
    ["  Privacy   rules\n\tin 2024  ", "Privacy rules in 2024"],
    ["a\u00A0\u00A0b", "a b"],
    ["{{ 7*7 }}", "{{ 7*7 }}"],
    ["{% raw %}x", "{% raw %}x"],
    ["a < b and c > d", "a < b and c > d"],
    ["AT&T and R&D", "AT&T and R&D"],
    ["this &notation", "this &notation"],
    ["", ""],
  ])("leaves %j as %j without reporting a repair", (raw, text) => {
    expect(cleanText(raw)).toEqual({ text, repairs: [] });
  });

  it.each([
    ["Hel\u0000lo", "Hello"],
    ["a\u0007b\u001Bc\u007F", "abc"],
    ["C1\u0085 control\u009F", "C1 control"],
  ])("removes NUL and control characters from %j", (raw, text) => {
    expect(cleanText(raw)).toEqual({ text, repairs: ["removed NUL/control characters"] });
  });

  it.each([
    ["Half an emoji \ud83d", "Half an emoji"],
    ["\udc00low first", "low first"],
    ["pair 🔥 kept, \ud83d\ud83d two highs", "pair 🔥 kept, two highs"],
  ])("removes half characters (unpaired surrogates) from %j and keeps whole ones", (raw, text) => {
    expect(cleanText(raw)).toEqual({ text, repairs: ["removed half characters (unpaired UTF-16 surrogates, as a \\ud83d escape gives)"] });
  });

  it("leaves whole emoji as they are, without a repair", () => {
    expect(cleanText("Launch 🚀 day 👩‍🚀")).toEqual({ text: "Launch 🚀 day 👩‍🚀", repairs: [] });
  });

  it.each([
    ["Tom &amp; Jerry", "Tom & Jerry"],
    ["&quot;Quoted&quot; &#8220;curly&#8221;", "\"Quoted\" “curly”"],
    ["it&#146;s", "it’s"],
    ["a&nbsp;b", "a b"],
    ["&amp;lt;b&amp;gt;", "&lt;b&gt;"],
  ])("decodes the HTML entities of %j once", (raw, text) => {
    expect(cleanText(raw)).toEqual({ text, repairs: ["decoded HTML entities"] });
  });

  it.each([
    ["\"><svg onload=alert(1)>", "\">"],
    ["<b>Bold</b> move", "Bold move"],
    ["<img src=x onerror=alert(1)>Photo", "Photo"],
    ["<script>alert(1)</script>Title", "Title"],
    ["<style>p { color: red }</style>Title", "Title"],
    ["<p>One</p><p>Two</p>", "One Two"],
    ["Line<br/>break", "Line break"],
    ["a <!-- hidden --> b", "a b"],
  ])("removes the markup of %j", (raw, text) => {
    expect(cleanText(raw)).toEqual({ text, repairs: ["removed markup"] });
  });

  it("decodes entities before stripping tags, so &lt;script&gt; does not survive", () => {
    const { text, repairs } = cleanText("&lt;script&gt;alert(1)&lt;/script&gt;News");
    expect(text).toBe("News");
    expect(repairs).toEqual(["decoded HTML entities", "removed markup"]);
  });

  it.each([
    ["invoice \u202Egnp.exe\u202C", "invoice gnp.exe"],
    ["\u2067مرحبا\u2069 world", "مرحبا world"],
  ])("removes bidirectional overrides from %j, so a headline reads as it is stored", (raw, text) => {
    expect(cleanText(raw)).toEqual({ text, repairs: ["removed bidirectional override characters"] });
  });

  it("keeps right-to-left text, which needs no override", () => {
    expect(cleanText("الذكاء الاصطناعي — בינה מלאכותית")).toEqual({ text: "الذكاء الاصطناعي — בינה מלאכותית", repairs: [] });
  });

  it("leaves no tag behind in an injection attempt", () => {
    const { text } = cleanText("Title\"><svg/onload=alert(1)><iframe src=javascript:x>");
    expect(text).not.toMatch(/<[a-z/!?]/i);
    expect(text).not.toContain("onload");
  });

  it("truncates on a code point boundary with an ellipsis and says by how much", () => {
    const { text, repairs } = cleanText("x".repeat(1_048_576), { maxLength: 5000 });
    expect(Array.from(text)).toHaveLength(5000);
    expect(text.endsWith("x…")).toBe(true);
    expect(repairs).toEqual(["truncated from 1,048,576 to 5,000 characters"]);
  });

  it("does not split an emoji when truncating", () => {
    expect(cleanText("😀😀😀😀", { maxLength: 3 }).text).toBe("😀😀…");
  });

  it("does not truncate text that fits", () => {
    expect(cleanText("short", { maxLength: 5 })).toEqual({ text: "short", repairs: [] });
  });

  it("lists each kind of repair once, in the order they were made", () => {
    const { text, repairs } = cleanText("<b>CafÃ©</b>\u0000 &amp; more");
    expect(text).toBe("Café & more");
    expect(repairs).toEqual([
      "removed NUL/control characters",
      "decoded HTML entities",
      "removed markup",
      `${MOJIBAKE}: “CafÃ©” → “Café”`,
    ]);
  });
});

describe("cleanText's fast path", () => {
  // Pieces of what takes each path: accents, mojibake (sure and lossy), entities, markup,
  // controls, bidi overrides and every kind of whitespace.
  const piece = fc.constantFrom("a", "Z", "é", "É", "ö", "Ã", "Â", "â€™", "â€", "Ã©", "ðŸ˜€", "’", "…", "©", "\u0081", "\u009D", "&amp;", "&lt;b&gt;", "&", "<b>", "<", ">", "\u0000", "\u0007", "\u202E", "🔥", "\ud83d", "\udd25", " ", "  ", "\t", "\n", "\u00A0", "\u3000", "\uFEFF");
  const text = fc.array(piece, { maxLength: 16 }).map((pieces) => pieces.join(""));

  it("cleans and reports as the exact path does, cut or not", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(undefined, 1, 5, 12), (raw, maxLength) => {
        expect(cleanText(raw, { maxLength })).toEqual(repairText(raw, { maxLength }));
      }),
      { numRuns: 20_000, seed: 5 },
    );
  });

  it("only collapses whitespace when it reports no repair", () => {
    fc.assert(
      fc.property(text, (raw) => {
        const cleaned = cleanText(raw);
        if (cleaned.repairs.length === 0) expect(cleaned.text).toBe(raw.replace(/\s+/g, " ").trim());
      }),
      { numRuns: 20_000, seed: 6 },
    );
  });

  it("copies text into a string of its own, the same text", () => {
    for (const raw of ["", "a", "2019-09-10T11:36:00Z", "atlanticexaminertoday.com", "é".repeat(40)]) expect(ownCopy(raw)).toBe(raw);
  });
});

describe("repairMojibake", () => {
  it.each([
    ["Baltimoreâ€™s", "Baltimore’s"],
    ["â€œQuotedâ€\u009d", "“Quoted”"],
    ["â€œQuotedâ€ said", "“Quoted” said"],
    ["â€œQuotedâ€\uFFFD said", "“Quoted” said"],
    ["wait â€” what", "wait — what"],
    ["a â€“ b", "a – b"],
    ["Wellâ€¦", "Well…"],
    ["CafÃ©", "Café"],
    ["ZÃ¼rich", "Zürich"],
    ["naÃ¯ve", "naïve"],
    ["SÃ£o Paulo", "São Paulo"],
    ["Ã  Paris", "à  Paris"], // the NBSP became a space; cleanText collapses the pair
    ["giÃ\u00A0 fatto", "già fatto"],
    ["100Â\u00A0km", "100\u00A0km"],
    ["100Â km", "100 km"],
    ["Â£100", "£100"],
    ["ðŸ˜€ party", "😀 party"],
    ["Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"],
    ["â\u0080\u0099 read as Latin-1", "’ read as Latin-1"],
    ["Ã¢â‚¬â„¢ damaged twice", "’ damaged twice"],
    ["ZoÃ« and Baltimoreâ€™s", "Zoë and Baltimore’s"],
  ])("repairs %j to %j", (damaged, repaired) => {
    expect(repairMojibake(damaged)).toBe(repaired);
  });

  it.each([
    "Café",
    "Zürich",
    "naïve",
    "Ångström",
    "São Paulo",
    "Ærø",
    "déjà vu",
    "Ça va",
    "Ãrbol",
    "Façade, crème brûlée, jalapeño",
    "“CAFÉ…”",
    "IRMÃ” and IRMÃ said",
    "Fuß…",
    "£100 © 2024 — 30°C",
    "“curly” ‘quotes’ – dashes…",
    "人工知能 😀",
  ])("leaves the legitimate text %j alone", (text) => {
    expect(repairMojibake(text)).toBe(text);
  });
});

describe("stripMarkup", () => {
  it("keeps the text of an unclosed script tag but not the tag", () => {
    expect(stripMarkup("<script>alert(1)").trim()).toBe("alert(1)");
  });

  it.each([
    ["<A", ""],
    ["Read more <a href=\"https://example.org/x", "Read more "],
    ["Cut off </b", "Cut off "],
    ["x <a y", "x "],
    ["x <a y <b", "x "],
    ["<a href=x <b>bold</b>", "bold"],
  ])("removes a tag cut off by the end of the text or the next <: %j", (text, expected) => {
    expect(stripMarkup(text)).toBe(expected);
  });

  it.each(["a < b", "5<10 reasons", "x <", "<3 emoji hearts"])("keeps a < that opens no tag: %j", (text) => {
    expect(stripMarkup(text)).toBe(text);
  });
});

describe("isOpinion", () => {
  it.each([
    "Banning facial recognition technology: Baltimoreâ€™s bad idea | COMMENTARY",
    "Banning facial recognition technology: Baltimore’s bad idea | COMMENTARY | Baltimore Sun",
    "Opinion: Time to End Police Use of Facial Recognition Tech",
    "opinion | Why privacy matters",
    "Editorial: Ban it",
    "Op-Ed: A better way",
    "Commentary: Not so fast",
    "Column: The week in tech",
    "Letter: Readers respond",
    "Letters: On surveillance",
    "Letters to the editor: On surveillance",
    "View: Regulate it",
    "Why we should ban it (opinion)",
    "Why we should ban it - Opinion",
    "Why we should ban it – EDITORIAL",
    "Why we should ban it | Opinion - The Hill",
  ])("recognises %j as opinion", (title) => {
    expect(isOpinion(title)).toBe(true);
  });

  it.each([
    "Analysis: What the ban means",
    "Police use facial recognition",
    "Public opinion shifts on facial recognition",
    "Opinion polls show support for a ban",
    "Editorials praise the ban",
    "Trump - Opinion polls tighten",
    "Review: A new phone",
    "",
  ])("does not take %j for opinion", (title) => {
    expect(isOpinion(title)).toBe(false);
  });
});
