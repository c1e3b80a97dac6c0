import { describe, expect, it } from "vitest";
import { LiveError } from "../errors.js";
import { isValidEmail, normalizeEmail, normalizeEmailAt } from "./email.js";
import { punycodeEncode } from "./punycode.js";

function failure(run: () => unknown): LiveError {
  try {
    run();
  } catch (error) {
    if (error instanceof LiveError) return error;
    throw error;
  }
  throw new Error("expected a LiveError");
}

describe("normalizeEmail", () => {
  it.each([
    ["trims and lowers case", "  Alice.Martin@Example.COM \n", "alice.martin@example.com"],
    ["keeps tags and apostrophes", "O'Brien+Live@Example.co.uk", "o'brien+live@example.co.uk"],
    ["composes NFD into NFC (local part)", "jose\u0301@example.com", "jos\u00e9@example.com"],
    ["converts a Unicode domain to ASCII", "anna@bücher.example", "anna@xn--bcher-kva.example"],
    [
      "converts an NFD domain the same way",
      "anna@bu\u0308cher.example",
      "anna@xn--bcher-kva.example",
    ],
    [
      "lowers the case of a Unicode domain first",
      "anna@BÜCHER.example",
      "anna@xn--bcher-kva.example",
    ],
    ["keeps an already encoded domain", "anna@XN--BCHER-KVA.example", "anna@xn--bcher-kva.example"],
    ["encodes every non-ASCII label", "li@例え.テスト", "li@xn--r8jz45g.xn--zckzah"],
    ["keeps a non-ASCII local part as NFC", "Zoë@example.fr", "zoë@example.fr"],
  ])("R-SES-4: %s", (_why, input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
    expect(normalizeEmail(expected)).toBe(expected);
    expect(isValidEmail(input)).toBe(true);
  });

  it.each([
    ["NFD and NFC", "jose\u0301@example.com", "jos\u00e9@example.com"],
    ["case and whitespace", "\tALICE@example.com  ", "alice@EXAMPLE.com"],
    ["Unicode and Punycode domain", "anna@bücher.example", "anna@xn--bcher-kva.example"],
  ])("R-SES-4: %s variants are the same person", (_why, a, b) => {
    expect(normalizeEmail(a)).toBe(normalizeEmail(b));
  });

  it.each([
    ["a full-width letter in the local part", "\uff41lice@example.com", "alice@example.com"],
    ["a full-width capital in the local part", "\uff21lice@example.com", "alice@example.com"],
    ["full-width letters in the domain", "alice@\uff45xample.com", "alice@example.com"],
    [
      "a whole full-width domain",
      "alice@\uff50\uff41\uff59\uff50\uff41\uff4c.com",
      "alice@paypal.com",
    ],
    ["a Cyrillic a in the local part", "\u0430lice@example.com", "alice@example.com"],
    ["a Cyrillic a in the domain", "alice@ex\u0430mple.com", "alice@example.com"],
    ["a Cyrillic o in the top-level domain", "alice@example.c\u043em", "alice@example.com"],
    ["a Greek omicron", "b\u03bfb@example.com", "bob@example.com"],
  ])("R-SES-4: %s never matches the ASCII address", (_why, lookAlike, ascii) => {
    expect(normalizeEmail(lookAlike)).not.toBe(normalizeEmail(ascii));
    expect(normalizeEmail(lookAlike.toUpperCase())).toBe(normalizeEmail(lookAlike));
  });

  it("R-SES-4: a full-width domain is Punycode-encoded, not folded to ASCII", () => {
    expect(normalizeEmail("alice@\uff50\uff41\uff59\uff50\uff41\uff4c.com")).toBe(
      "alice@xn--mi7ca7anb7c.com",
    );
  });

  const longLabel = "a".repeat(64);
  const malformed: [string, unknown][] = [
    ["empty", ""],
    ["only spaces", "   "],
    ["no @", "alice.example.com"],
    ["nothing after @", "alice@"],
    ["nothing before @", "@example.com"],
    ["two @", "alice@team@example.com"],
    ["no dot in the domain", "alice@localhost"],
    ["a space inside", "ali ce@example.com"],
    ["a space in the domain", "alice@exam ple.com"],
    ["a no-break space", "alice@exam\u00a0ple.com"],
    ["a control character", "alice\u0000@example.com"],
    ["a line feed inside", "alice\n@example.com"],
    ["a zero-width space", "ali\u200bce@example.com"],
    ["a right-to-left override", "alice@exa\u202emple.com"],
    ["a lone surrogate", "ali\ud800ce@example.com"],
    ["a leading hyphen in a label", "alice@-example.com"],
    ["a trailing hyphen in a label", "alice@example-.com"],
    ["a leading hyphen in a Unicode label", "alice@-bücher.example"],
    ["an empty label", "alice@example..com"],
    ["a leading dot in the domain", "alice@.example.com"],
    ["a trailing dot in the domain", "alice@example.com."],
    ["an underscore in the domain", "alice@exa_mple.com"],
    ["a symbol in the domain", "alice@exa!mple.com"],
    ["a symbol in a Unicode label", "alice@bü!cher.example"],
    ["a local part over 64 characters", `${"a".repeat(65)}@example.com`],
    ["a local part over 64 octets", `${"é".repeat(33)}@example.com`],
    ["a label over 63 characters", `alice@${longLabel}.com`],
    ["a Unicode label over 63 characters once encoded", `alice@${"ü".repeat(60)}.com`],
    ["over 254 characters", `alice@${`${"a".repeat(60)}.`.repeat(5)}com`],
    ["a huge string", `${"a".repeat(100_000)}@example.com`],
    ["a quoted local part", '"alice"@example.com'],
    ["angle brackets", "Alice <alice@example.com>"],
    ["a leading dot in the local part", ".alice@example.com"],
    ["two dots in the local part", "ali..ce@example.com"],
    ["not a string", 42],
    ["null", null],
  ];

  it.each(malformed)("R-SES-4: refuses %s", (_why, input) => {
    const error = failure(() => normalizeEmail(input as string));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe("email");
    expect(error.issues[0]?.message).toBe(error.message);
    expect(isValidEmail(input as string)).toBe(false);
  });

  it("R-SES-4: accepts the longest allowed parts", () => {
    expect(isValidEmail(`${"a".repeat(64)}@example.com`)).toBe(true);
    expect(isValidEmail(`alice@${"a".repeat(63)}.com`)).toBe(true);
    const domain = `${`${"a".repeat(62)}.`.repeat(3)}${"b".repeat(54)}`;
    const exactly254 = `${"c".repeat(10)}@${domain}`;
    expect(exactly254).toHaveLength(254);
    expect(isValidEmail(exactly254)).toBe(true);
    expect(isValidEmail(`c${exactly254}`)).toBe(false);
  });

  it("never repeats the address in the error", () => {
    const error = failure(() => normalizeEmail("secret.person@exa mple.com"));
    expect(error.message).not.toContain("secret");
    expect(JSON.stringify(error.toJSON())).not.toContain("secret");
  });

  it("names the field given by the caller", () => {
    const error = failure(() => normalizeEmailAt("nope", "participants.2.email"));
    expect(error.issues).toEqual([{ path: "participants.2.email", message: error.message }]);
  });
});

describe("normalizeEmail: internationalized domains", () => {
  it.each([
    ["a German IDN", "user@bücher.example", "user@xn--bcher-kva.example"],
    ["its A-label", "user@xn--bcher-kva.example", "user@xn--bcher-kva.example"],
    ["its A-label in capitals", "user@XN--BCHER-KVA.EXAMPLE", "user@xn--bcher-kva.example"],
    ["a Japanese domain", "user@例え.テスト", "user@xn--r8jz45g.xn--zckzah"],
    ["a Japanese label with a prolonged sound mark", "user@コーヒー.jp", "user@xn--tck2c4fb.jp"],
    ["a Cyrillic domain", "user@пример.рф", "user@xn--e1afmkfd.xn--p1ai"],
    ["a Cyrillic domain in capitals", "user@ПРИМЕР.РФ", "user@xn--e1afmkfd.xn--p1ai"],
    [
      "a label mixing scripts",
      "user@bücherпример.example",
      "user@xn--bcher-kva398cxa0b2ald.example",
    ],
    ["an Arabic-Indic digit in a label", "user@a\u0663.example", "user@xn--a-fqc.example"],
    [
      "a combining mark after a letter",
      "user@e\u0301\u0323x.example",
      "user@xn--x-wbb104s.example",
    ],
    ["digits in the top-level domain", "user@example.c0m", "user@example.c0m"],
    ["an all-numeric label before the top-level domain", "user@123.example", "user@123.example"],
    ["hyphens inside a label", "user@a-b--c.example", "user@a-b--c.example"],
  ])("R-SES-4: accepts %s", (_why, input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
    expect(normalizeEmail(expected)).toBe(expected);
  });

  it("R-SES-4: a Unicode domain and its A-label are the same person", () => {
    expect(normalizeEmail("user@bücher.example")).toBe(
      normalizeEmail("user@xn--bcher-kva.example"),
    );
    expect(normalizeEmail("user@пример.рф")).toBe(normalizeEmail("USER@xn--e1afmkfd.XN--P1AI"));
  });

  const upperCaseALabel = `xn--${punycodeEncode("bÜcher")}`;
  const nfdALabel = `xn--${punycodeEncode("bu\u0308cher")}`;
  it.each([
    ["an emoji domain", "user@😀.com"],
    ["the A-label of an emoji", "user@xn--e28h.com"],
    ["an emoji inside a label", "user@bücher😀.example"],
    ["a snowman (symbol) in a Unicode label", "user@exa☃mple.com"],
    ["a currency sign in a Unicode label", "user@bü€cher.example"],
    ["a math symbol in a Unicode label", "user@bü\u2211cher.example"],
    ["an ideographic full stop as a dot", "user@例え\u3002テスト"],
    ["a full-width full stop as a dot", "user@bücher\uff0eexample"],
    ["a middle dot (punctuation) in a Unicode label", "user@bü\u00b7cher.example"],
    ["an underscore in a Unicode label", "user@bü_cher.example"],
    ["a superscript digit (not a decimal digit)", "user@bücher\u00b2.example"],
    ["a circled digit", "user@bücher\u2460.example"],
    ["a Roman numeral (a letter-like number)", "user@bücher\u2163.example"],
    ["an unassigned code point", "user@bü\u0378cher.example"],
    ["a private-use character", "user@bü\ue000cher.example"],
    ["a label starting with a combining mark", "user@\u0308bcher.example"],
    ["a top-level domain starting with a combining mark", "user@example.\u0301com"],
    ["a Unicode label with hyphens in 3rd and 4th positions", "user@bü--cher.example"],
    ["a Unicode label that looks like an A-label", "user@xn--bücher.example"],
    ["an A-label that is not Punycode", "user@xn--zz.com"],
    ["an empty A-label", "user@xn--.com"],
    ["an A-label of plain ASCII", "user@xn--abc-.com"],
    ["an A-label decoding to a control character", "user@xn--a.com"],
    ["an A-label that overflows", "user@xn--99999999.com"],
    ["an A-label of an upper-case name (not canonical)", `user@${upperCaseALabel}.example`],
    ["an A-label of an NFD name (not canonical)", `user@${nfdALabel}.example`],
    ["an A-label as the top-level domain that is not Punycode", "user@example.xn--zz"],
    ["an all-numeric top-level domain", "user@1.2"],
    ["an all-numeric top-level domain after a name", "user@example.123"],
    ["an IPv4 address as the domain", "user@192.168.0.1"],
    ["a label over 63 characters", `user@${"a".repeat(64)}.com`],
    ["an A-label over 63 characters", `user@xn--${"a".repeat(60)}-kva.com`],
    ["a Unicode label over 63 characters once encoded", `user@${"пример".repeat(10)}.com`],
    ["a leading hyphen", "user@-bücher.example"],
    ["a trailing hyphen", "user@bücher-.example"],
    ["a trailing hyphen in the top-level domain", "user@example.com-"],
    ["a leading hyphen in an A-label's neighbour", "user@xn--bcher-kva.-example"],
  ])("R-SES-4: refuses %s", (_why, input) => {
    const error = failure(() => normalizeEmail(input));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues).toEqual([{ path: "email", message: error.message }]);
    expect(error.message).not.toContain("user");
    expect(isValidEmail(input)).toBe(false);
  });

  it("R-SES-4: names the domain problem in the message", () => {
    expect(failure(() => normalizeEmail("a@😀.com")).message).toBe(
      "The email domain may only hold letters, digits, hyphens and dots.",
    );
    expect(failure(() => normalizeEmail("a@xn--zz.com")).message).toBe(
      "A label of the email domain is not valid.",
    );
    expect(failure(() => normalizeEmail("a@1.2")).message).toBe(
      "The email domain ends with a number.",
    );
  });
});
