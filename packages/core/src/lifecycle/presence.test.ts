// Ghosts (R-PERM-6): ended connections and streams stay ended, whatever the order of delivery.
import { describe, expect, it } from "vitest";
import { aSession, connected, data, moderator, published, ROOM, T0 } from "../../test/fixtures.js";
import { LiveError } from "../errors.js";
import type { ProviderEvent } from "../ports/live-provider.js";
import type { LiveSession } from "../session/model.js";
import type { LiveCommand } from "./commands.js";
import { decide } from "./decide.js";
import { endedIdsKept } from "./presence.js";

const live = () =>
  aSession({
    live: { phase: "live", startedAt: new Date(T0).toISOString(), lastPublishingAt: null },
  });

function apply(session: LiveSession, events: ProviderEvent[], now = T0) {
  let current = session;
  const history: string[] = [];
  for (const event of events) {
    const result = decide(current, { type: "provider-event", event }, now);
    current = result.session;
    history.push(...result.events.map((e) => e.type));
  }
  return { session: current, history };
}

function left(
  connectionId: string,
  reason: string | null = null,
): Extract<ProviderEvent, { type: "connection-destroyed" }> {
  return {
    type: "connection-destroyed",
    roomId: ROOM,
    connectionId,
    connectionData: null,
    reason,
    at: T0,
  };
}

function unpublished(streamId: string, connectionId: string): ProviderEvent {
  return { type: "stream-destroyed", roomId: ROOM, streamId, connectionId, reason: null, at: T0 };
}

const roomDestroyed: ProviderEvent = { type: "room-destroyed", roomId: ROOM, at: T0 };

describe("ghosts: ended ids stay ended (R-PERM-6)", () => {
  const orders: [string, ProviderEvent[]][] = [
    [
      "created, destroyed, created again",
      [connected("c-1", "p-spk", "speaker"), left("c-1"), connected("c-1", "p-spk", "speaker")],
    ],
    ["destroyed before created", [left("c-1"), connected("c-1", "p-spk", "speaker")]],
    [
      "destroyed twice, created late",
      [left("c-1"), left("c-1"), connected("c-1", "p-spk", "speaker")],
    ],
  ];
  for (const [name, events] of orders) {
    it(`R-PERM-6: a connection never comes back: ${name}`, () => {
      const { session } = apply(live(), events);
      expect(session.live.connections).toEqual([]);
      expect(session.live.endedConnectionIds).toEqual(["c-1"]);
    });
  }

  it("R-PERM-6: a repeated end of an ended connection changes nothing", () => {
    const first = apply(live(), [connected("c-1", "p-spk", "speaker"), left("c-1")]);
    const again = apply(first.session, [left("c-1"), connected("c-1", "p-spk", "speaker")]);
    expect(again.history).toEqual([]);
    expect(again.session).toBe(first.session);
  });

  const streamOrders: [string, ProviderEvent[]][] = [
    [
      "created, destroyed, created again",
      [published("s-1", "c-1"), unpublished("s-1", "c-1"), published("s-1", "c-1")],
    ],
    ["destroyed before created", [unpublished("s-1", "c-1"), published("s-1", "c-1")]],
    [
      "created after its connection ended",
      [connected("c-1", "p-spk", "speaker"), left("c-1"), published("s-1", "c-1")],
    ],
  ];
  for (const [name, events] of streamOrders) {
    it(`R-PERM-6: a stream never comes back: ${name}`, () => {
      const { session } = apply(live(), events);
      expect(session.live.streams).toEqual([]);
    });
  }

  it("R-STAGE-1: setStage refuses a stream whose end arrived before a late start", () => {
    const { session } = apply(live(), [unpublished("s-1", "c-1"), published("s-1", "c-1")]);
    let error: unknown;
    try {
      decide(
        session,
        {
          type: "set-stage",
          actor: moderator,
          stage: { streamIds: ["s-1"], layout: "grid", focusStreamId: null },
        },
        T0,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LiveError);
    expect((error as LiveError).code).toBe("INVALID_INPUT");
  });

  it("R-PERM-6: the record of ended ids is bounded, newest kept", () => {
    const events = Array.from({ length: endedIdsKept + 20 }, (_, i) => left(`c-${i}`));
    const { session } = apply(live(), events);
    const ended = session.live.endedConnectionIds ?? [];
    expect(ended).toHaveLength(endedIdsKept);
    expect(ended.at(-1)).toBe(`c-${endedIdsKept + 19}`);
    expect(ended).not.toContain("c-0");
  });

  it("R-PERM-6: audience connections are not remembered (they are counted by leases)", () => {
    const attendeeLeft: ProviderEvent = { ...left("c-a"), connectionData: data("a-1", "attendee") };
    const { session, history } = apply(live(), [attendeeLeft]);
    expect(history).toEqual([]);
    expect(session.live.endedConnectionIds ?? []).toEqual([]);
  });
});

describe("a media-router crash (issue 12)", () => {
  it("R-LIFE-3: the room's destruction ends every connection and stream, the live goes on, reconnects count again", () => {
    const before = apply(live(), [
      connected("c-mod", "p-mod", "moderator"),
      connected("c-spk", "p-spk", "speaker"),
      published("s-1", "c-spk"),
    ]).session;
    const onStage = decide(
      before,
      {
        type: "set-stage",
        actor: moderator,
        stage: { streamIds: ["s-1"], layout: "grid", focusStreamId: null },
      },
      T0,
    ).session;
    const { session, history } = apply(onStage, [roomDestroyed]);
    expect(session.live.phase).toBe("live");
    expect(session.live.connections).toEqual([]);
    expect(session.live.streams).toEqual([]);
    expect(session.live.stage.streamIds).toEqual([]);
    expect(history).toContain("connection-destroyed");
    expect(history).toContain("stage-changed");
    // Closed with forceDisconnected, then back as new connections: counted again.
    const back = apply(session, [
      left("c-mod", "forceDisconnected"),
      connected("c-mod", "p-mod", "moderator"),
      connected("c-mod-2", "p-mod", "moderator"),
      published("s-2", "c-mod-2", "p-mod"),
    ]).session;
    expect(back.live.connections.map((c) => c.connectionId)).toEqual(["c-mod-2"]);
    expect(back.live.streams.map((s) => s.streamId)).toEqual(["s-2"]);
  });

  it("R-LIFE-3: a connection closed with forceDisconnected ends; the person's new connection counts", () => {
    const { session } = apply(live(), [
      connected("c-1", "p-spk", "speaker"),
      left("c-1", "forceDisconnected"),
      connected("c-2", "p-spk", "speaker"),
    ]);
    expect(session.live.connections.map((c) => c.connectionId)).toEqual(["c-2"]);
  });

  it("R-STAGE-1: an audio-only stream (no video type) is a stream, on stage or not", () => {
    const audio: ProviderEvent = { ...published("s-a", "c-spk"), audioOnly: true };
    const { session } = apply(live(), [connected("c-spk", "p-spk", "speaker"), audio]);
    expect(session.live.streams).toMatchObject([{ streamId: "s-a", audioOnly: true }]);
    const staged = decide(
      session,
      {
        type: "set-stage",
        actor: moderator,
        stage: { streamIds: ["s-a"], layout: "focus", focusStreamId: "s-a" },
      },
      T0,
    ).session;
    expect(staged.live.stage.streamIds).toEqual(["s-a"]);
  });
});

describe("a ghost in an empty room (R-LIFE-3)", () => {
  it("R-LIFE-3: a provider refusing restarts is asked again with a doubling delay, never by the turn", () => {
    // A connection whose end was lost: the provider refuses to record an empty room.
    const ghost = {
      connectionId: "c-1",
      personKey: "p-spk",
      role: "speaker" as const,
      grantId: null,
      at: new Date(T0).toISOString(),
    };
    let session: LiveSession = { ...live(), live: { ...live().live, connections: [ghost] } };
    const tickCommand: LiveCommand = { type: "tick" };
    let requested = 0;
    let broadcasts = 0;
    let entries = 0;
    for (let now = T0; now <= T0 + 10 * 60_000; now += 1_000) {
      const tick = decide(session, tickCommand, now);
      session = tick.session;
      entries += tick.events.length;
      for (const effect of tick.effects) {
        let answer: LiveCommand | null = null;
        if (effect.type === "start-recording") {
          requested++;
          const reason = "no clients";
          answer = { type: "recording-start-failed", segmentIndex: effect.segmentIndex, reason };
        } else if (effect.type === "start-broadcast") {
          broadcasts++;
          answer = { type: "broadcast-start-failed", reason: "no clients" };
        }
        if (answer === null) continue;
        const failed = decide(session, answer, now);
        session = failed.session;
        entries += failed.events.length;
      }
    }
    // Grace 30 s: at once, at once, +30 s, +60 s, +120 s, +240 s: 6 asks in 10 minutes, not 600.
    expect(requested).toBeGreaterThanOrEqual(2);
    expect(requested).toBeLessThanOrEqual(7);
    // The audience broadcast likewise: +30 s, +30 s, +60 s, +120 s, +240 s.
    expect(broadcasts).toBeLessThanOrEqual(7);
    // Each ask is at most three entries (requested, failed, gap): the history grows by log.
    expect(entries).toBeLessThanOrEqual(3 * (requested + broadcasts) + 2);
    expect(entries).toBeLessThan(60);
  });
});
