import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidEmail, normalizeEmail } from "./email.js";
import { punycodeDecode, punycodeEncode } from "./punycode.js";

// Characters a domain label is built from: ASCII, accented and non-Latin letters, combining marks,
// non-ASCII digits, and the kinds IDNA2008 refuses (emoji, symbols, punctuation, other numbers).
const labelCharacter = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(..."abcxyzABC0189-") },
  { weight: 6, arbitrary: fc.constantFrom(..."üéÆßıİпрЖ例えテーαΩ٣०אا\u0301\u0308") },
  { weight: 1, arbitrary: fc.constantFrom(..."😀☃€∑·_!。²①Ⅳ\u0378") },
);
const label = fc.oneof(
  fc.string({ unit: labelCharacter, minLength: 1, maxLength: 12 }),
  fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/),
);
const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));
const email = fc
  .tuple(fc.constantFrom("user", "Zoë", "a.b+c"), domain)
  .map(([local, host]) => `${local}@${host}`);

const allowedULabel = /^[\p{L}\p{M}\p{Nd}-]+$/u;

describe("normalizeEmail (properties)", () => {
  it("R-SES-4: an accepted domain is a valid ASCII DNS name whose A-labels round-trip", () => {
    fc.assert(
      fc.property(email, (input) => {
        if (!isValidEmail(input)) return;
        const host = normalizeEmail(input).split("@")[1] ?? "";
        const labels = host.split(".");
        expect(labels.length).toBeGreaterThanOrEqual(2);
        expect(host.length).toBeLessThanOrEqual(253);
        expect(labels.at(-1)).not.toMatch(/^[0-9]+$/);
        for (const ascii of labels) {
          expect(ascii).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
          if (ascii.startsWith("xn--")) {
            const unicode = punycodeDecode(ascii.slice(4));
            expect(unicode).toMatch(allowedULabel);
            expect(unicode).not.toMatch(/^\p{M}/u);
            expect(`xn--${punycodeEncode(unicode)}`).toBe(ascii);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("R-SES-4: normalizing is idempotent and the Unicode and ASCII domains agree", () => {
    fc.assert(
      fc.property(email, (input) => {
        if (!isValidEmail(input)) return;
        const normalized = normalizeEmail(input);
        expect(normalizeEmail(normalized)).toBe(normalized);
        const [local = "", host = ""] = normalized.split("@");
        const unicodeHost = host
          .split(".")
          .map((ascii) => (ascii.startsWith("xn--") ? punycodeDecode(ascii.slice(4)) : ascii))
          .join(".");
        expect(normalizeEmail(`${local}@${unicodeHost}`)).toBe(normalized);
      }),
      { numRuns: 2000 },
    );
  });

  it("R-SES-4: a domain holding a symbol, punctuation or a non-decimal number is refused", () => {
    fc.assert(
      fc.property(email, (input) => {
        const host = input.slice(input.indexOf("@") + 1);
        if (/[\p{S}\p{No}\p{Nl}\p{Cn}]|[^\P{P}-]/u.test(host.replaceAll(".", ""))) {
          expect(isValidEmail(input)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("punycode (properties)", () => {
  it("decoding gives back any encoded string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        expect(punycodeDecode(punycodeEncode(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("decoding lower-case input gives either the empty string or the one string it encodes", () => {
    // (A lone leading delimiter is skipped: see the unit tests.)
    fc.assert(
      fc.property(fc.stringMatching(/^(?:[a-z0-9][a-z0-9-]{0,62})?$/), (text) => {
        const decoded = punycodeDecode(text);
        if (decoded !== "") expect(punycodeEncode(decoded)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("decoding never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        expect(typeof punycodeDecode(text)).toBe("string");
      }),
      { numRuns: 2000 },
    );
  });
});
