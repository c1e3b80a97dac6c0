// The time slot of a session: instants that exist, in UTC, an IANA time zone, an end after the
// start (R-SES-1).
import type { InputIssue } from "../errors.js";

/** An instant in UTC ISO form, or an issue when the date does not exist (e.g. February 30). */
export function utcInstant(value: string, path: string, issues: InputIssue[]): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    issues.push({ path, message: "This date does not exist." });
    return value;
  }
  return date.toISOString();
}

// IANA names only: `Intl` also accepts offsets such as "+02:00", which carry no daylight rules.
const zoneName = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

export function ianaTimeZone(value: string, issues: InputIssue[]): string {
  if (zoneName.test(value)) {
    try {
      const resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions()
        .timeZone;
      // Fix the case only: engines may swap a zone for an older alias, which is not the admin's.
      return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
    } catch {
      // Unknown zone: reported below.
    }
  }
  issues.push({ path: "timeZone", message: "Expected an IANA time zone, such as Europe/Paris." });
  return value;
}

export function checkSlot(startsAt: string, endsAt: string, issues: InputIssue[]): void {
  if (issues.some((issue) => issue.path === "startsAt" || issue.path === "endsAt")) return;
  if (Date.parse(startsAt) >= Date.parse(endsAt)) {
    issues.push({ path: "endsAt", message: "The session must end after it starts." });
  }
}
