import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LiveErrorCode } from "../errors.js";
import { LiveError } from "../errors.js";
import { isValidEmail, normalizeEmail } from "./email.js";
import type { Actor, LivePhase, LiveSession } from "./model.js";
import type { RuleResult } from "./session-rules.js";
import {
  addParticipantTo,
  createSessionFrom,
  hasModerator,
  publishSessionWith,
  removeParticipantFrom,
  unpublishSessionWith,
  updateSessionWith,
} from "./session-rules.js";

/** Mostly valid values, so that long sequences get past validation and reach the rules. */
const mostly = <T, U>(valid: readonly T[], invalid: readonly U[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...invalid) },
  );

// Spellings of a few people (case, spaces, NFD, Unicode domains) and look-alikes, all valid…
const emails = [
  "mod@example.com",
  " MOD@Example.com",
  "ana@example.com",
  "jose\u0301@example.com",
  "jos\u00e9@example.com",
  "bob@bücher.example",
  "bob@xn--bcher-kva.example",
  "\uff41na@example.com",
  "\u0430na@example.com",
];
// …and broken ones.
const brokenEmails = ["not-an-email", "two@@example.com", "", "sp ace@example.com"];

const participantInput = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      email: mostly(emails, brokenEmails),
      role: mostly(["moderator", "speaker"], ["attendee", 42]),
    }),
  },
  { weight: 1, arbitrary: fc.anything() },
);

const updateInput = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        title: mostly(["Keynote", "  Panel "], [""]),
        streamType: mostly(["live", "video", "external", "none"], ["tv"]),
        startsAt: mostly(["2025-06-01T09:00:00Z", "2025-06-01T12:00:00+02:00"], ["soon"]),
        endsAt: mostly(["2025-06-01T11:00:00Z"], ["2025-06-01T08:00:00Z"]),
        timeZone: mostly(["Europe/Paris", "UTC"], ["Atlantis/Capital"]),
        participants: fc.array(participantInput, { maxLength: 5 }),
      },
      { requiredKeys: [] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ streamType: fc.constantFrom("live", "video", "external", "none") }),
  },
  { weight: 1, arbitrary: fc.record({ title: fc.constant("Keynote"), extra: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.anything() },
);

type Command =
  | { kind: "add" | "remove"; input: unknown }
  | { kind: "update"; input: unknown }
  | { kind: "publish" | "unpublish" }
  | { kind: "lifecycle"; phase: LivePhase };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("add" as const), input: participantInput }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("remove" as const), input: participantInput }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("update" as const), input: updateInput }) },
  { weight: 3, arbitrary: fc.constant({ kind: "publish" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "unpublish" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("lifecycle" as const),
      phase: fc.constantFrom<LivePhase>("live", "ended"),
    }),
  },
);

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value))
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

const actor: Actor = { kind: "admin", id: "admin-1" };
const pairsOf = (session: LiveSession) =>
  new Set(session.participants.map((participant) => `${participant.role} ${participant.email}`));
const rolesByEmail = (session: LiveSession) => {
  const map = new Map<string, string[]>();
  for (const { email, role } of session.participants)
    map.set(email, [...(map.get(email) ?? []), role].sort());
  return map;
};

/** The lifecycle moves on its own (start, stop); these rules must cope with every phase. */
function moveLifecycle(session: LiveSession, phase: LivePhase): LiveSession {
  const canStart = session.status === "published" && session.streamType === "live";
  if (phase === "live" && (session.live.phase !== "scheduled" || !canStart)) return session;
  if (phase === "ended" && session.live.phase !== "live") return session;
  return { ...session, live: { ...session.live, phase } };
}

function expectedAddOrRemove(
  session: LiveSession,
  kind: "add" | "remove",
  input: unknown,
): LiveErrorCode | "ok" {
  const candidate = input as { email?: unknown; role?: unknown } | null;
  const wellFormed =
    typeof candidate === "object" &&
    candidate !== null &&
    Object.keys(candidate).length === 2 &&
    typeof candidate.email === "string" &&
    isValidEmail(candidate.email) &&
    (candidate.role === "moderator" || candidate.role === "speaker");
  if (!wellFormed) return "INVALID_INPUT";
  const pair = `${candidate.role} ${normalizeEmail(candidate.email as string)}`;
  if (kind === "add") return "ok";
  if (!pairsOf(session).has(pair)) return "NOT_A_PARTICIPANT";
  const moderatorsLeft = session.participants.filter(
    (participant) =>
      participant.role === "moderator" && `${participant.role} ${participant.email}` !== pair,
  ).length;
  const guarded = session.status === "published" && session.streamType === "live";
  return guarded && moderatorsLeft === 0 ? "NO_MODERATOR" : "ok";
}

/** The session with one control-room connection per person (`c-<person key>`). */
function withConnections(session: LiveSession): LiveSession {
  const byKey = new Map(session.participants.map((p) => [p.personKey, p.role]));
  const connections = [...byKey].map(([personKey, role]) => ({
    connectionId: `c-${personKey}`,
    personKey,
    role,
    grantId: null,
    at: "2025-05-01T00:00:00.000Z",
  }));
  return { ...session, live: { ...session.live, connections } };
}

describe("session rules, under random command sequences", () => {
  it("R-SES-3, R-SES-2, R-PERM-5: keep a moderator, stable keys, and never mutate or half-apply", () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            email: fc.constantFrom(...emails),
            role: fc.constantFrom("moderator", "speaker"),
          }),
          {
            maxLength: 4,
          },
        ),
        fc.array(command, { minLength: 4, maxLength: 24 }),
        (initialParticipants, commands) => {
          let counter = 0;
          const newPersonKey = () => `key-${++counter}`;
          const created = createSessionFrom(
            {
              title: "Keynote",
              startsAt: "2025-06-01T09:00:00Z",
              endsAt: "2025-06-01T10:00:00Z",
              timeZone: "Europe/Paris",
              participants: initialParticipants,
            },
            { id: "ses-1", now: "2025-05-01T00:00:00.000Z", actor, newPersonKey },
          );
          let session = deepFreeze(created.session);
          // Every key ever handed out, with the one email it belongs to.
          const owners = new Map(
            session.participants.map((participant) => [participant.personKey, participant.email]),
          );

          commands.forEach((step, index) => {
            deepFreeze(step);
            if (step.kind === "lifecycle") {
              session = deepFreeze(moveLifecycle(session, step.phase));
              return;
            }
            const now = new Date(Date.UTC(2025, 4, 2, 0, 0, index)).toISOString();
            const ctx = { now, actor, newPersonKey };
            // Every participant holds a control-room connection: a change of access cuts it.
            const before = deepFreeze(withConnections(session));
            const snapshot = structuredClone(before);
            const expected =
              step.kind === "add" || step.kind === "remove"
                ? expectedAddOrRemove(before, step.kind, step.input)
                : null;

            let result: RuleResult;
            try {
              switch (step.kind) {
                case "add":
                  result = addParticipantTo(before, step.input, ctx);
                  break;
                case "remove":
                  result = removeParticipantFrom(before, step.input, ctx);
                  break;
                case "update":
                  result = updateSessionWith(before, step.input, ctx);
                  break;
                case "publish":
                  result = publishSessionWith(before, ctx);
                  break;
                case "unpublish":
                  result = unpublishSessionWith(before, ctx);
                  break;
              }
            } catch (error) {
              expect(error).toBeInstanceOf(LiveError);
              const code = (error as LiveError).code;
              outcomes.add(`${step.kind}:${code}`);
              if (expected !== null) expect(code).toBe(expected);
              if (step.kind === "publish") expect(code).toBe("NO_MODERATOR");
              if (step.kind === "unpublish")
                expect([code, before.live.phase]).toEqual(["LIVE_IN_PROGRESS", "live"]);
              if (code === "LIVE_IN_PROGRESS") expect(before.live.phase).toBe("live");
              expect(before).toEqual(snapshot);
              return;
            }
            if (expected !== null) expect(expected).toBe("ok");
            const after = result.session;
            expect(before).toEqual(snapshot);
            outcomes.add(`${step.kind}:ok`);
            if (step.kind === "update") {
              // A list given replaces the participants: exactly its normalized pairs remain.
              const input = step.input as { participants?: { email: string; role: string }[] };
              if (input.participants !== undefined) {
                const wanted = input.participants.map(
                  ({ email, role }) => `${role} ${normalizeEmail(email)}`,
                );
                expect(pairsOf(after)).toEqual(new Set(wanted));
              }
            }

            // Nothing changed ↔ the same object and no history.
            if (result.events.length === 0) {
              expect(after).toBe(before);
              expect(result.effects).toEqual([]);
            } else {
              expect(after.updatedAt).toBe(now);
            }
            expect(after.version).toBe(before.version);
            expect(after.id).toBe(before.id);
            expect(after.live).toEqual(before.live);

            // R-SES-3: a published live session never ends up without a moderator.
            if (after.status === "published" && after.streamType === "live")
              expect(hasModerator(after)).toBe(true);
            // R-PERM-5: no switch away from the live stream type while live.
            if (before.live.phase === "live" && before.streamType === "live")
              expect(after.streamType).toBe("live");

            // R-SES-2: one key per person, kept while the person stays, never reused for another.
            const keysByEmail = new Map<string, string>();
            for (const participant of after.participants) {
              const known = keysByEmail.get(participant.email);
              if (known !== undefined) expect(participant.personKey).toBe(known);
              keysByEmail.set(participant.email, participant.personKey);
              const owner = owners.get(participant.personKey);
              if (owner !== undefined) expect(owner).toBe(participant.email);
              owners.set(participant.personKey, participant.email);
            }
            expect(new Set(keysByEmail.values()).size).toBe(keysByEmail.size);
            for (const participant of before.participants) {
              const kept = keysByEmail.get(participant.email);
              if (kept !== undefined) expect(kept).toBe(participant.personKey);
            }
            expect(pairsOf(after).size).toBe(after.participants.length);

            // R-PERM-5: exactly the people present before whose roles changed are revoked.
            const rolesBefore = rolesByEmail(before);
            const rolesAfter = rolesByEmail(after);
            const changed = [...rolesBefore.keys()].filter(
              (email) =>
                JSON.stringify(rolesBefore.get(email)) !== JSON.stringify(rolesAfter.get(email)),
            );
            const keyOf = (email: string) =>
              before.participants.find((p) => p.email === email)?.personKey;
            for (const effect of result.effects) {
              expect(effect).toMatchObject({ type: "disconnect", reason: "access-revoked" });
            }
            const revoked = result.effects.map((effect) => effect.connectionId.replace(/^c-/, ""));
            expect(revoked.sort()).toEqual(changed.map(keyOf).sort());

            // History: stamped by the change; emails only in participant events.
            for (const event of result.events) {
              expect(event).toMatchObject({ sessionId: before.id, actor, at: now });
              if (event.type !== "participant-added" && event.type !== "participant-removed") {
                expect(JSON.stringify(event.data)).not.toContain("@");
              }
            }
            session = deepFreeze(after);
          });
        },
      ),
      { numRuns: 2000 },
    );
    // The sequences did reach every rule, not only input validation.
    expect([...outcomes].sort()).toEqual(
      expect.arrayContaining([
        "add:INVALID_INPUT",
        "add:ok",
        "publish:NO_MODERATOR",
        "publish:ok",
        "remove:NOT_A_PARTICIPANT",
        "remove:NO_MODERATOR",
        "remove:ok",
        "unpublish:LIVE_IN_PROGRESS",
        "unpublish:ok",
        "update:INVALID_INPUT",
        "update:LIVE_IN_PROGRESS",
        "update:NO_MODERATOR",
        "update:ok",
      ]),
    );
    // Heavy: on a loaded machine its runs take longer than the default 5 s.
  }, 60_000);
});
