// Random histories of concurrent commands and provider events against the real service and
// in-memory store: the lifecycle invariants of SPEC §4 must hold whatever the interleaving.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aSession, data, ROOM } from "../../test/fixtures.js";
import { harness } from "../../test/service-harness.js";
import { LiveError } from "../errors.js";
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
