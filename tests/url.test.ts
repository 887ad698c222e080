import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalUrl, linkOf, normalizeDomain, parseSafeHttpUrl, safeHttpUrl, urlHost } from "../src/url.ts";

describe("safeHttpUrl", () => {
  it.each([
    ["https://www.govtech.com/opinion/x.html", "https://www.govtech.com/opinion/x.html"],
    ["  http://example.com  ", "http://example.com/"],
    ["HTTPS://EXAMPLE.COM/Path", "https://example.com/Path"],
    ["https://example.com/a b", "https://example.com/a%20b"],
    ["https://bücher.de/", "https://xn--bcher-kva.de/"],
  ])("keeps the http(s) link %j as %j", (raw, href) => {
    expect(safeHttpUrl(raw)).toBe(href);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0000javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com/",
    "//example.com/a",
    "/relative/path",
    "example.com",
    "http:example.com",
    "https:/example.com",
    "http://",
    "https://",
    "not a url",
    "",
    "ht\ttp://example.com/",
    "https://exa\u0000mple.com/",
    "https://example.com/a\u2028b",
    "https://example.com/a\u00A0b",
    "https://bank.example@evil.example/",
    "https://user:pass@example.com/",
  ])("refuses %j", (raw) => {
    expect(safeHttpUrl(raw)).toBeNull();
  });

  it.each([undefined, null, 42, {}, ["https://example.com/"], new URL("https://example.com/")])(
    "refuses the non-string %j",
    (raw) => {
      expect(safeHttpUrl(raw)).toBeNull();
    },
  );

  it("never throws, whatever the text", () => {
    for (const raw of ["http://[", "https://%", "http://a b.com", "\uD800", "https://\u0000"]) {
      expect(() => safeHttpUrl(raw)).not.toThrow();
    }
  });
});

describe("canonicalUrl", () => {
  it("gives the politico link with ?ref= and the plain http link with #top one key", () => {
    const tracked = "https://www.politico.eu/article/x/?ref=blog.salesforceairesearch.com";
    const plain = "http://politico.eu/article/x#top";
    expect(canonicalUrl(tracked)).toBe("politico.eu/article/x");
    expect(canonicalUrl(plain)).toBe("politico.eu/article/x");
  });

  it("keeps govtech's ?_amp=true, a page variant rather than tracking", () => {
    const amp = "https://www.govtech.com/public-safety/x?_amp=true";
    expect(canonicalUrl(amp)).toBe("govtech.com/public-safety/x?_amp=true");
    expect(canonicalUrl(amp)).not.toBe(canonicalUrl("https://www.govtech.com/public-safety/x"));
  });

  it.each([
    ["https://WWW.GovTech.com/public-safety/x", "govtech.com/public-safety/x"],
    ["https://m.example.com/a", "m.example.com/a"],
    ["https://example.com/", "example.com"],
    ["https://example.com", "example.com"],
    ["https://example.com/a/b///", "example.com/a/b"],
    ["https://example.com/A/B", "example.com/A/B"],
    ["http://example.com:80/a", "example.com/a"],
    ["https://example.com:443/a", "example.com/a"],
    ["https://example.com:8443/a", "example.com:8443/a"],
    ["https://example.com./a", "example.com/a"],
    ["https://example.com/a?utm_source=x&utm_medium=y&UTM_Campaign=z", "example.com/a"],
    ["https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ocid=5", "example.com/a"],
    ["https://example.com/a?cmpid=1&_ga=2&spm=3&igshid=4&mkt_tok=5", "example.com/a"],
    ["https://example.com/a?yclid=1&dclid=2&msclkid=3&s_cid=4&smid=5&taid=6", "example.com/a"],
    ["https://example.com/a?ref_src=twsrc&id=7", "example.com/a?id=7"],
    ["https://example.com/a?b=2&a=1&c=3", "example.com/a?a=1&b=2&c=3"],
    ["https://example.com/a?tag=y&tag=x&a=1", "example.com/a?a=1&tag=y&tag=x"],
    ["https://example.com/a.html?AMP", "example.com/a.html?AMP"],
    ["https://example.com/a?&&b=1&", "example.com/a?b=1"],
    ["https://example.com/caf%c3%a9", "example.com/caf%C3%A9"],
    ["https://example.com/café", "example.com/caf%C3%A9"],
    ["https://example.com/%7euser", "example.com/~user"],
    ["https://example.com/a/./b/../c", "example.com/a/c"],
    ["https://example.com/?", "example.com"],
  ])("keys %j as %j", (raw, key) => {
    expect(canonicalUrl(raw)).toBe(key);
  });

  it.each(["javascript:alert(1)", "/relative", "mailto:a@example.com", "garbage"])(
    "has no key for the unsafe link %j",
    (raw) => {
      expect(canonicalUrl(raw)).toBeNull();
    },
  );
});

describe("linkOf", () => {
  // Schemes, hosts (IPv4, IPv6, punycode, bad ones), user info, ports, paths, queries and odd characters.
  const piece = fc.constantFrom("http://", "https://", "HTTP://", "javascript:", " ", "\t", "www.", "example.com", "b\u00FCcher.de", "xn--a", "1.2.3.4", "256.1.1.1", "0x7f.1", "[::1]", "[::", "user", ":pw", "@", ":8080", ":443", ":99999", "/", "//", "\\", "a", "/../", "%41", "%2f", "%zz", "?", "&", "=", "utm_source=x", "ref=y", "#frag", "\u0000", "\u00A0", "\u200B", "%");
  const link = fc.tuple(fc.constantFrom("http://", "https://", " https://", ""), fc.array(piece, { maxLength: 10 })).map(([head, rest]) => head + rest.join(""));

  it("is safeHttpUrl and canonicalUrl of the same link, parsed once", () => {
    let safe = 0;
    fc.assert(
      fc.property(link, (raw) => {
        const href = safeHttpUrl(raw);
        const canonical = href === null ? null : canonicalUrl(href);
        const parsed = parseSafeHttpUrl(raw);
        expect(parsed === null ? null : linkOf(parsed, raw)).toEqual(href === null || canonical === null ? null : { href, canonical });
        if (href !== null) safe++;
      }),
      { numRuns: 20_000, seed: 3 },
    );
    expect(safe).toBeGreaterThan(2_000);
  });
});

describe("urlHost", () => {
  it.each([
    ["https://www.GovTech.com/opinion/x.html", "govtech.com"],
    ["http://m.example.com/", "m.example.com"],
    ["https://news.example.co.uk:8080/a", "news.example.co.uk"],
    ["https://www.example.com./", "example.com"],
    ["not a url", ""],
  ])("reads the host of %j as %j", (url, host) => {
    expect(urlHost(url)).toBe(host);
  });
});

describe("normalizeDomain", () => {
  it.each([
    ["govtech.com", "govtech.com"],
    [" WWW.GovTech.com ", "govtech.com"],
    ["https://govtech.com/", "govtech.com"],
    ["http://www.govtech.com", "govtech.com"],
    ["govtech.com.", "govtech.com"],
    ["news.bbc.co.uk", "news.bbc.co.uk"],
    ["my-site.example", "my-site.example"],
    ["xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["Bücher.de", "xn--bcher-kva.de"],
  ])("cleans %j to %j", (raw, domain) => {
    expect(normalizeDomain(raw)).toBe(domain);
  });

  it.each([
    "",
    "   ",
    "govtech",
    "gov tech.com",
    "govtech.com/opinion",
    "govtech..com",
    ".govtech.com",
    "-govtech.com",
    "govtech-.com",
    "govtech.com:8080",
    "user@govtech.com",
    "gov_tech.com",
    "javascript:alert(1)",
    "../etc",
  ])("refuses %j", (raw) => {
    expect(normalizeDomain(raw)).toBeNull();
  });
});
