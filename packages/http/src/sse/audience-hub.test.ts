import { createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import type { AudienceView, LiveService } from "@onair/core";
import { afterEach, describe, expect, it } from "vitest";
import { openSse, type SseClient } from "../../test/sse-client.js";
import { nodeReply } from "../edges/node-edge.js";
import { createAudienceHub } from "./audience-hub.js";
import type { Scheduler } from "./scheduler.js";

type HubService = Pick<LiveService, "subscribe" | "audience" | "touchAudience" | "leaveAudience">;

function view(
  sessionId: string,
  version: number,
  phase: AudienceView["phase"] = "scheduled",
): AudienceView {
  return {
    sessionId,
    title: "Keynote",
    startsAt: "2030-01-01T10:00:00.000Z",
    endsAt: "2030-01-01T11:00:00.000Z",
    timeZone: "Europe/Paris",
    phase,
    screen: phase === "live" ? "live" : "waiting",
    delivery: "hls",
    hlsUrl: null,
    holdingSlate: false,
    replay: "none",
    replayPath: null,
    stage: null,
    serverTime: 0,
    version,
  };
}

function fakeService() {
  const views = new Map<string, AudienceView>();
  const listeners = new Map<string, Set<(view: AudienceView) => void>>();
  const calls = { subscribe: 0, unsubscribe: 0, touch: [] as string[], leave: [] as string[] };
  const service: HubService = {
    subscribe(sessionId, listener) {
      calls.subscribe++;
      const set = listeners.get(sessionId) ?? new Set();
      set.add(listener);
      listeners.set(sessionId, set);
      return () => {
        calls.unsubscribe++;
        set.delete(listener);
      };
    },
    async audience(sessionId) {
      const found = views.get(sessionId);
      if (found === undefined) throw Object.assign(new Error("missing"), { missing: true });
      return found;
    },
    async touchAudience(_sessionId, _viewerKey, connectionId) {
      calls.touch.push(connectionId);
    },
    async leaveAudience(_sessionId, connectionId) {
      calls.leave.push(connectionId);
    },
  };
  const change = (next: AudienceView) => {
    views.set(next.sessionId, next);
    for (const listener of listeners.get(next.sessionId) ?? []) listener(next);
  };
  return { service, views, calls, change, listeners };
}

function manualScheduler() {
  const tasks = new Set<() => void>();
  const scheduler: Scheduler = {
    every(_ms, task) {
      tasks.add(task);
      return () => tasks.delete(task);
    },
  };
  return {
    scheduler,
    tick: () => {
      for (const task of [...tasks]) task();
    },
    active: () => tasks.size,
  };
}

const servers: import("node:http").Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((done) => server.close(done));
    }),
  );
});

async function start(
  service: HubService,
  scheduler: Scheduler,
  options: {
    readonly now?: () => number;
    readonly warnings?: unknown[][];
    readonly heartbeatSliceViewers?: number;
    /** `null`: the stream of a participant of the session, not counted as a viewer. */
    readonly viewerKey?: string | null;
  } = {},
) {
  const { now = () => 0, warnings = [], heartbeatSliceViewers } = options;
  const viewerKey = options.viewerKey === undefined ? "viewer" : options.viewerKey;
  let ids = 0;
  const hub = createAudienceHub({
    service,
    clock: { now },
    ids: { next: (prefix) => `${prefix}_${++ids}` },
    logger: {
      debug() {},
      info() {},
      warn(...args: unknown[]) {
        warnings.push(args);
      },
      error() {},
    },
    scheduler,
    heartbeatMs: 1000,
    stalledTimeoutMs: 5000,
    retryMs: 1000,
    ...(heartbeatSliceViewers === undefined ? {} : { heartbeatSliceViewers }),
  });
  const server = createServer(async (req, res) => {
    const lastEventId = req.headers["last-event-id"];
    try {
      await hub.connect({
        reply: nodeReply(req, res),
        sessionId: (req.url ?? "/").slice(1),
        lastEventId: lastEventId === undefined ? null : Number(lastEventId),
        viewerKey,
      });
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((done) => server.once("listening", done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { hub, base, server };
}

const versions = (client: SseClient) => client.events.map((event) => Number(event.id));

describe("audience hub", () => {
  it("sends the snapshot first, then each change once, to every viewer", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 3));
    const { base } = await start(fake.service, manualScheduler().scheduler);
    const a = await openSse(`${base}/s1`);
    const b = await openSse(`${base}/s1`);
    await a.until((c) => c.events.length === 1);
    await b.until((c) => c.events.length === 1);
    fake.change(view("s1", 4, "live"));
    fake.change(view("s1", 4, "live"));
    await a.until((c) => c.events.length === 2);
    await b.until((c) => c.events.length === 2);
    expect(versions(a)).toEqual([3, 4]);
    expect(JSON.parse(a.events[1]!.data)).toMatchObject({ phase: "live", version: 4 });
    a.close();
    b.close();
  });

  it("keeps one subscription per session whatever the number of viewers, and drops it with the last", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    fake.views.set("s2", view("s2", 1));
    const ticks = manualScheduler();
    const { hub, base } = await start(fake.service, ticks.scheduler);
    const viewers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => openSse(`${base}/${i % 5 === 0 ? "s2" : "s1"}`)),
    );
    await Promise.all(viewers.map((v) => v.until((c) => c.events.length === 1)));
    expect(fake.calls.subscribe).toBe(2);
    expect(hub.sessionCount).toBe(2);
    expect(hub.viewerCount).toBe(25);
    expect(ticks.active()).toBe(1);
    for (const v of viewers) v.close();
    await expect.poll(() => hub.viewerCount).toBe(0);
    expect(hub.sessionCount).toBe(0);
    expect(fake.calls.unsubscribe).toBe(2);
    expect(ticks.active()).toBe(0);
    await expect.poll(() => fake.calls.leave.length).toBe(25);
  });

  it("resumes from Last-Event-ID without resending an unchanged snapshot", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 7));
    const { base } = await start(fake.service, manualScheduler().scheduler);
    const resumed = await openSse(`${base}/s1`, { "last-event-id": "7" });
    await resumed.until((c) => c.comments.includes("resumed"));
    expect(resumed.events).toEqual([]);
    fake.change(view("s1", 8, "live"));
    await resumed.until((c) => c.events.length === 1);
    expect(versions(resumed)).toEqual([8]);
    const behind = await openSse(`${base}/s1`, { "last-event-id": "5" });
    await behind.until((c) => c.events.length === 1);
    expect(versions(behind)).toEqual([8]);
    resumed.close();
    behind.close();
  });

  it("sends heartbeats and renews each viewer's presence lease on connect and at every beat", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    const ticks = manualScheduler();
    const { base } = await start(fake.service, ticks.scheduler);
    const client = await openSse(`${base}/s1`);
    await client.until((c) => c.events.length === 1);
    await expect.poll(() => fake.calls.touch.length).toBe(1);
    ticks.tick();
    ticks.tick();
    await client.until((c) => c.comments.filter((text) => text === "heartbeat").length === 2);
    await expect.poll(() => fake.calls.touch.length).toBe(3);
    expect(new Set(fake.calls.touch).size).toBe(1);
    client.close();
  });

  it("R-PERM-6: a stream without a viewer key (a participant's) gets every view but no presence lease", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    const ticks = manualScheduler();
    const { hub, base } = await start(fake.service, ticks.scheduler, { viewerKey: null });
    const client = await openSse(`${base}/s1`);
    await client.until((c) => c.events.length === 1);
    fake.change(view("s1", 2));
    ticks.tick();
    await client.until((c) => c.events.length === 2 && c.comments.includes("heartbeat"));
    client.close();
    await expect.poll(() => hub.viewerCount).toBe(0);
    expect(fake.calls.touch).toEqual([]);
    expect(fake.calls.leave).toEqual([]);
  });

  it("refuses before streaming when the snapshot cannot be read, and keeps no subscription", async () => {
    const fake = fakeService();
    const { hub, base } = await start(fake.service, manualScheduler().scheduler);
    const client = await openSse(`${base}/missing`);
    expect(client.status).toBe(404);
    expect(hub.sessionCount).toBe(0);
    expect(fake.calls.subscribe).toBe(fake.calls.unsubscribe);
  });

  it("a change that lands while the snapshot is read is not lost", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    const original = fake.service.audience;
    fake.service.audience = async (sessionId) => {
      const snapshot = await original(sessionId);
      fake.change(view("s1", 2, "live"));
      return snapshot;
    };
    const { base } = await start(fake.service, manualScheduler().scheduler);
    const client = await openSse(`${base}/s1`);
    await client.until((c) => c.events.length >= 1);
    await new Promise((done) => setTimeout(done, 30));
    expect(versions(client)).toEqual([2]);
    client.close();
  });

  it("a viewer whose snapshot was still being read when the hub closed gets no stream left open", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    let release: () => void = () => {};
    const original = fake.service.audience;
    fake.service.audience = async (sessionId) => {
      await new Promise<void>((done) => {
        release = done;
      });
      return original(sessionId);
    };
    const { hub, base } = await start(fake.service, manualScheduler().scheduler);
    const outcome = openSse(`${base}/s1`).then(
      (client) => client.ended.then(() => "ended"),
      () => "refused",
    );
    await expect.poll(() => hub.viewerCount).toBe(1);
    hub.close();
    release();
    const timeout = new Promise((done) => setTimeout(() => done("still open"), 1_000));
    expect(await Promise.race([outcome, timeout])).not.toBe("still open");
    expect(hub.viewerCount).toBe(0);
    expect(hub.sessionCount).toBe(0);
  });

  it("refuses new viewers once closed, without subscribing nor restarting the heartbeat", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    const ticks = manualScheduler();
    const { hub, base } = await start(fake.service, ticks.scheduler);
    const before = await openSse(`${base}/s1`);
    await before.until((c) => c.events.length === 1);
    hub.close();
    await before.ended;
    expect(ticks.active()).toBe(0);
    const subscribed = fake.calls.subscribe;
    const after = await openSse(`${base}/s1`);
    expect(after.status).toBe(404);
    expect(fake.calls.subscribe).toBe(subscribed);
    expect(ticks.active()).toBe(0);
    expect(hub.viewerCount).toBe(0);
    expect(hub.sessionCount).toBe(0);
  });

  it("drops a viewer whose socket stays full past the stall timeout, and keeps the others", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    let now = 0;
    const ticks = manualScheduler();
    const { hub, base } = await start(fake.service, ticks.scheduler, { now: () => now });
    const healthy = await openSse(`${base}/s1`);
    // A client that sends its request and never reads: the sockets' buffers fill up.
    const { port } = new URL(base);
    const stuck = connect(Number(port), "127.0.0.1");
    stuck.pause();
    stuck.write("GET /s1 HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
    await expect.poll(() => hub.viewerCount).toBe(2);
    const big = "x".repeat(1024 * 1024);
    for (let version = 2; version <= 40; version++) {
      fake.change({ ...view("s1", version), title: big });
      await new Promise((done) => setTimeout(done, 5));
    }
    await healthy.until((c) => versions(c).at(-1) === 40, 5000);
    ticks.tick();
    expect(hub.viewerCount).toBe(2);
    await expect
      .poll(() => {
        now += 5_000;
        ticks.tick();
        return hub.viewerCount;
      })
      .toBe(1);
    // The healthy viewer still gets what comes next.
    fake.change(view("s1", 41, "live"));
    await healthy.until((c) => versions(c).at(-1) === 41);
    healthy.close();
    stuck.destroy();
  });

  it("renews every viewer's presence at each heartbeat, and logs the failures of a beat once", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    let failing = false;
    const touch = fake.service.touchAudience;
    fake.service.touchAudience = async (...args) => {
      if (failing) throw new Error("store down");
      return touch(...args);
    };
    const manual = manualScheduler();
    const warnings: unknown[][] = [];
    const { hub, base } = await start(fake.service, manual.scheduler, { warnings });
    const viewers = await Promise.all([1, 2, 3].map(() => openSse(`${base}/s1`)));
    await Promise.all(viewers.map((viewer) => viewer.until((c) => c.events.length === 1)));
    await expect.poll(() => fake.calls.touch.length).toBe(3);

    manual.tick();
    await expect.poll(() => fake.calls.touch.length).toBe(6);
    expect(new Set(fake.calls.touch).size).toBe(3);
    expect(warnings).toEqual([]);

    failing = true;
    manual.tick();
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]?.[0]).toEqual({ failures: 3 });
    failing = false;
    manual.tick();
    await expect.poll(() => fake.calls.touch.length).toBe(9);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warnings).toHaveLength(1);
    for (const viewer of viewers) viewer.close();
    await expect.poll(() => hub.viewerCount).toBe(0);
  });

  it("walks a large audience a slice of viewers per turn, and does not start a beat over while one walks", async () => {
    const fake = fakeService();
    fake.views.set("s1", view("s1", 1));
    const manual = manualScheduler();
    const { hub, base } = await start(fake.service, manual.scheduler, { heartbeatSliceViewers: 2 });
    const viewers = await Promise.all([1, 2, 3, 4, 5].map(() => openSse(`${base}/s1`)));
    await Promise.all(viewers.map((viewer) => viewer.until((c) => c.events.length === 1)));
    await expect.poll(() => fake.calls.touch.length).toBe(5);

    manual.tick();
    // The first slice is walked at once, the others on later turns.
    expect(fake.calls.touch.length).toBe(7);
    manual.tick(); // still walking: not started over
    await expect.poll(() => fake.calls.touch.length).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls.touch.length).toBe(10);
    expect(new Set(fake.calls.touch.slice(5)).size).toBe(5);
    await Promise.all(
      viewers.map((viewer) => viewer.until((c) => c.comments.includes("heartbeat"))),
    );
    for (const viewer of viewers) viewer.close();
    await expect.poll(() => hub.viewerCount).toBe(0);
  });
});
