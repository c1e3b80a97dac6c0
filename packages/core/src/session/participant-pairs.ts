// Participant lists as (email, role) pairs: normalized, without repeats, with stable person keys,
// and what changed between two lists (R-SES-2, R-PERM-5).
import type { InputIssue } from "../errors.js";
import { LiveError } from "../errors.js";
import { normalizeEmailAt } from "./email.js";
import type { Participant, ParticipantRole } from "./model.js";

/** A pair of email and role, as one string; spaces cannot appear in a normalized email. */
export const pairOf = (participant: { email: string; role: ParticipantRole }) =>
  `${participant.role} ${participant.email}`;

interface ParticipantInput {
  readonly email: string;
  readonly role: ParticipantRole;
}

/** Normalizes emails and drops repeated (email, role) pairs, keeping the first occurrence. */
export function normalizePairs(
  list: readonly ParticipantInput[],
  path: string,
  issues: InputIssue[],
): { email: string; role: ParticipantRole }[] {
  const seen = new Set<string>();
  const pairs: { email: string; role: ParticipantRole }[] = [];
  list.forEach((participant, index) => {
    try {
      const pair = {
        email: normalizeEmailAt(participant.email, `${path}.${index}.email`),
        role: participant.role,
      };
      if (!seen.has(pairOf(pair))) {
        seen.add(pairOf(pair));
        pairs.push(pair);
      }
    } catch (error) {
      if (!(error instanceof LiveError)) throw error;
      issues.push(...error.issues);
    }
  });
  return pairs;
}

/** Gives each pair its person's key: the known one for a known email, one new key per new email. */
export function withPersonKeys(
  pairs: readonly { email: string; role: ParticipantRole }[],
  known: readonly Participant[],
  newPersonKey: () => string,
): Participant[] {
  const keys = new Map(known.map((participant) => [participant.email, participant.personKey]));
  return pairs.map((pair) => {
    let personKey = keys.get(pair.email);
    if (personKey === undefined) {
      personKey = newPersonKey();
      keys.set(pair.email, personKey);
    }
    return { email: pair.email, role: pair.role, personKey };
  });
}

/** What changed between two participant lists, and whose access must be renewed (R-PERM-5). */
export function diffParticipants(
  before: readonly Participant[],
  after: readonly Participant[],
): { added: Participant[]; removed: Participant[]; revoked: string[] } {
  const beforePairs = new Set(before.map(pairOf));
  const afterPairs = new Set(after.map(pairOf));
  const added = after.filter((participant) => !beforePairs.has(pairOf(participant)));
  const removed = before.filter((participant) => !afterPairs.has(pairOf(participant)));
  // A person whose set of roles changes (lost, gained or gone) holds a grant for the old roles.
  const changedEmails = new Set([...added, ...removed].map((participant) => participant.email));
  const revoked = [
    ...new Set(
      before
        .filter((participant) => changedEmails.has(participant.email))
        .map((participant) => participant.personKey),
    ),
  ];
  return { added, removed, revoked };
}
