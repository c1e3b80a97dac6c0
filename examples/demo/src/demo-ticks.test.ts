// The demo's timer on a plain clock (like the system clock, it tells no one when it moves): the
// provider's own stops and the idle alert happen only because the demo ticks.
import type { Clock } from "@onair/core";
import { mockStopReasons } from "@onair/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type DemoServer, startDemoServer } from "./test-support/demo-server.js";

const moderator = { email: "lea@example.com" };

/** A clock that moves only when the test sets it, and tells nobody. */
function plainClock(start: number) {
  let now = start;
  const clock: Clock = { now: () => now };
  return {
    clock,
    advance(ms: number) {
      now += ms;
    },
  };
}

async function goLive(demo: DemoServer) {
  const { service, provider } = demo.demo;
  const session = await service.createSession({
    title: "Opening keynote",
    startsAt: "2026-06-01T09:00:00Z",
    endsAt: "2026-06-01T10:00:00Z",
    timeZone: "Europe/Paris",
    participants: [{ email: moderator.email, role: "moderator" }],
  });
  await service.publishSession(session.id);
  const grant = await service.join(session.id, moderator);
  const connectionId = provider.connect(grant.connection.roomId, { token: grant.connection.token });
  provider.publish(grant.connection.roomId, connectionId, "camera");
  await provider.settle();
  await service.startLive(session.id, moderator);
  await provider.settle();
  // Everyone leaves: the live goes on (R-LIFE-3), the provider will stop the recording itself.
  provider.leave(grant.connection.roomId, connectionId);
  await provider.settle();
  return { sessionId: session.id, roomId: grant.connection.roomId };
}

describe("the demo's timer", () => {
  let demo: DemoServer | undefined;
  afterEach(() => demo?.close());

  it("lets the provider stop an empty room's recording and raises the idle alert (R-LIFE-3, R-LIFE-8)", async () => {
    const time = plainClock(Date.parse("2026-06-01T09:00:00Z"));
    demo = await startDemoServer({ clock: time.clock });
    const { sessionId, roomId } = await goLive(demo);
    const gaps = async () =>
      (await demo!.demo.service.history(sessionId)).filter(
        (entry) => entry.type === "recording-gap",
      );

    time.advance(61_000);
    expect(await gaps()).toEqual([]); // nobody told the mock that time passed
    await demo.demo.tick();
    expect((await gaps())[0]?.reason).toContain(mockStopReasons.idle);
    expect(demo.provider.liveRecordings(roomId)).toEqual([]);
    expect((await demo.demo.service.getSession(sessionId)).live.phase).toBe("live");

    time.advance(15 * 60_000);
    expect(demo.notifications).toEqual([]);
    await demo.demo.tick();
    expect(demo.notifications).toContainEqual(
      expect.objectContaining({ kind: "idle-alert", sessionId }),
    );
  });

  it("ticks by itself at its interval", async () => {
    const time = plainClock(Date.parse("2026-06-01T09:00:00Z"));
    demo = await startDemoServer({ clock: time.clock, tickEveryMs: 10 });
    const { sessionId } = await goLive(demo);
    time.advance(61_000);
    await vi.waitFor(
      async () => {
        const history = await demo!.demo.service.history(sessionId);
        expect(history.map((entry) => entry.type)).toContain("recording-gap");
      },
      { timeout: 1_000 },
    );
  });
});
