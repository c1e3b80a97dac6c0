// The back-office rules of a session (R-SES-1..4, R-PERM-5) as pure functions: a session and an
// input in, the next session, its history events and the people whose access changed out.
import type { InputIssue } from "../errors.js";
import { LiveError } from "../errors.js";
import type { LiveEffect } from "../lifecycle/commands.js";
import type { Advice } from "../preflight/advice.js";
import { normalizeEmailAt } from "./email.js";
import { invalidInput, parseInput } from "./input.js";
import { initialLiveState } from "./live-state.js";
import type {
  Actor,
  LiveEvent,
  LiveEventType,
  LiveSession,
  Participant,
  ParticipantRole,
  Role,
} from "./model.js";
import { diffParticipants, normalizePairs, pairOf, withPersonKeys } from "./participant-pairs.js";
import {
  createSessionInputSchema,
  participantInputSchema,
  updateSessionInputSchema,
} from "./schemas.js";
import { checkSlot, ianaTimeZone, utcInstant } from "./slot-rules.js";

/** What a rule needs from the outside world; rules read no clock and make no ids themselves. */
export interface RuleContext {
  /** ISO 8601 instant of the change. */
  readonly now: string;
  readonly actor: Actor;
  /** A new opaque person key, for an email the session does not know yet. */
  readonly newPersonKey: () => string;
}

export interface CreateContext extends RuleContext {
  /** Id of the new session. */
  readonly id: string;
}

/** What a back-office rule asks of the provider: cut a connection whose access changed. */
export type RuleEffect = Extract<LiveEffect, { type: "disconnect" }>;

export interface RuleResult {
  readonly session: LiveSession;
  /** History entries of the change, in order; empty when nothing changed. */
  readonly events: LiveEvent[];
  /**
   * R-PERM-5: a `disconnect` (reason `access-revoked`) for every control-room connection of a
   * person whose access was removed or changed; they must join again with a fresh grant.
   */
  readonly effects: RuleEffect[];
}

/** The disconnects of every connection held by the people whose access changed (R-PERM-5). */
function revoke(session: LiveSession, personKeys: readonly string[]): RuleEffect[] {
  const keys = new Set(personKeys);
  return session.live.connections
    .filter((connection) => keys.has(connection.personKey))
    .map((connection) => ({
      type: "disconnect",
      connectionId: connection.connectionId,
      reason: "access-revoked",
    }));
}

/** The fields of a session an update may change, as named in `session-updated` events. */
export type SessionField =
  | "title"
  | "description"
  | "room"
  | "startsAt"
  | "endsAt"
  | "timeZone"
  | "streamType"
  | "participants";

const roleOrder: readonly ParticipantRole[] = ["moderator", "speaker"];

const addModeratorAdvice: Advice = {
  code: "add-moderator",
  text: {
    en: "Add a moderator to the session first, or move the session back to draft.",
    fr: "Ajoutez d'abord un modérateur à la session, ou repassez la session en brouillon.",
  },
};

const stopLiveAdvice: Advice = {
  code: "stop-live-first",
  text: {
    en: "Wait until a moderator stops the live, then try again.",
    fr: "Attendez qu'un modérateur arrête le live, puis réessayez.",
  },
};

export function hasModerator(session: LiveSession): boolean {
  return session.participants.some((participant) => participant.role === "moderator");
}

function normalizedOrNull(email: string): string | null {
  try {
    return normalizeEmailAt(email, "email");
  } catch {
    return null;
  }
}

/** The roles a person holds in the session, moderator first; [] for an unknown or malformed email. */
export function rolesOf(session: LiveSession, email: string): ParticipantRole[] {
  const key = normalizedOrNull(email);
  return key === null ? [] : rolesOfKey(session, key);
}

/** The person key of an email in the session, or null when it is not a participant. */
export function personKeyOf(session: LiveSession, email: string): string | null {
  const key = normalizedOrNull(email);
  return key === null ? null : personKeyOfKey(session, key);
}

/**
 * `rolesOf` for an email already in normal form (`normalizeEmail`): a command normalizes its
 * caller's address once, not on every look-up or compare-and-set attempt.
 */
export function rolesOfKey(session: LiveSession, key: string): ParticipantRole[] {
  return roleOrder.filter((role) =>
    session.participants.some(
      (participant) => participant.email === key && participant.role === role,
    ),
  );
}

/** `personKeyOf` for an email already in normal form (`normalizeEmail`). */
export function personKeyOfKey(session: LiveSession, key: string): string | null {
  return session.participants.find((participant) => participant.email === key)?.personKey ?? null;
}

/** Whether the person still holds this role in the session (a grant or connection stays valid). */
export function holdsRole(session: LiveSession, personKey: string, role: Role): boolean {
  return session.participants.some((p) => p.personKey === personKey && p.role === role);
}

function assertModeratorInvariant(next: LiveSession): void {
  // R-SES-3: drafts are exempt, and only live sessions have moderators to need.
  if (next.status === "published" && next.streamType === "live" && !hasModerator(next)) {
    throw new LiveError(
      "NO_MODERATOR",
      "A published live session must keep at least one moderator.",
      { advice: [addModeratorAdvice] },
    );
  }
}

function liveInProgress(what: string): LiveError {
  return new LiveError(
    "LIVE_IN_PROGRESS",
    `The session is live: it cannot be ${what} until the live is stopped.`,
    {
      advice: [stopLiveAdvice],
    },
  );
}

/** Refuses to delete a session while it is live (R-PERM-5). */
export function assertDeletable(session: LiveSession): void {
  if (session.live.phase === "live") throw liveInProgress("deleted");
}

function event(
  session: LiveSession,
  type: LiveEventType,
  ctx: RuleContext,
  data: Readonly<Record<string, unknown>>,
  reason: string | null = null,
): LiveEvent {
  return { sessionId: session.id, type, actor: ctx.actor, at: ctx.now, reason, data };
}

function participantEvent(
  session: LiveSession,
  type: "participant-added" | "participant-removed",
  participant: Participant,
  ctx: RuleContext,
): LiveEvent {
  const { email, role, personKey } = participant;
  return event(session, type, ctx, { email, role, personKey });
}

/** Creates a draft session from back-office input (R-SES-1, R-SES-2, R-SES-4). */
export function createSessionFrom(input: unknown, ctx: CreateContext): RuleResult {
  const parsed = parseInput(createSessionInputSchema, input);
  const issues: InputIssue[] = [];
  const startsAt = utcInstant(parsed.startsAt, "startsAt", issues);
  const endsAt = utcInstant(parsed.endsAt, "endsAt", issues);
  checkSlot(startsAt, endsAt, issues);
  const timeZone = ianaTimeZone(parsed.timeZone, issues);
  const pairs = normalizePairs(parsed.participants, "participants", issues);
  if (issues.length > 0) throw invalidInput(issues);

  const session: LiveSession = {
    id: ctx.id,
    title: parsed.title,
    description: parsed.description,
    room: parsed.room,
    startsAt,
    endsAt,
    timeZone,
    status: "draft",
    streamType: parsed.streamType,
    participants: withPersonKeys(pairs, [], ctx.newPersonKey),
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    live: initialLiveState(),
  };
  const events = [
    event(session, "session-created", ctx, {
      status: session.status,
      streamType: session.streamType,
    }),
    ...session.participants.map((participant) =>
      participantEvent(session, "participant-added", participant, ctx),
    ),
  ];
  return { session, events, effects: [] };
}

/**
 * Applies a back-office edit. A given `participants` list replaces the current one; people kept
 * keep their person key. Nothing changed → the same session and no events.
 */
export function updateSessionWith(
  session: LiveSession,
  input: unknown,
  ctx: RuleContext,
): RuleResult {
  const parsed = parseInput(updateSessionInputSchema, input);
  const issues: InputIssue[] = [];
  const startsAt =
    parsed.startsAt === undefined
      ? session.startsAt
      : utcInstant(parsed.startsAt, "startsAt", issues);
  const endsAt =
    parsed.endsAt === undefined ? session.endsAt : utcInstant(parsed.endsAt, "endsAt", issues);
  if (parsed.startsAt !== undefined || parsed.endsAt !== undefined)
    checkSlot(startsAt, endsAt, issues);
  const timeZone =
    parsed.timeZone === undefined ? session.timeZone : ianaTimeZone(parsed.timeZone, issues);
  const pairs =
    parsed.participants === undefined
      ? undefined
      : normalizePairs(parsed.participants, "participants", issues);
  if (issues.length > 0) throw invalidInput(issues);

  const participants =
    pairs === undefined
      ? session.participants
      : withPersonKeys(pairs, session.participants, ctx.newPersonKey);
  const diff = diffParticipants(session.participants, participants);
  const next = {
    title: parsed.title ?? session.title,
    description: parsed.description ?? session.description,
    room: parsed.room ?? session.room,
    startsAt,
    endsAt,
    timeZone,
    streamType: parsed.streamType ?? session.streamType,
  };
  const fields: SessionField[] = [];
  for (const field of Object.keys(next) as (keyof typeof next)[]) {
    if (next[field] !== session[field]) fields.push(field);
  }
  const participantsChanged = diff.added.length > 0 || diff.removed.length > 0;
  if (participantsChanged) fields.push("participants");
  if (fields.length === 0) return { session, events: [], effects: [] };

  if (
    session.live.phase === "live" &&
    fields.includes("streamType") &&
    next.streamType !== "live"
  ) {
    throw liveInProgress("switched to another stream type");
  }
  const updated: LiveSession = {
    ...session,
    ...next,
    // An order-only change keeps the stored list: nobody's access changed.
    participants: participantsChanged ? participants : session.participants,
    updatedAt: ctx.now,
  };
  assertModeratorInvariant(updated);

  const events = [
    event(updated, "session-updated", ctx, { fields }),
    ...diff.removed.map((participant) =>
      participantEvent(updated, "participant-removed", participant, ctx),
    ),
    ...diff.added.map((participant) =>
      participantEvent(updated, "participant-added", participant, ctx),
    ),
  ];
  return { session: updated, events, effects: revoke(session, diff.revoked) };
}

/** Publishes the session; a live session needs a moderator first (R-SES-3). Idempotent. */
export function publishSessionWith(session: LiveSession, ctx: RuleContext): RuleResult {
  if (session.status === "published") return { session, events: [], effects: [] };
  const published: LiveSession = { ...session, status: "published", updatedAt: ctx.now };
  assertModeratorInvariant(published);
  return {
    session: published,
    events: [event(published, "session-published", ctx, { streamType: published.streamType })],
    effects: [],
  };
}

/** Moves the session back to draft; never while live (R-PERM-5). Idempotent. */
export function unpublishSessionWith(session: LiveSession, ctx: RuleContext): RuleResult {
  if (session.live.phase === "live") throw liveInProgress("unpublished");
  if (session.status === "draft") return { session, events: [], effects: [] };
  const draft: LiveSession = { ...session, status: "draft", updatedAt: ctx.now };
  return { session: draft, events: [event(draft, "session-unpublished", ctx, {})], effects: [] };
}

/** Validates a `{ email, role }` input and normalizes the email (errors name the field). */
function participantPairOf(input: unknown) {
  const parsed = parseInput(participantInputSchema, input);
  const email = normalizeEmailAt(parsed.email, "email");
  return { email, role: parsed.role, pair: pairOf({ email, role: parsed.role }) };
}

/** Adds one (email, role) pair; adding a pair already there changes nothing. */
export function addParticipantTo(
  session: LiveSession,
  input: unknown,
  ctx: RuleContext,
): RuleResult {
  const { email, role, pair } = participantPairOf(input);
  if (session.participants.some((participant) => pairOf(participant) === pair)) {
    return { session, events: [], effects: [] };
  }
  const known = session.participants.find((participant) => participant.email === email);
  const added: Participant = {
    email,
    role,
    personKey: known?.personKey ?? ctx.newPersonKey(),
  };
  const updated: LiveSession = {
    ...session,
    participants: [...session.participants, added],
    updatedAt: ctx.now,
  };
  assertModeratorInvariant(updated);
  // A person who gains a role holds a grant for the old roles only: it is renewed (R-PERM-5).
  return {
    session: updated,
    events: [participantEvent(updated, "participant-added", added, ctx)],
    effects: known === undefined ? [] : revoke(session, [added.personKey]),
  };
}

/** Removes one (email, role) pair and revokes the person's access (R-PERM-5). */
export function removeParticipantFrom(
  session: LiveSession,
  input: unknown,
  ctx: RuleContext,
): RuleResult {
  const { role, pair } = participantPairOf(input);
  const removed = session.participants.find((participant) => pairOf(participant) === pair);
  if (removed === undefined) {
    throw new LiveError(
      "NOT_A_PARTICIPANT",
      `This email does not hold the ${role} role in the session.`,
    );
  }
  const updated: LiveSession = {
    ...session,
    participants: session.participants.filter((participant) => participant !== removed),
    updatedAt: ctx.now,
  };
  assertModeratorInvariant(updated);
  return {
    session: updated,
    events: [participantEvent(updated, "participant-removed", removed, ctx)],
    effects: revoke(session, [removed.personKey]),
  };
}
