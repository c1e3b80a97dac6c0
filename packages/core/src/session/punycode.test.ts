import { describe, expect, it } from "vitest";
import { punycodeDecode, punycodeEncode } from "./punycode.js";

// Sample strings of RFC 3492 §7.1 (the Unicode escapes keep the table readable in any editor).
const rfcSamples: [string, string][] = [
  [
    "\u0644\u064a\u0647\u0645\u0627\u0628\u062a\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064a\u061f",
    "egbpdaj6bu4bxfgehfvwxn",
  ],
  ["\u4ed6\u4eec\u4e3a\u4ec0\u4e48\u4e0d\u8bf4\u4e2d\u6587", "ihqwcrb4cv8a8dqg056pqjye"],
  ["Pro\u010dprost\u011bnemluv\u00ed\u010desky", "Proprostnemluvesky-uyb24dma41a"],
  ["3\u5e74B\u7d44\u91d1\u516b\u5148\u751f", "3B-ww4c5e180e575a65lsy2b"],
  ["\u5b89\u5ba4\u5948\u7f8e\u6075-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"],
  [
    "Hello-Another-Way-\u305d\u308c\u305e\u308c\u306e\u5834\u6240",
    "Hello-Another-Way--fc4qua05auwb3674vfr0b",
  ],
  ["\u3072\u3068\u3064\u5c4b\u6839\u306e\u4e0b2", "2-u9tlzr9756bt3uc0v"],
  ["Maji\u3067Koi\u3059\u308b5\u79d2\u524d", "MajiKoi5-783gue6qz075azm5e"],
  ["\u30d1\u30d5\u30a3\u30fcde\u30eb\u30f3\u30d0", "de-jg4avhby1noc0d"],
  ["\u305d\u306e\u30b9\u30d4\u30fc\u30c9\u3067", "d9juau41awczczp"],
];
const labels: [string, string][] = [
  ["bücher", "bcher-kva"],
  ["münchen", "mnchen-3ya"],
  ["ü", "tda"],
  ["пример", "e1afmkfd"],
  ["😀", "e28h"],
];

describe("punycodeEncode", () => {
  it.each(rfcSamples)("encodes the RFC 3492 sample %#", (input, expected) => {
    expect(punycodeEncode(input)).toBe(expected);
  });

  it.each(labels)("encodes %s as %s", (input, expected) => {
    expect(punycodeEncode(input)).toBe(expected);
  });

  it("keeps an all-ASCII string followed by the delimiter", () => {
    expect(punycodeEncode("abc")).toBe("abc-");
  });
});

describe("punycodeDecode", () => {
  it.each(rfcSamples)("decodes the RFC 3492 sample %#", (expected, input) => {
    expect(punycodeDecode(input)).toBe(expected);
  });

  it.each(labels)("decodes %s from %s", (expected, input) => {
    expect(punycodeDecode(input)).toBe(expected);
  });

  it("decodes plain ASCII followed by the delimiter, and digits in either case", () => {
    expect(punycodeDecode("abc-")).toBe("abc");
    expect(punycodeDecode("")).toBe("");
    expect(punycodeDecode("BCHER-KVA")).toBe("BüCHER");
  });

  it("skips a lone leading delimiter, an input that encoding does not give back", () => {
    expect(punycodeDecode("-tda")).toBe("ü");
    expect(punycodeEncode("ü")).toBe("tda");
  });

  it.each([
    ["a character that is not a Punycode digit", "bcher-kv_a"],
    ["input that ends inside a number", "zz"],
    ["a number past 2^31", "99999999"],
    ["a code point past U+10FFFF", "99999a"],
  ])("gives the empty string for %s", (_why, input) => {
    expect(punycodeDecode(input)).toBe("");
  });
});
