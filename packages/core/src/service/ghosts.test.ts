// Presence follows fresh evidence only (R-PERM-6): ghosts, lost end events, old tokens, crashes.
import { describe, expect, it } from "vitest";
import { connected, ROOM } from "../../test/fixtures.js";
import { harness, mod, spk } from "../../test/service-harness.js";
import type { ProviderEvent } from "../ports/live-provider.js";

const TTL = 90_000;

function left(connectionId: string, reason: string | null = null): ProviderEvent {
  return {
    type: "connection-destroyed",
    roomId: ROOM,
    connectionId,
    connectionData: null,
    reason,
    at: Date.now(),
  };
}

describe("presence counts only live leases (R-PERM-6)", () => {
  it("R-PERM-6: a connection-created delivered again after its end neither counts nor comes back", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    await h.service.handleProviderEvent(left("c-spk"));
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(0);
    expect((await h.service.getSession("ses-1")).live.connections).toEqual([]);
  });

  it("R-PERM-6: an end delivered before its start leaves no ghost", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(left("c-spk"));
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(0);
  });

  it("R-PERM-6: a lost connection-destroyed stops counting once its lease expires, ticks or not", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(1);
    for (let i = 0; i < 10; i++) {
      h.advance(TTL / 9);
      await h.service.tick("ses-1");
    }
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(0);
  });

  it("R-PERM-6: a client's presence ping renews its own lease, a speaker's too", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-mod", "p-mod", "moderator"));
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    for (let i = 0; i < 4; i++) {
      h.advance(TTL / 2);
      // The speaker cannot see the counts, but the call is their ping.
      await expect(h.service.presence("ses-1", spk)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await h.service.presence("ses-1", mod);
    }
    expect(await h.service.presence("ses-1", mod)).toMatchObject({ moderators: 1, speakers: 1 });
  });

  it("R-PERM-6: renewPresence keeps a speaker counted past the lease while it pings, and not after", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    for (let i = 0; i < 4; i++) {
      h.advance(TTL / 2);
      await h.service.renewPresence("ses-1", spk);
    }
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(1);
    h.advance(TTL + 1);
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(0);
  });

  it("R-PERM-2: renewPresence refuses a non-participant and creates no lease", async () => {
    const h = harness();
    await h.seed();
    await expect(
      h.service.renewPresence("ses-1", { email: "stranger@example.com" }),
    ).rejects.toMatchObject({ code: "NOT_A_PARTICIPANT" });
    expect(await h.service.presence("ses-1", mod)).toMatchObject({ moderators: 0, speakers: 0 });
  });

  it("R-PERM-5: a removed speaker reconnecting with an old token is neither counted nor kept", async () => {
    const h = harness();
    await h.seed();
    await h.service.removeParticipant("ses-1", { email: spk.email, role: "speaker" });
    await h.service.handleProviderEvent(connected("c-old", "p-spk", "speaker"));
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(0);
    expect((await h.service.getSession("ses-1")).live.connections).toEqual([]);
    expect(h.fake.callsTo("disconnect").map((c) => c.args[1])).toEqual(["c-old"]);
  });

  it("R-LIFE-3: a ghost in an empty room never makes the tick restart recording by the turn", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    await h.service.startLive("ses-1", mod);
    // The speaker's end is lost; the provider refuses to record a room nobody is in.
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    h.fake.failNext("startRecording", 1_000);
    h.fake.failNext("startBroadcast", 1_000);
    const historyBefore = (await h.service.history("ses-1")).length;
    const startsBefore = h.fake.callsTo("startRecording").length;
    await h.service.handleProviderEvent({
      type: "recording",
      roomId: ROOM,
      recordingId: "rec-1",
      name: null,
      status: "stopped",
      reason: "session ended",
      duration: 60,
      at: h.now(),
    });
    for (let i = 0; i < 10; i++) {
      h.advance(1_000);
      await h.service.tick("ses-1");
    }
    expect(h.fake.callsTo("startRecording").length - startsBefore).toBeLessThanOrEqual(2);
    expect((await h.service.history("ses-1")).length - historyBefore).toBeLessThanOrEqual(10);
  });
});

describe("a media-router crash (issue 12)", () => {
  it("R-LIFE-3: the room's destruction drops presence to zero, the live goes on, reconnects count", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-mod", "p-mod", "moderator"));
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    await h.service.startLive("ses-1", mod);
    await h.service.handleProviderEvent({ type: "room-destroyed", roomId: ROOM, at: h.now() });
    await h.service.handleProviderEvent(left("c-mod", "forceDisconnected"));
    const after = await h.service.getSession("ses-1");
    expect(after.live.phase).toBe("live");
    expect(await h.service.presence("ses-1", mod)).toEqual({
      moderators: 0,
      speakers: 0,
      audience: 0,
    });
    await h.service.handleProviderEvent(connected("c-mod", "p-mod", "moderator"));
    await h.service.handleProviderEvent(connected("c-mod-2", "p-mod", "moderator"));
    await h.service.handleProviderEvent(connected("c-spk-2", "p-spk", "speaker"));
    expect(await h.service.presence("ses-1", mod)).toMatchObject({ moderators: 1, speakers: 1 });
  });
});
