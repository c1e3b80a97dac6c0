import { describe, expect, it } from "vitest";
import type { LiveErrorCode } from "../errors.js";
import { LiveError } from "../errors.js";
import { initialLiveState } from "./live-state.js";
import type { Actor, LiveSession } from "./model.js";
import {
  addParticipantTo,
  assertDeletable,
  createSessionFrom,
  hasModerator,
  personKeyOf,
  publishSessionWith,
  type RuleEffect,
  removeParticipantFrom,
  rolesOf,
  unpublishSessionWith,
  updateSessionWith,
} from "./session-rules.js";

const admin: Actor = { kind: "admin", id: "admin-7" };
const NOW = "2025-05-20T08:00:00.000Z";

/** Keys from a test context start with `prefix`, so they never collide with a session's own. */
function context(now = NOW, prefix = "k") {
  let counter = 0;
  return { now, actor: admin, newPersonKey: () => `${prefix}${++counter}`, id: "ses-1" };
}

function failure(run: () => unknown): LiveError {
  try {
    run();
  } catch (error) {
    if (error instanceof LiveError) return error;
    throw error;
  }
  throw new Error("expected a LiveError");
}

function expectCode(run: () => unknown, code: LiveErrorCode): LiveError {
  const error = failure(run);
  expect(error.code).toBe(code);
  return error;
}

const baseInput = {
  title: "Opening keynote",
  description: "The year ahead",
  room: "Main hall",
  startsAt: "2025-06-01T11:00:00+02:00",
  endsAt: "2025-06-01T12:30:00+02:00",
  timeZone: "Europe/Paris",
};

/** A session built through the rules, with a moderator and a speaker, in the given state. */
function aSession(
  options: {
    status?: "draft" | "published";
    streamType?: LiveSession["streamType"];
    phase?: "scheduled" | "live" | "ended";
  } = {},
): LiveSession {
  const { session } = createSessionFrom(
    {
      ...baseInput,
      streamType: options.streamType ?? "live",
      participants: [
        { email: "mod@example.com", role: "moderator" },
        { email: "speaker@example.com", role: "speaker" },
      ],
    },
    context("2025-05-01T08:00:00.000Z", "p"),
  );
  // Each participant has a control-room connection, so a change of access shows as its cut.
  const connections = [
    { connectionId: "c-p1", personKey: "p1", role: "moderator" as const },
    { connectionId: "c-p2", personKey: "p2", role: "speaker" as const },
  ].map((c) => ({ ...c, grantId: null, at: "2025-05-01T08:00:00.000Z" }));
  return {
    ...session,
    status: options.status ?? "published",
    live: { ...session.live, phase: options.phase ?? "scheduled", connections },
  };
}

/** R-PERM-5: the people whose connections a rule cuts, each cut as `access-revoked`. */
const revokedKeys = (effects: readonly RuleEffect[]) =>
  effects.map((effect) => {
    expect(effect).toMatchObject({ type: "disconnect", reason: "access-revoked" });
    return effect.connectionId.replace(/^c-/, "");
  });

const pairs = (session: LiveSession) =>
  session.participants.map((participant) => [
    participant.email,
    participant.role,
    participant.personKey,
  ]);

describe("createSessionFrom", () => {
  it("R-SES-1: creates a draft live session with UTC instants and the event's time zone", () => {
    const { session, events, effects } = createSessionFrom(baseInput, context());
    expect(session).toEqual({
      id: "ses-1",
      title: "Opening keynote",
      description: "The year ahead",
      room: "Main hall",
      startsAt: "2025-06-01T09:00:00.000Z",
      endsAt: "2025-06-01T10:30:00.000Z",
      timeZone: "Europe/Paris",
      status: "draft",
      streamType: "live",
      participants: [],
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
      live: initialLiveState(),
    });
    expect(events).toEqual([
      {
        sessionId: "ses-1",
        type: "session-created",
        actor: admin,
        at: NOW,
        reason: null,
        data: { status: "draft", streamType: "live" },
      },
    ]);
    expect(revokedKeys(effects)).toEqual([]);
  });

  it("R-SES-1: keeps another stream type when asked", () => {
    expect(
      createSessionFrom({ ...baseInput, streamType: "video" }, context()).session.streamType,
    ).toBe("video");
  });

  it.each([
    ["ends when it starts", "2025-06-01T11:00:00+02:00"],
    ["ends before it starts", "2025-06-01T10:59:59+02:00"],
    ["ends before it starts, across offsets", "2025-06-01T11:30:00+03:00"],
  ])("R-SES-1: refuses a slot that %s, on endsAt", (_why, endsAt) => {
    const error = expectCode(
      () => createSessionFrom({ ...baseInput, endsAt }, context()),
      "INVALID_INPUT",
    );
    expect(error.issues).toEqual([
      { path: "endsAt", message: "The session must end after it starts." },
    ]);
  });

  it("R-SES-1: compares instants, not text, across offsets", () => {
    const { session } = createSessionFrom(
      { ...baseInput, startsAt: "2025-06-01T23:30:00-02:00", endsAt: "2025-06-02T02:00:00+00:00" },
      context(),
    );
    expect([session.startsAt, session.endsAt]).toEqual([
      "2025-06-02T01:30:00.000Z",
      "2025-06-02T02:00:00.000Z",
    ]);
  });

  it.each(["Mars/Olympus_Mons", "+02:00", "GMT+2 ", "Europe/Paris;drop", "Not a zone"])(
    "R-SES-1: refuses the unknown time zone %j",
    (timeZone) => {
      const error = expectCode(
        () => createSessionFrom({ ...baseInput, timeZone }, context()),
        "INVALID_INPUT",
      );
      expect(error.issues.map((issue) => issue.path)).toEqual(["timeZone"]);
    },
  );

  it.each([
    ["UTC", "UTC"],
    ["America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    ["europe/paris", "Europe/Paris"],
  ])("R-SES-1: accepts the IANA time zone %s", (timeZone, stored) => {
    expect(createSessionFrom({ ...baseInput, timeZone }, context()).session.timeZone).toBe(stored);
  });

  it("R-SES-2: collapses duplicates and gives one key per person, even with both roles", () => {
    const { session, events } = createSessionFrom(
      {
        ...baseInput,
        participants: [
          { email: "Lea@Example.com", role: "moderator" },
          { email: "ana@example.com", role: "speaker" },
          { email: " lea@example.com ", role: "speaker" },
          { email: "LEA@example.com", role: "moderator" },
          { email: "ana@EXAMPLE.com", role: "speaker" },
        ],
      },
      context(),
    );
    expect(pairs(session)).toEqual([
      ["lea@example.com", "moderator", "k1"],
      ["ana@example.com", "speaker", "k2"],
      ["lea@example.com", "speaker", "k1"],
    ]);
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ["session-created", { status: "draft", streamType: "live" }],
      ["participant-added", { email: "lea@example.com", role: "moderator", personKey: "k1" }],
      ["participant-added", { email: "ana@example.com", role: "speaker", personKey: "k2" }],
      ["participant-added", { email: "lea@example.com", role: "speaker", personKey: "k1" }],
    ]);
  });

  it("R-SES-4: normalizes participants' emails and refuses malformed ones by position", () => {
    const { session } = createSessionFrom(
      { ...baseInput, participants: [{ email: "anna@BÜCHER.example", role: "speaker" }] },
      context(),
    );
    expect(session.participants[0]?.email).toBe("anna@xn--bcher-kva.example");

    const error = expectCode(
      () =>
        createSessionFrom(
          {
            ...baseInput,
            endsAt: baseInput.startsAt,
            participants: [
              { email: "ok@example.com", role: "speaker" },
              { email: "broken@", role: "moderator" },
              { email: "two@@example.com", role: "speaker" },
            ],
          },
          context(),
        ),
      "INVALID_INPUT",
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      "endsAt",
      "participants.1.email",
      "participants.2.email",
    ]);
    expect(error.message).toContain("participants.1.email");
    expect(error.message).not.toContain("broken");
  });

  it("refuses input that does not match the schema, and unknown fields", () => {
    expect(
      expectCode(() => createSessionFrom(null, context()), "INVALID_INPUT").issues,
    ).not.toEqual([]);
    const error = expectCode(
      () => createSessionFrom({ ...baseInput, status: "published" }, context()),
      "INVALID_INPUT",
    );
    expect(error.issues).toEqual([{ path: "status", message: "Unknown field." }]);
  });
});

describe("updateSessionWith", () => {
  it("merges the given fields, names them in the event and leaves the version alone", () => {
    const before = aSession();
    const { session, events, effects } = updateSessionWith(
      before,
      { title: "  Closing keynote ", room: "Main hall", endsAt: "2025-06-01T11:00:00Z" },
      context(),
    );
    expect(session).toEqual({
      ...before,
      title: "Closing keynote",
      endsAt: "2025-06-01T11:00:00.000Z",
      updatedAt: NOW,
    });
    expect(events).toEqual([
      {
        sessionId: before.id,
        type: "session-updated",
        actor: admin,
        at: NOW,
        reason: null,
        data: { fields: ["title", "endsAt"] },
      },
    ]);
    expect(revokedKeys(effects)).toEqual([]);
  });

  it("returns the same session and no events when nothing changes", () => {
    const before = aSession();
    const same = {
      title: before.title,
      startsAt: "2025-06-01T11:00:00+02:00",
      timeZone: "Europe/Paris",
    };
    for (const input of [{}, same]) {
      const result = updateSessionWith(before, input, context());
      expect(result.session).toBe(before);
      expect(result.events).toEqual([]);
    }
  });

  it("R-SES-1: refuses an end before the start, on endsAt, whichever bound moved", () => {
    const before = aSession();
    for (const input of [
      { startsAt: "2025-06-01T10:30:00Z" },
      { endsAt: "2025-06-01T08:00:00Z" },
    ]) {
      const error = expectCode(() => updateSessionWith(before, input, context()), "INVALID_INPUT");
      expect(error.issues.map((issue) => issue.path)).toEqual(["endsAt"]);
    }
    expectCode(
      () => updateSessionWith(before, { timeZone: "Nowhere/Land" }, context()),
      "INVALID_INPUT",
    );
  });

  it("R-SES-2: replaces the participant list, keeping the keys of people still there", () => {
    const before = aSession({ status: "draft" });
    const { session, events, effects } = updateSessionWith(
      before,
      {
        participants: [
          { email: "MOD@example.com", role: "moderator" },
          { email: "speaker@example.com", role: "moderator" },
          { email: "new@example.com", role: "speaker" },
          { email: "new@example.com", role: "moderator" },
        ],
      },
      context(),
    );
    expect(pairs(session)).toEqual([
      ["mod@example.com", "moderator", "p1"],
      ["speaker@example.com", "moderator", "p2"],
      ["new@example.com", "speaker", "k1"],
      ["new@example.com", "moderator", "k1"],
    ]);
    const newKey = "k1";
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ["session-updated", { fields: ["participants"] }],
      ["participant-removed", { email: "speaker@example.com", role: "speaker", personKey: "p2" }],
      ["participant-added", { email: "speaker@example.com", role: "moderator", personKey: "p2" }],
      ["participant-added", { email: "new@example.com", role: "speaker", personKey: newKey }],
      ["participant-added", { email: "new@example.com", role: "moderator", personKey: newKey }],
    ]);
    // R-PERM-5: the speaker whose role changed must reconnect; the untouched moderator need not.
    expect(revokedKeys(effects)).toEqual(["p2"]);
  });

  it("R-PERM-5: revokes people removed from the list", () => {
    const before = aSession();
    const { effects, events } = updateSessionWith(
      before,
      { participants: [{ email: "mod@example.com", role: "moderator" }] },
      context(),
    );
    expect(revokedKeys(effects)).toEqual(["p2"]);
    expect(events.map((event) => event.type)).toEqual(["session-updated", "participant-removed"]);
  });

  it("treats a reordered list as no change", () => {
    const before = aSession();
    const result = updateSessionWith(
      before,
      {
        participants: [
          { email: "speaker@example.com", role: "speaker" },
          { email: "mod@example.com", role: "moderator" },
        ],
      },
      context(),
    );
    expect(result.session).toBe(before);
    expect(result.events).toEqual([]);
  });

  it("R-SES-3: refuses a list without moderator on a published live session", () => {
    const before = aSession();
    const error = expectCode(
      () =>
        updateSessionWith(
          before,
          { participants: [{ email: "speaker@example.com", role: "speaker" }] },
          context(),
        ),
      "NO_MODERATOR",
    );
    expect(error.advice.map((item) => item.code)).toEqual(["add-moderator"]);
    expectCode(() => updateSessionWith(before, { participants: [] }, context()), "NO_MODERATOR");
  });

  it("R-SES-3: an email edit is allowed only if a moderator remains", () => {
    const before = aSession();
    const edited = updateSessionWith(
      before,
      {
        participants: [
          { email: "moderator@example.com", role: "moderator" },
          { email: "speaker@example.com", role: "speaker" },
        ],
      },
      context(),
    );
    expect(rolesOf(edited.session, "moderator@example.com")).toEqual(["moderator"]);
    expect(rolesOf(edited.session, "mod@example.com")).toEqual([]);
    expect(revokedKeys(edited.effects)).toEqual(["p1"]);
    expectCode(
      () =>
        updateSessionWith(
          before,
          {
            participants: [
              { email: "moderator@example.com", role: "speaker" },
              { email: "speaker@example.com", role: "speaker" },
            ],
          },
          context(),
        ),
      "NO_MODERATOR",
    );
  });

  it("R-SES-3: refuses switching a published session without moderator to the live stream type", () => {
    const video = { ...aSession({ streamType: "video" }), participants: [] };
    expectCode(() => updateSessionWith(video, { streamType: "live" }, context()), "NO_MODERATOR");
    const withModerator = updateSessionWith(
      video,
      { streamType: "live", participants: [{ email: "mod@example.com", role: "moderator" }] },
      context(),
    );
    expect(withModerator.session.streamType).toBe("live");
  });

  it("R-SES-3: lets a draft, or a published session of another stream type, have no moderator", () => {
    for (const before of [aSession({ status: "draft" }), aSession({ streamType: "video" })]) {
      const { session } = updateSessionWith(before, { participants: [] }, context());
      expect(hasModerator(session)).toBe(false);
    }
  });

  it("R-PERM-5: refuses switching the stream type while live, but allows other edits", () => {
    const live = aSession({ phase: "live" });
    const error = expectCode(
      () => updateSessionWith(live, { streamType: "video" }, context()),
      "LIVE_IN_PROGRESS",
    );
    expect(error.advice.map((item) => item.code)).toEqual(["stop-live-first"]);
    expect(updateSessionWith(live, { title: "Renamed" }, context()).session.title).toBe("Renamed");
    const ended = aSession({ phase: "ended" });
    expect(updateSessionWith(ended, { streamType: "video" }, context()).session.streamType).toBe(
      "video",
    );
  });
});

describe("publishSessionWith and unpublishSessionWith", () => {
  it("R-SES-3: publishes a live session with a moderator, once", () => {
    const draft = aSession({ status: "draft" });
    const { session, events } = publishSessionWith(draft, context());
    expect(session).toEqual({ ...draft, status: "published", updatedAt: NOW });
    expect(events).toEqual([
      {
        sessionId: draft.id,
        type: "session-published",
        actor: admin,
        at: NOW,
        reason: null,
        data: { streamType: "live" },
      },
    ]);
    const again = publishSessionWith(session, context());
    expect(again.session).toBe(session);
    expect(again.events).toEqual([]);
  });

  it("R-SES-3: refuses to publish a live session without moderator", () => {
    const draft = { ...aSession({ status: "draft" }), participants: [] };
    expectCode(() => publishSessionWith(draft, context()), "NO_MODERATOR");
    const onlySpeaker = removeParticipantFrom(
      aSession({ status: "draft" }),
      { email: "mod@example.com", role: "moderator" },
      context(),
    ).session;
    expectCode(() => publishSessionWith(onlySpeaker, context()), "NO_MODERATOR");
  });

  it("R-SES-3: publishes another stream type without moderator", () => {
    const draft = { ...aSession({ status: "draft", streamType: "external" }), participants: [] };
    expect(publishSessionWith(draft, context()).session.status).toBe("published");
  });

  it("R-PERM-5: refuses to unpublish while live", () => {
    expectCode(
      () => unpublishSessionWith(aSession({ phase: "live" }), context()),
      "LIVE_IN_PROGRESS",
    );
  });

  it("unpublishes back to draft, once; the draft is then exempt from R-SES-3", () => {
    const published = aSession({ phase: "ended" });
    const { session, events } = unpublishSessionWith(published, context());
    expect(session).toEqual({ ...published, status: "draft", updatedAt: NOW });
    expect(events.map((event) => [event.type, event.data])).toEqual([["session-unpublished", {}]]);
    const again = unpublishSessionWith(session, context());
    expect(again.session).toBe(session);
    expect(again.events).toEqual([]);
    const removed = removeParticipantFrom(
      session,
      { email: "mod@example.com", role: "moderator" },
      context(),
    );
    expect(hasModerator(removed.session)).toBe(false);
  });
});

describe("addParticipantTo and removeParticipantFrom", () => {
  it("R-SES-4: adds a participant under the normalized email, with a new key", () => {
    const before = aSession();
    const { session, events, effects } = addParticipantTo(
      before,
      { email: "  Guest@Bücher.Example ", role: "speaker" },
      { ...context(), newPersonKey: () => "p-guest" },
    );
    expect(session.participants.at(-1)).toEqual({
      email: "guest@xn--bcher-kva.example",
      role: "speaker",
      personKey: "p-guest",
    });
    expect(session.updatedAt).toBe(NOW);
    expect(session.version).toBe(before.version);
    expect(events).toEqual([
      {
        sessionId: before.id,
        type: "participant-added",
        actor: admin,
        at: NOW,
        reason: null,
        data: { email: "guest@xn--bcher-kva.example", role: "speaker", personKey: "p-guest" },
      },
    ]);
    expect(revokedKeys(effects)).toEqual([]);
  });

  it("R-SES-2: a second role keeps the person's key, and renews their access (R-PERM-5)", () => {
    const before = aSession();
    const { session, effects } = addParticipantTo(
      before,
      { email: "SPEAKER@example.com", role: "moderator" },
      context(),
    );
    expect(rolesOf(session, "speaker@example.com")).toEqual(["moderator", "speaker"]);
    expect(personKeyOf(session, "speaker@example.com")).toBe("p2");
    expect(revokedKeys(effects)).toEqual(["p2"]);
  });

  it("adding a pair that is already there changes nothing", () => {
    const before = aSession();
    const result = addParticipantTo(
      before,
      { email: "Mod@Example.com ", role: "moderator" },
      context(),
    );
    expect(result.session).toBe(before);
    expect(result.events).toEqual([]);
    expect(revokedKeys(result.effects)).toEqual([]);
  });

  it("R-SES-4: refuses a malformed email on the email field", () => {
    const error = expectCode(
      () => addParticipantTo(aSession(), { email: "a b@example.com", role: "speaker" }, context()),
      "INVALID_INPUT",
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(["email"]);
    expectCode(
      () => addParticipantTo(aSession(), { email: "a@example.com", role: "attendee" }, context()),
      "INVALID_INPUT",
    );
  });

  it("R-PERM-5: removing a participant revokes their key", () => {
    const before = aSession();
    const { session, events, effects } = removeParticipantFrom(
      before,
      { email: "Speaker@example.com", role: "speaker" },
      context(),
    );
    expect(pairs(session)).toEqual([["mod@example.com", "moderator", "p1"]]);
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ["participant-removed", { email: "speaker@example.com", role: "speaker", personKey: "p2" }],
    ]);
    expect(revokedKeys(effects)).toEqual(["p2"]);
  });

  it("R-SES-2: removing one of two roles keeps the other, with the same key", () => {
    const both = addParticipantTo(
      aSession(),
      { email: "speaker@example.com", role: "moderator" },
      context(),
    ).session;
    const { session } = removeParticipantFrom(
      both,
      { email: "speaker@example.com", role: "speaker" },
      context(),
    );
    expect(rolesOf(session, "speaker@example.com")).toEqual(["moderator"]);
    expect(personKeyOf(session, "speaker@example.com")).toBe("p2");
  });

  it("R-PERM-2: removing someone who does not hold the role reveals nobody", () => {
    const before = aSession();
    for (const input of [
      { email: "stranger@example.com", role: "speaker" },
      { email: "speaker@example.com", role: "moderator" },
    ]) {
      const error = expectCode(
        () => removeParticipantFrom(before, input, context()),
        "NOT_A_PARTICIPANT",
      );
      expect(error.message).not.toMatch(/@|mod@|speaker@|stranger/);
    }
  });

  it("R-SES-3: refuses removing the last moderator of a published live session", () => {
    const before = aSession();
    expectCode(
      () =>
        removeParticipantFrom(before, { email: "mod@example.com", role: "moderator" }, context()),
      "NO_MODERATOR",
    );
    const second = addParticipantTo(
      before,
      { email: "co@example.com", role: "moderator" },
      context(),
    ).session;
    const { session } = removeParticipantFrom(
      second,
      { email: "mod@example.com", role: "moderator" },
      context(),
    );
    expect(rolesOf(session, "co@example.com")).toEqual(["moderator"]);
  });
});

describe("lookups and deletion", () => {
  it("R-SES-4: finds roles and keys by any form of the email, and nothing for malformed ones", () => {
    const session = aSession();
    expect(rolesOf(session, "  MOD@example.COM")).toEqual(["moderator"]);
    expect(rolesOf(session, "\uff4dod@example.com")).toEqual([]);
    expect(rolesOf(session, "not an email")).toEqual([]);
    expect(personKeyOf(session, "Speaker@Example.com")).toBe("p2");
    expect(personKeyOf(session, "nobody@example.com")).toBeNull();
    expect(personKeyOf(session, "@@")).toBeNull();
    expect(hasModerator(session)).toBe(true);
    expect(hasModerator({ ...session, participants: session.participants.slice(1) })).toBe(false);
  });

  it("R-PERM-5: a session cannot be deleted while live", () => {
    expectCode(() => assertDeletable(aSession({ phase: "live" })), "LIVE_IN_PROGRESS");
    expect(() => assertDeletable(aSession({ phase: "scheduled" }))).not.toThrow();
    expect(() => assertDeletable(aSession({ phase: "ended" }))).not.toThrow();
  });
});
