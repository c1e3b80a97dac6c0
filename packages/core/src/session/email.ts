// Emails are the identity key of participants (R-SES-4): one normal form, compared exactly.
// No compatibility folding, so a full-width or look-alike character never matches another address.
import { LiveError } from "../errors.js";
import { punycodeEncode } from "./punycode.js";

const maxLocalOctets = 64;
const maxTotalLength = 254;
const maxLabelLength = 63;
/** Cheap guard before any normalization work on absurd input. */
const maxRawLength = 2048;

// Whitespace, separators, controls, invisible format characters and lone surrogates: none can
// appear in an address a person types, and invisible ones would make two addresses look equal.
const forbiddenCharacters = /[\s\p{Cc}\p{Cf}\p{Cs}\p{Z}]/u;
// Characters that only appear in quoted local parts, which no sign-in system hands over.
const localSpecials = /["(),:;<>[\\\]]/;
const asciiLabel = /^[a-z0-9-]+$/;
const hasNonAscii = /[\u0080-\u{10ffff}]/u;

const octets = new TextEncoder();
/** UTF-8 length; for ASCII (nearly every address) the string length, without encoding. */
const octetLength = (text: string) =>
  hasNonAscii.test(text) ? octets.encode(text).length : text.length;

type Checked = { ok: true; email: string } | { ok: false; message: string };

function toAsciiLabel(label: string): Checked {
  if (label.length === 0) return { ok: false, message: "The email domain has an empty label." };
  if (label.startsWith("-") || label.endsWith("-")) {
    return { ok: false, message: "A label of the email domain starts or ends with a hyphen." };
  }
  let ascii = label;
  if (hasNonAscii.test(label)) {
    try {
      ascii = `xn--${punycodeEncode(label)}`;
    } catch {
      return { ok: false, message: "The email domain is too long." };
    }
  }
  if (ascii.length > maxLabelLength) {
    return { ok: false, message: "A label of the email domain is longer than 63 characters." };
  }
  if (!asciiLabel.test(ascii)) {
    return {
      ok: false,
      message: "The email domain may only hold letters, digits, hyphens and dots.",
    };
  }
  return { ok: true, email: ascii };
}

function check(email: unknown): Checked {
  if (typeof email !== "string") return { ok: false, message: "The email must be a string." };
  if (email.length > maxRawLength) return { ok: false, message: "The email is too long." };
  const value = email.trim().normalize("NFC").toLowerCase();
  if (value.length === 0) return { ok: false, message: "The email is empty." };
  if (forbiddenCharacters.test(value)) {
    return { ok: false, message: "The email contains spaces or invisible characters." };
  }
  const parts = value.split("@");
  if (parts.length !== 2) return { ok: false, message: 'The email must contain exactly one "@".' };
  const [local = "", domain = ""] = parts;
  if (local.length === 0) return { ok: false, message: 'The email has nothing before the "@".' };
  if (octetLength(local) > maxLocalOctets) {
    return { ok: false, message: 'The part of the email before the "@" is too long.' };
  }
  if (localSpecials.test(local)) {
    return {
      ok: false,
      message: 'The part of the email before the "@" has a forbidden character.',
    };
  }
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return { ok: false, message: 'The part of the email before the "@" has a misplaced dot.' };
  }
  const labels = domain.split(".");
  if (labels.length < 2) return { ok: false, message: "The email domain must contain a dot." };
  const asciiLabels: string[] = [];
  for (const label of labels) {
    const converted = toAsciiLabel(label);
    if (!converted.ok) return converted;
    asciiLabels.push(converted.email);
  }
  const normalized = `${local}@${asciiLabels.join(".")}`;
  if (octetLength(normalized) > maxTotalLength) {
    return { ok: false, message: "The email is longer than 254 characters." };
  }
  return { ok: true, email: normalized };
}

/**
 * Normalizes an email the same way everywhere (R-SES-4): trim, Unicode NFC, lower case, and the
 * domain in ASCII (each non-ASCII label Punycode-encoded). `path` names the field in the error.
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
