// Emails are the identity key of participants (R-SES-4): one normal form, compared exactly.
// No compatibility folding, so a full-width or look-alike character never matches another address.
import { LiveError } from "../errors.js";
import { punycodeDecode, punycodeEncode } from "./punycode.js";

// Limits (RFC 5321): 64 octets before the "@", 63 characters per domain label, 254 octets in all.

// Whitespace, separators, controls, invisible format characters and lone surrogates: none can
// appear in an address a person types, and invisible ones would make two addresses look equal.
const forbiddenCharacters = /[\s\p{Cc}\p{Cf}\p{Cs}\p{Z}]/u;
// Characters that only appear in quoted local parts, which no sign-in system hands over.
const localSpecials = /["(),:;<>[\\\]]/;
const asciiLabel = /^[a-z0-9-]+$/;
// A U-label (IDNA2008, RFC 5891 §4.2.3) holds letters, combining marks, decimal digits and
// hyphens, never symbols (emoji), other punctuation or unassigned code points; it does not start
// with a mark, nor hold "--" in its 3rd and 4th positions (as "xn--" does).
const uLabel = /^(?!\p{M}|..--)[\p{L}\p{M}\p{Nd}-]+$/u;
const hasNonAscii = /[^\0-\x7f]/u;

const octets = new TextEncoder();
/** UTF-8 length; for ASCII (nearly every address) the string length, without encoding. */
const octetLength = (text: string) =>
  hasNonAscii.test(text) ? octets.encode(text).length : text.length;

type Checked = { ok: true; email: string } | { ok: false; message: string };
const fail = (message: string): Checked => ({ ok: false, message });

const notLdh = fail("The email domain may only hold letters, digits, hyphens and dots.");

/** Whether a label is a U-label already in the one form this module produces (NFC, lower case). */
const isULabel = (label: string) =>
  uLabel.test(label) && label.normalize("NFC").toLowerCase() === label;

/**
 * Whether an "xn--" label is the exact encoding of a U-label ("xn--zz" is not Punycode; the
 * encoding of plain ASCII ends with a hyphen, refused before).
 */
function isALabel(label: string): boolean {
  const decoded = punycodeDecode(label.slice(4));
  return isULabel(decoded) && `xn--${punycodeEncode(decoded)}` === label;
}

function toAsciiLabel(label: string): Checked {
  if (!label) return fail("The email domain has an empty label.");
  if (/^-|-$/.test(label)) {
    return fail("A label of the email domain starts or ends with a hyphen.");
  }
  let ascii = label;
  if (hasNonAscii.test(label)) {
    if (!isULabel(label)) return notLdh;
    ascii = `xn--${punycodeEncode(label)}`;
  }
  if (ascii.length > 63) {
    return fail("A label of the email domain is longer than 63 characters.");
  }
  if (!asciiLabel.test(ascii)) return notLdh;
  if (ascii === label && label.startsWith("xn--") && !isALabel(label)) {
    return fail("A label of the email domain is not valid.");
  }
  return { ok: true, email: ascii };
}

function check(email: unknown): Checked {
  if (typeof email !== "string") return fail("The email must be a string.");
  // A cheap guard before any normalization work on absurd input.
  if (email.length > 2048) return fail("The email is too long.");
  const value = email.trim().normalize("NFC").toLowerCase();
  if (!value) return fail("The email is empty.");
  if (forbiddenCharacters.test(value)) {
    return fail("The email contains spaces or invisible characters.");
  }
  const parts = value.split("@");
  if (parts.length !== 2) return fail('The email must contain exactly one "@".');
  const [local = "", domain = ""] = parts;
  if (!local) return fail('The email has nothing before the "@".');
  if (octetLength(local) > 64) {
    return fail('The part of the email before the "@" is too long.');
  }
  if (localSpecials.test(local)) {
    return fail('The part of the email before the "@" has a forbidden character.');
  }
  if (/^\.|\.\.|\.$/.test(local)) {
    return fail('The part of the email before the "@" has a misplaced dot.');
  }
  const labels = domain.split(".");
  if (labels.length < 2) return fail("The email domain must contain a dot.");
  if (/\.\d+$/.test(domain)) return fail("The email domain ends with a number.");
  const asciiLabels: string[] = [];
  for (const label of labels) {
    const converted = toAsciiLabel(label);
    if (!converted.ok) return converted;
    asciiLabels.push(converted.email);
  }
  const normalized = `${local}@${asciiLabels.join(".")}`;
  // Within 254, the domain also stays within the 253 characters of a DNS name.
  if (octetLength(normalized) > 254) {
    return fail("The email is longer than 254 characters.");
  }
  return { ok: true, email: normalized };
}

/**
 * Normalizes an email the same way everywhere (R-SES-4): trim, Unicode NFC, lower case, and the
 * domain in ASCII (each non-ASCII label Punycode-encoded; labels checked as IDNA2008 would).
 * `path` names the field in the error.
 * Throws LiveError INVALID_INPUT when the address is malformed; the message never repeats it.
 */
export function normalizeEmailAt(email: string, path: string): string {
  const result = check(email);
  if (result.ok) return result.email;
  throw new LiveError("INVALID_INPUT", result.message, {
    issues: [{ path, message: result.message }],
  });
}

/** The identity key of an email (R-SES-4); throws LiveError INVALID_INPUT when malformed. */
export function normalizeEmail(email: string): string {
  return normalizeEmailAt(email, "email");
}

export function isValidEmail(email: string): boolean {
  return check(email).ok;
}
