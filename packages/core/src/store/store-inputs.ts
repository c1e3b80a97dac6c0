// Checks of what a SessionStore is given that a lenient reading would get wrong (R-DATA-1): a
// retention limit must be an exact instant, and a pseudonym must really replace the email. Every
// store implementation uses them, so that all refuse the same values the same way.
import { LiveError } from "../errors.js";

const instantPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number) => {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/**
 * Epoch milliseconds of an ISO 8601 instant written in full (date, time, and `Z` or an offset),
 * on a day that exists; undefined for anything else ("9999", "2026-02-30T00:00Z", "last year").
 */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = instantPattern.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second = 0, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || second > 59) return undefined;
  if (offsetHour > 23 || offsetMinute > 59) return undefined;
  const epoch = Date.parse(value);
  return Number.isNaN(epoch) ? undefined : epoch;
}

/** Refuses, before anything is deleted, a pseudonym that would not replace the email (R-DATA-1). */
export function checkPseudonym(email: string, pseudonym: unknown): string {
  if (typeof pseudonym !== "string" || pseudonym.length === 0 || pseudonym === email) {
    throw new LiveError(
      "INVALID_INPUT",
      "The pseudonymise function must return a non-empty text other than the email; nothing was deleted.",
      { issues: [{ path: "pseudonymise", message: "not a non-empty text other than the email" }] },
    );
  }
  return pseudonym;
}
