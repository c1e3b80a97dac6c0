// Random histories of concurrent commands and provider events against the real service and
// in-memory store: the lifecycle invariants of SPEC §4 must hold whatever the interleaving.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aSession, data, ROOM } from "../../test/fixtures.js";
import { harness } from "../../test/service-harness.js";
import { LiveError } from "../errors.js";
import { decodeConnectionData } from "../lifecycle/connection-data.js";
import type { ProviderEvent, RecordingInfo } from "../ports/live-provider.js";
import type { Role } from "../session/model.js";

const people = {
  mod: { identity: { email: "mod@example.com" }, key: "p-mod", role: "moderator" as Role },
  both: { identity: { email: "BOTH@example.com " }, key: "p-both", role: "moderator" as Role },
  spk: { identity: { email: "speaker@example.com" }, key: "p-spk", role: "speaker" as Role },
  stranger: { identity: { email: "stranger@example.com" }, key: "a-x", role: "attendee" as Role },
};
type Who = keyof typeof people;
const who = fc.constantFrom<Who>("mod", "both", "spk", "stranger");
const statuses = fc.constantFrom<RecordingInfo["status"]>(
  "started",
  "paused",
  "stopped",
  "uploaded",
  "available",
  "expired",
  "failed",
);

const action = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("start" as const), who }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("stop" as const), who }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("stage" as const),
      who,
      streams: fc.subarray(["s-0", "s-1", "s-2", "s-x"]),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("connect" as const),
      who: fc.constantFrom<Who>("mod", "both", "spk"),
      conn: fc.nat(3),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("disconnect" as const), conn: fc.nat(3) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("publish" as const),
      conn: fc.nat(3),
      stream: fc.nat(2),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("unpublish" as const), stream: fc.nat(2) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("recording" as const),
      pick: fc.nat(5),
      status: statuses,
      reason: fc.constantFrom(null, "session ended", "maximum duration exceeded"),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      ms: fc.integer({ min: 0, max: 5 * 3_600_000 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant("reconcile" as const) }), weight: 1 },
);

type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const rank = { scheduled: 0, live: 1, ended: 2 } as const;

async function play(batches: Action[][], finals: boolean[]) {
  const h = harness({ idleAlertMs: 60_000 });
  await h.seed(aSession());
  const recordingIds = () => [...h.fake.recordings.keys()];
  const phases: number[] = [];

  const perform = async (a: Action): Promise<unknown> => {
    switch (a.kind) {
      case "start":
        return h.service.startLive("ses-1", people[a.who].identity);
      case "stop":
        return h.service.stopLive("ses-1", people[a.who].identity);
      case "stage":
        return h.service.setStage("ses-1", people[a.who].identity, {
          streamIds: a.streams,
          layout: "grid",
        });
      case "connect": {
        const p = people[a.who];
        return h.service.handleProviderEvent({
          type: "connection-created",
          roomId: ROOM,
          connectionId: `c-${a.conn}`,
          connectionData: data(p.key, p.role, `g-${a.conn}`),
          at: 0,
        });
      }
      case "disconnect":
        return h.service.handleProviderEvent({
          type: "connection-destroyed",
          roomId: ROOM,
          connectionId: `c-${a.conn}`,
          connectionData: null,
          reason: "clientDisconnected",
          at: 0,
        });
      case "publish":
        return h.service.handleProviderEvent({
          type: "stream-created",
          roomId: ROOM,
          streamId: `s-${a.stream}`,
          connectionId: `c-${a.conn}`,
          connectionData: null,
          videoType: "camera",
          at: 0,
        });
      case "unpublish":
        return h.service.handleProviderEvent({
          type: "stream-destroyed",
          roomId: ROOM,
          streamId: `s-${a.stream}`,
          connectionId: "c-0",
          reason: null,
          at: 0,
        });
      case "recording": {
        const ids = recordingIds();
        const id = ids.length === 0 ? "rec-none" : ids[a.pick % ids.length];
        const event: ProviderEvent = {
          type: "recording",
          roomId: ROOM,
          recordingId: id ?? "rec-none",
          name: null,
          status: a.status,
          reason: a.reason,
          duration: null,
          at: 0,
        };
        return h.service.handleProviderEvent(event);
      }
      case "tick":
        h.advance(a.ms);
        return h.service.tick("ses-1");
      case "reconcile":
        return h.service.reconcile("ses-1");
    }
  };

  for (const batch of batches) {
    const results = await Promise.allSettled(batch.map(perform));
    for (const result of results) {
      // Refusals are LiveErrors, never anything else.
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(LiveError);
    }
    phases.push(rank[(await h.service.getSession("ses-1")).live.phase]);
  }

  // Every recording gets a final status (duplicates and order are random above), then reconcile.
  const session = await h.service.getSession("ses-1");
  if (session.live.phase === "ended") {
    let i = 0;
    for (const segment of session.live.segments) {
      if (segment.recordingId === null) continue;
      const status = finals[i++ % finals.length] ? "available" : "failed";
      await h.service.handleProviderEvent({
        type: "recording",
        roomId: ROOM,
        recordingId: segment.recordingId,
        name: segment.name,
        status,
        reason: null,
        duration: 1,
        at: 0,
      });
    }
  }
  return {
    h,
    phases,
    final: await h.service.getSession("ses-1"),
    history: await h.service.history("ses-1"),
  };
}

describe("lifecycle invariants under random concurrent histories", () => {
  it("R-LIFE-1, R-LIFE-2, R-LIFE-4, R-LIFE-5: one start, one stop, no way back from ended, moderators only, all in the history", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(action, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        async (batches, finals) => {
          const { h, phases, final, history } = await play(batches, finals);
          const types = history.map((e) => e.type);
          const starts = history.filter((e) => e.type === "live-started");
          const stops = history.filter((e) => e.type === "live-stopped");

          // At most one start and one stop of the live reach the provider.
          expect(starts.length).toBeLessThanOrEqual(1);
          expect(stops.length).toBeLessThanOrEqual(1);
          const firstSegmentStarts = h.fake
            .callsTo("startRecording")
            .filter((c) => (c.args[1] as { name: string }).name.endsWith("-001"));
          expect(firstSegmentStarts.length).toBeLessThanOrEqual(1);
          const names = h.fake
            .callsTo("startRecording")
            .map((c) => (c.args[1] as { name: string }).name);
          expect(new Set(names).size).toBe(names.length);
          const stopped = h.fake.callsTo("stopRecording").map((c) => c.args[0]);
          expect(new Set(stopped).size).toBe(stopped.length);

          // No transition leaves `ended`; the phase only moves forward.
          for (let i = 1; i < phases.length; i++)
            expect(phases[i]).toBeGreaterThanOrEqual(phases[i - 1] ?? 0);
          if (stops.length === 1)
            expect(types.indexOf("live-started")).toBeLessThan(types.indexOf("live-stopped"));

          // Only moderators start and stop.
          for (const e of [...starts, ...stops]) {
            expect(e.actor).toMatchObject({ kind: "person" });
            expect(["p-mod", "p-both"]).toContain((e.actor as { personKey: string }).personKey);
          }

          // Every transition is in the history.
          expect(final.live.phase === "scheduled" ? 0 : 1).toBe(starts.length);
          expect(final.live.phase === "ended" ? 1 : 0).toBe(stops.length);
          expect(history.length).toBeGreaterThanOrEqual(final.version - 1);

          // Once every segment has a final status, the replay is not processing.
          if (final.live.phase === "ended") expect(final.live.replay).not.toBe("processing");
        },
      ),
      { numRuns: 10_000 },
    );
  }, 300_000);
});

// Hostile network and bad luck (R-PERM-6, R-LIFE-3): provider events duplicated, reordered (a lost
// event delivered late) or lost for good, and any provider call failing.
const TTL = 90_000;
const providerMethods = [
  "startRecording",
  "stopRecording",
  "listRecordings",
  "getRecording",
  "startBroadcast",
  "stopBroadcast",
  "setStage",
  "disconnect",
] as const;

// Connection and stream ids are unique at the provider: each belongs to one person.
const speakerOrModerator = fc.constantFrom<Who>("mod", "both", "spk");
const presenceEvent = fc.oneof(
  fc.record({ kind: fc.constant("connect" as const), who: speakerOrModerator, conn: fc.nat(2) }),
  fc.record({ kind: fc.constant("disconnect" as const), who: speakerOrModerator, conn: fc.nat(2) }),
  fc.record({
    kind: fc.constant("publish" as const),
    who: speakerOrModerator,
    conn: fc.nat(2),
    stream: fc.nat(1),
  }),
  fc.record({
    kind: fc.constant("unpublish" as const),
    who: speakerOrModerator,
    conn: fc.nat(2),
    stream: fc.nat(1),
  }),
  fc.record({ kind: fc.constant("room-destroyed" as const) }),
);
type PresenceEvent = typeof presenceEvent extends fc.Arbitrary<infer A> ? A : never;

const hostileAction = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("start" as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("stop" as const) }), weight: 1 },
  // An event delivered now, or lost (kept aside, maybe delivered late by `again`).
  {
    arbitrary: fc.record({
      kind: fc.constant("event" as const),
      event: presenceEvent,
      lost: fc.boolean(),
    }),
    weight: 6,
  },
  // A delivery again of an event sent earlier (delivered or lost): a duplicate or a late one.
  { arbitrary: fc.record({ kind: fc.constant("again" as const), pick: fc.nat(20) }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant("stage" as const),
      streams: fc.subarray(["s-spk-0-0", "s-spk-1-0", "s-mod-0-1", "s-both-2-0"]),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("ping" as const),
      who: fc.constantFrom<Who>("mod", "both"),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      ms: fc.constantFrom(0, 1_000, 30_000, 60_000, 100_000),
    }),
    weight: 3,
  },
);
type HostileAction = typeof hostileAction extends fc.Arbitrary<infer A> ? A : never;

function toProviderEvent(e: PresenceEvent, at: number): ProviderEvent {
  switch (e.kind) {
    case "connect": {
      const p = people[e.who];
      return {
        type: "connection-created",
        roomId: ROOM,
        connectionId: `c-${e.who}-${e.conn}`,
        connectionData: data(p.key, p.role, `g-${e.conn}`),
        at,
      };
    }
    case "disconnect":
      return {
        type: "connection-destroyed",
        roomId: ROOM,
        connectionId: `c-${e.who}-${e.conn}`,
        connectionData: null,
        reason: "clientDisconnected",
        at,
      };
    case "publish":
      return {
        type: "stream-created",
        roomId: ROOM,
        streamId: `s-${e.who}-${e.conn}-${e.stream}`,
        connectionId: `c-${e.who}-${e.conn}`,
        connectionData: null,
        videoType: "camera",
        at,
      };
    case "unpublish":
      return {
        type: "stream-destroyed",
        roomId: ROOM,
        streamId: `s-${e.who}-${e.conn}-${e.stream}`,
        connectionId: `c-${e.who}-${e.conn}`,
        reason: null,
        at,
      };
    case "room-destroyed":
      return { type: "room-destroyed", roomId: ROOM, at };
  }
}

/** The fake provider, failing each call whose turn in `failures` (cycled) says so. */
function injectFailures(provider: Record<string, unknown>, failures: readonly boolean[]) {
  let call = 0;
  for (const method of providerMethods) {
    const original = provider[method] as (...args: unknown[]) => Promise<unknown>;
    provider[method] = (...args: unknown[]) => {
      if (failures[call++ % failures.length] === true) {
        return Promise.reject(
          new LiveError("PROVIDER_FAILED", `The provider failed ${method}.`, { retriable: true }),
        );
      }
      return original(...args);
    };
  }
}

async function playHostile(batches: HostileAction[][], failures: readonly boolean[]) {
  const h = harness({ idleAlertMs: 60_000, presenceTtlMs: TTL });
  await h.seed(aSession());
  injectFailures(h.fake.provider as unknown as Record<string, unknown>, failures);
  const sent: ProviderEvent[] = [];
  const ended = new Set<string>();
  // The test's own view of fresh evidence: connection → last accepted-or-pinged time, and role.
  const evidence = new Map<string, { at: number; personKey: string; role: Role }>();
  const known = new Set<string>();
  const growth: number[] = [];

  const deliver = async (event: ProviderEvent) => {
    await h.service.handleProviderEvent(event);
    if (event.type === "connection-destroyed") {
      ended.add(event.connectionId);
      evidence.delete(event.connectionId);
    } else if (event.type === "stream-destroyed") {
      ended.add(event.streamId);
    } else if (event.type === "room-destroyed") {
      const live = (await h.service.getSession("ses-1")).live;
      for (const id of known) ended.add(id);
      for (const c of live.connections) known.add(c.connectionId);
      evidence.clear();
    } else if (event.type === "connection-created" && !ended.has(event.connectionId)) {
      const who = event.connectionData === null ? null : decodeConnectionData(event.connectionData);
      if (who !== null) {
        evidence.set(event.connectionId, { at: h.now(), personKey: who.personKey, role: who.role });
      }
    }
  };

  const perform = async (a: HostileAction): Promise<unknown> => {
    switch (a.kind) {
      case "start":
        return h.service.startLive("ses-1", people.mod.identity);
      case "stop":
        return h.service.stopLive("ses-1", people.mod.identity);
      case "stage":
        return h.service.setStage("ses-1", people.mod.identity, {
          streamIds: a.streams,
          layout: "grid",
        });
      case "event": {
        const event = toProviderEvent(a.event, h.now());
        sent.push(event);
        return a.lost ? undefined : deliver(event);
      }
      case "again": {
        const event = sent[a.pick % Math.max(1, sent.length)];
        return event === undefined ? undefined : deliver(event);
      }
      case "ping": {
        const p = people[a.who];
        for (const [, e] of evidence) if (e.personKey === p.key) e.at = h.now();
        return h.service.presence("ses-1", p.identity);
      }
      case "tick":
        h.advance(a.ms);
        return h.service.tick("ses-1");
    }
  };

  for (const batch of batches) {
    const before = (await h.service.history("ses-1")).length;
    // Presence events of one room are delivered one after the other, as the provider does.
    for (const a of batch) {
      try {
        await perform(a);
      } catch (error) {
        expect(error).toBeInstanceOf(LiveError);
      }
    }
    const session = await h.service.getSession("ses-1");
    for (const c of session.live.connections) known.add(c.connectionId);
    for (const s of session.live.streams) known.add(s.streamId);
    // No ended connection or stream ever comes back.
    for (const c of session.live.connections) expect(ended.has(c.connectionId)).toBe(false);
    for (const s of session.live.streams) expect(ended.has(s.streamId)).toBe(false);
    // Presence never counts a person without a live lease (fresh evidence within the TTL).
    // The moderator's count call is a ping too: it renews the moderator's own leases first.
    for (const [, e] of evidence) if (e.personKey === people.mod.key) e.at = h.now();
    const count = await h.service.presence("ses-1", people.mod.identity);
    const leased = (role: Role) =>
      new Set(
        [...evidence.values()]
          .filter((e) => e.role === role && h.now() - e.at <= TTL)
          .map((e) => e.personKey),
      ).size;
    expect(count.moderators).toBeLessThanOrEqual(leased("moderator"));
    expect(count.speakers).toBeLessThanOrEqual(leased("speaker"));
    growth.push((await h.service.history("ses-1")).length - before);
  }
  return { h, growth };
}

describe("ghosts and failures under a hostile network (R-PERM-6, R-LIFE-3)", () => {
  it("R-PERM-6, R-LIFE-3: duplicated, late and lost events and failing provider calls: no ended id comes back, presence needs a live lease, history stays bounded", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(hostileAction, { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        async (batches, failures) => {
          const { growth } = await playHostile(batches, failures);
          // Bounded: each action adds a bounded number of entries; nothing loops by the turn.
          batches.forEach((batch, i) => {
            expect(growth[i] ?? 0).toBeLessThanOrEqual(16 * batch.length);
          });
        },
      ),
      { numRuns: 10_000 },
    );
  }, 300_000);
});
