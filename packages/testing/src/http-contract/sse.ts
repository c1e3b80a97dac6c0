import type { AudienceView } from "@onair/core";
import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import { type ContractContext, problemType } from "./steps.js";

export function sseCases(ctx: ContractContext): void {
  const { api, harness, start, stop, joinAndConnect } = ctx;
  describe("live updates (SSE)", () => {
    const viewer = (sessionId: string, headers: Record<string, string> = {}) =>
      ctx.h.sse(`/live/sessions/${sessionId}/events`, headers);
    const views = (events: { data: string }[]) =>
      events.map((event) => JSON.parse(event.data) as AudienceView);

    it("sends the snapshot, then the change when the live stops", async () => {
      const id = await ctx.h.session();
      await joinAndConnect(id, people.moderator);
      await start(id);
      await ctx.h.subject.settle();
      const client = await viewer(id);
      expect(client.status).toBe(200);
      expect(client.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
      await client.until((c) => c.events.length === 1);
      const [snapshot] = views(client.events);
      expect(snapshot).toMatchObject({ sessionId: id, phase: "live", screen: "live" });
      expect(client.events[0]!.id).toBe(String(snapshot!.version));
      await stop(id);
      await client.until((c) => views(c.events).some((v) => v.phase === "ended"));
      const last = views(client.events).at(-1)!;
      expect(last.screen).toBe("replay-processing");
      expect(last.version).toBeGreaterThan(snapshot!.version);
      const ids = client.events.map((event) => Number(event.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      client.close();
    });

    it("resumes with Last-Event-ID: no snapshot when nothing changed, the latest state otherwise", async () => {
      const id = await ctx.h.session();
      const first = await viewer(id);
      await first.until((c) => c.events.length === 1);
      const version = first.events[0]!.id!;
      first.close();
      const unchanged = await viewer(id, { "last-event-id": version });
      await unchanged.until((c) => c.comments.includes("resumed"));
      expect(unchanged.events).toEqual([]);
      unchanged.close();
      await start(id);
      const behind = await viewer(id, { "last-event-id": version });
      await behind.until((c) => c.events.length === 1);
      expect(views(behind.events)[0]!.phase).toBe("live");
      behind.close();
    });

    it("sends heartbeats and counts viewers as audience while connected", async () => {
      const id = await ctx.h.session();
      const client = await viewer(id);
      await client.until((c) => c.events.length === 1);
      const presence = async () =>
        (await api().get(`/live/sessions/${id}/presence`).set(as(people.moderator))).body.audience;
      await expect.poll(presence).toBe(1);
      ctx.h.ticks.tick();
      await client.until((c) => c.comments.includes("heartbeat"));
      client.close();
      await expect.poll(presence).toBe(0);
    });

    it("keeps one subscription per session whatever the viewer count, and cleans up on disconnect", async () => {
      let subscriptions = 0;
      let active = 0;
      const counted = await harness({
        wrapService: (service) => ({
          ...service,
          subscribe(sessionId, listener) {
            subscriptions++;
            active++;
            const unsubscribe = service.subscribe(sessionId, listener);
            return () => {
              active--;
              unsubscribe();
            };
          },
        }),
      });
      const a = await counted.session();
      const b = await counted.session();
      const clients = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          counted.sse(`/live/sessions/${i % 3 === 0 ? b : a}/events`),
        ),
      );
      await Promise.all(clients.map((client) => client.until((c) => c.events.length === 1)));
      expect(subscriptions).toBe(2);
      expect(counted.host.viewerCount()).toBe(30);
      expect(counted.host.subscribedSessions()).toBe(2);
      await counted.api().post(`/live/sessions/${a}/live/start`).set(as(people.moderator)).send({});
      await Promise.all(
        clients.map((client, i) =>
          client.until((c) => i % 3 === 0 || views(c.events).some((v) => v.phase === "live")),
        ),
      );
      for (const client of clients) client.close();
      await expect.poll(() => counted.host.viewerCount()).toBe(0);
      expect(counted.host.subscribedSessions()).toBe(0);
      expect(active).toBe(0);
      expect(counted.ticks.active).toBe(0);
    });

    it("answers HEAD without opening a stream", async () => {
      const id = await ctx.h.session();
      const head = await api().head(`/live/sessions/${id}/events`);
      expect(head.status).toBe(200);
      expect(head.headers["content-type"]).toMatch(/^text\/event-stream/);
      expect(ctx.h.host.viewerCount()).toBe(0);
      const draft = await ctx.h.session({ draft: true });
      expect((await api().head(`/live/sessions/${draft}/events`)).status).toBe(404);
    });

    it("R-SEC-2: caps the streams a caller keeps open (429 with Retry-After), and all streams (503)", async () => {
      const capped = await harness({
        settings: { sse: { maxStreamsPerAddress: 2, maxStreamsPerCaller: 1, maxStreams: 3 } },
      });
      const id = await capped.session();
      const url = `/live/sessions/${id}/events`;
      const anonymous = [await capped.sse(url), await capped.sse(url)];
      for (const client of anonymous) expect(client.status).toBe(200);
      const third = await capped.sse(url);
      expect(third.status).toBe(429);
      expect(third.headers["content-type"]).toMatch(problemType);
      expect(third.headers["retry-after"]).toBe("10");
      await third.ended;
      expect(JSON.parse(third.text())).toMatchObject({ code: "RATE_LIMITED", retriable: true });
      // A signed-in person has their own count.
      const attendee = await capped.sse(url, as(people.attendee));
      expect(attendee.status).toBe(200);
      expect((await capped.sse(url, as(people.attendee))).status).toBe(429);
      // The router's total: three streams are open.
      const full = await capped.sse(url, as(people.stranger));
      expect(full.status).toBe(503);
      expect(full.headers["retry-after"]).toBe("10");
      await full.ended;
      expect(JSON.parse(full.text())).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        retriable: true,
      });
      expect(capped.host.viewerCount()).toBe(3);
      // A stream that ends frees its place.
      anonymous[0]!.close();
      await expect
        .poll(async () => {
          const next = await capped.sse(url);
          next.close();
          return next.status;
        })
        .toBe(200);
      for (const client of [...anonymous, attendee]) client.close();
    });

    it("refuses new streams after close() (503 with Retry-After) and never restarts the heartbeat", async () => {
      const id = await ctx.h.session();
      const before = await viewer(id);
      await before.until((c) => c.events.length === 1);
      expect(ctx.h.ticks.active).toBe(1);
      await ctx.h.host.close();
      await before.ended;
      const after = await viewer(id);
      expect(after.status).toBe(503);
      expect(after.headers["content-type"]).toMatch(problemType);
      expect(after.headers["retry-after"]).toBe("5");
      await after.ended;
      expect(JSON.parse(after.text())).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        retriable: true,
      });
      expect(ctx.h.host.viewerCount()).toBe(0);
      expect(ctx.h.host.subscribedSessions()).toBe(0);
      expect(ctx.h.ticks.active).toBe(0);
    });

    it("R-SEC-2: SSE connections are rate-limited per client (429 with Retry-After)", async () => {
      const limited = await harness({
        settings: { rateLimits: { events: { capacity: 1, refillPerSecond: 0.2 } } },
      });
      const id = await limited.session();
      const first = await limited.sse(`/live/sessions/${id}/events`);
      expect(first.status).toBe(200);
      const second = await limited.sse(`/live/sessions/${id}/events`);
      expect(second.status).toBe(429);
      expect(second.headers["retry-after"]).toBe("5");
      first.close();
    });
  });
}
