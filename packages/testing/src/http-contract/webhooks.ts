import type { LiveNotification, LiveService } from "@onair/core";
import { describe, expect, it } from "vitest";
import { as, type Harness, people } from "./harness.js";
import { postWithRepeatedHeader } from "./raw-http.js";
import { type ContractContext, problemType, recordingLogger } from "./steps.js";

type Delivery = { readonly headers: Readonly<Record<string, string>>; readonly body: string };

/** Posts a provider delivery as the provider would, to the given harness's API. */
const deliverTo = (h: Harness, delivery: Delivery) =>
  h.api().post("/live/webhooks/provider").set(delivery.headers).send(delivery.body);

/** A speaker joins (no client connects): the session's room id. */
async function speakerRoom(h: Harness, sessionId: string): Promise<string> {
  const joined = await h
    .api()
    .post(`/live/sessions/${sessionId}/join`)
    .set(as(people.speaker))
    .send({});
  return joined.body.connection.roomId as string;
}

/** The deliveries a provider's signature check refuses: forged, unsigned and stale. */
const refusedDeliveries = async (h: Harness, roomId: string): Promise<Delivery[]> => [
  await h.subject.webhooks.forged(roomId),
  await h.subject.webhooks.unsigned(roomId),
  await h.subject.webhooks.stale(roomId),
];

/** After a moment for any processing, the session's state is still `before`. */
async function expectUnchanged(h: Harness, sessionId: string, before: unknown): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await h.state(sessionId)).toEqual(before);
}

export function webhookCases(ctx: ContractContext): void {
  const { api, harness, start, joinAndConnect } = ctx;
  const deliver = (delivery: Delivery) => deliverTo(ctx.h, delivery);

  /** A live with a speaker connected, and the provider's signed "recording stopped" for it. */
  async function recordingStoppedDelivery(id: string) {
    const { grant } = await joinAndConnect(id, people.speaker);
    await start(id);
    await ctx.h.subject.settle();
    const segment = (await ctx.h.service.getSession(id)).live.segments[0]!;
    expect(segment.recordingId).not.toBeNull();
    return ctx.h.subject.webhooks.recordingStopped(
      grant.connection.roomId,
      segment.recordingId!,
      segment.name,
    );
  }

  describe("provider webhooks", () => {
    it("R-SEC-1: acknowledges a verified delivery at once (204), then processes it", async () => {
      const id = await ctx.h.session();
      const delivery = await recordingStoppedDelivery(id);
      const before = await ctx.h.state(id);
      const answer = await deliver(delivery);
      expect(answer.status).toBe(204);
      expect(answer.text).toBe("");
      await expect
        .poll(async () => (await ctx.h.state(id)).history)
        .toBeGreaterThan(before.history);
      const stopped = (await ctx.h.service.getSession(id)).live.segments[0]!;
      expect(stopped.status).toBe("stopped");
      // A second delivery of the same status is acknowledged and changes nothing (idempotent).
      const settled = await ctx.h.state(id);
      expect((await deliver(delivery)).status).toBe(204);
      await expectUnchanged(ctx.h, id, settled);
    });

    it("R-SEC-1: forged, unsigned and stale deliveries are 401 and change nothing", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      const before = await ctx.h.state(id);
      for (const delivery of await refusedDeliveries(ctx.h, grant.connection.roomId)) {
        const answer = await deliver(delivery);
        expect(answer.status).toBe(401);
        expect(answer.body.code).toBe("UNAUTHORIZED");
      }
      const garbage = await api()
        .post("/live/webhooks/provider")
        .set("content-type", "application/octet-stream")
        .send(Buffer.from([0xff, 0x00, 0x13]));
      expect(garbage.status).toBe(401);
      await expectUnchanged(ctx.h, id, before);
    });

    it("R-SEC-1: a refused delivery is told it could not be verified, never which check failed", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      for (const delivery of await refusedDeliveries(ctx.h, grant.connection.roomId)) {
        const answer = await deliver(delivery);
        expect(answer.status).toBe(401);
        expect(answer.body.detail).toBe("The delivery could not be verified.");
      }
    });

    it.runIf(ctx.sockets)(
      "R-SEC-1: a signature header sent twice (valid and junk, in either order) is 401 and nothing is processed",
      async () => {
        const id = await ctx.h.session();
        const delivery = await recordingStoppedDelivery(id);
        const name = ctx.h.subject.signatureHeader;
        const valid = delivery.headers[name];
        expect(valid).toEqual(expect.any(String));
        const before = await ctx.h.state(id);
        for (const values of [
          [valid!, "junk"],
          ["junk", valid!],
          [valid!, valid!],
        ]) {
          const answer = await postWithRepeatedHeader(
            `${ctx.h.base}/live/webhooks/provider`,
            delivery.headers,
            { name, values },
            delivery.body,
          );
          expect(answer.status, values.join(" + ")).toBe(401);
          expect(JSON.parse(answer.body).code).toBe("UNAUTHORIZED");
        }
        await expectUnchanged(ctx.h, id, before);
        // The same delivery with its header once is processed: the refusals above were the repeat's.
        expect((await deliver(delivery)).status).toBe(204);
        await expect
          .poll(async () => (await ctx.h.state(id)).history)
          .toBeGreaterThan(before.history);
      },
    );

    it("R-SEC-1: a verified delivery whose body cannot be read is a short 400, and changes nothing", async () => {
      const { logger, logged } = recordingLogger();
      const watched = await harness({ settings: { logger } });
      const id = await watched.session();
      const roomId = await speakerRoom(watched, id);
      const before = await watched.state(id);
      const answer = await deliverTo(watched, await watched.subject.webhooks.malformed(roomId));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: "INVALID_INPUT",
        detail: "The delivery's body could not be read.",
      });
      expect(answer.body.issues).toBeUndefined();
      expect(answer.text.length).toBeLessThan(400);
      expect(logged.warn.length).toBeGreaterThan(0);
      expect(logged.error).toEqual([]);
      await expectUnchanged(watched, id, before);
    });

    it("R-SEC-1: after close(), deliveries are 503 with Retry-After and nothing is processed", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      await ctx.h.subject.settle();
      const delivery = await ctx.h.subject.webhooks.connectionCreated(
        grant.connection.roomId,
        "c_late",
      );
      const before = await ctx.h.state(id);
      await ctx.h.host.close();
      const answer = await deliver(delivery);
      expect(answer.status).toBe(503);
      expect(answer.headers["content-type"]).toMatch(problemType);
      expect(answer.headers["retry-after"]).toBe("5");
      expect(answer.body).toMatchObject({ code: "SERVICE_UNAVAILABLE", retriable: true });
      await expectUnchanged(ctx.h, id, before);
    });

    it("R-SEC-1: events for unknown rooms are acknowledged and ignored", async () => {
      const answer = await deliver(
        await ctx.h.subject.webhooks.connectionCreated("room_unknown", "c_1"),
      );
      expect(answer.status).toBe(204);
    });

    it("R-SEC-2: a processing failure is logged, never returned to the provider", async () => {
      const logged: unknown[] = [];
      const failing = await harness({
        wrapService: (service) => ({
          ...service,
          handleProviderEvent: async () => {
            throw new Error("store exploded");
          },
        }),
        settings: {
          logger: {
            debug() {},
            info() {},
            warn() {},
            error: (...args: unknown[]) => void logged.push(args),
          },
        },
      });
      const roomId = await speakerRoom(failing, await failing.session());
      const answer = await deliverTo(
        failing,
        await failing.subject.webhooks.connectionCreated(roomId, "c_x"),
      );
      expect(answer.status).toBe(204);
      await expect.poll(() => logged.length).toBeGreaterThan(0);
    });
  });

  describe("webhook delivery health", () => {
    const minute = 60_000;

    it("60 deliveries signed with a wrong secret in 30 minutes: the platform is told before the 50th, with the cause", async () => {
      const notified: LiveNotification[] = [];
      const { logger, logged } = recordingLogger();
      const watched = await harness({
        serviceOptions: { onNotification: (n) => void notified.push(n), logger },
      });
      const roomId = await speakerRoom(watched, await watched.session());
      let toldAt: number | null = null;
      for (let delivery = 1; delivery <= 60; delivery += 1) {
        // 60 deliveries spread over 29.5 minutes of the test clock: all within Vonage's window.
        if (delivery > 1) watched.subject.clock.advance(30_000);
        const answer = await deliverTo(watched, await watched.subject.webhooks.forged(roomId));
        expect(answer.status).toBe(401);
        await expect.poll(() => watched.service.health().webhooks.refused.signature).toBe(delivery);
        const told = notified.filter((n) => n.kind === "webhook-deliveries-failing");
        if (toldAt === null && told.length > 0) toldAt = delivery;
      }
      expect(toldAt).not.toBeNull();
      expect(toldAt!).toBeLessThan(50);
      const told = notified.filter((n) => n.kind === "webhook-deliveries-failing");
      expect(told).toHaveLength(1);
      expect(told[0]!.data).toMatchObject({ reason: "signature" });
      expect(String(told[0]!.data.cause)).toMatch(/secret/);
      expect(JSON.stringify(logged.warn)).toContain("webhook-deliveries-failing");
      const health = await watched.api().get("/live/health/webhooks").set(as(people.admin));
      expect(health.status).toBe(200);
      expect(health.body.webhooks).toMatchObject({
        accepted: 0,
        refused: { signature: 60, stale: 0, unsigned: 0, body: 0 },
        lastAcceptedAt: null,
        lastRefusedAt: watched.subject.clock.now(),
        alert: { raised: true, reason: "signature" },
      });
    });

    it("accepted deliveries, unknown rooms and already-applied statuses count as accepted; refusals by reason", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      const roomId = grant.connection.roomId;
      const known = await ctx.h.subject.webhooks.connectionCreated(roomId, "c_health");
      expect((await deliver(known)).status).toBe(204);
      // Already applied: the same delivery again is acknowledged, never refused.
      expect((await deliver(known)).status).toBe(204);
      const unknown = await ctx.h.subject.webhooks.connectionCreated("room_unknown", "c_2");
      expect((await deliver(unknown)).status).toBe(204);
      const acceptedAt = ctx.h.subject.clock.now();
      ctx.h.subject.clock.advance(minute);
      expect((await deliver(await ctx.h.subject.webhooks.unsigned(roomId))).status).toBe(401);
      expect((await deliver(await ctx.h.subject.webhooks.stale(roomId))).status).toBe(401);
      expect((await deliver(await ctx.h.subject.webhooks.malformed(roomId))).status).toBe(400);
      await expect
        .poll(() => ctx.h.service.health().webhooks)
        .toMatchObject({
          accepted: 3,
          refused: { signature: 0, stale: 1, unsigned: 1, body: 1 },
          lastAcceptedAt: acceptedAt,
          lastRefusedAt: acceptedAt + minute,
          alert: { raised: false },
        });
    });

    it("a service without delivery health (a hand-written wrapper) still gets its deliveries", async () => {
      const bare = await harness({
        wrapService: (service) => {
          const { recordWebhookDelivery: _left, ...rest } = service;
          return rest as LiveService;
        },
      });
      const refused = await deliverTo(bare, await bare.subject.webhooks.forged("room_unknown"));
      expect(refused.status).toBe(401);
      const known = await bare.subject.webhooks.connectionCreated("room_unknown", "c_bare");
      const accepted = await deliverTo(bare, known);
      expect(accepted.status).toBe(204);
      expect(bare.service.health().webhooks).toMatchObject({ accepted: 0, lastRefusedAt: null });
    });

    it("GET /health/webhooks is for admins only", async () => {
      expect((await api().get("/live/health/webhooks")).status).toBe(401);
      const speaker = await api().get("/live/health/webhooks").set(as(people.speaker));
      expect(speaker.status).toBe(403);
      expect(speaker.body.webhooks).toBeUndefined();
      const admin = await api().get("/live/health/webhooks").set(as(people.admin));
      expect(admin.status).toBe(200);
      expect(admin.headers["cache-control"]).toMatch(/no-store/);
      expect(admin.body.webhooks).toMatchObject({ windowMs: 30 * minute, alertThreshold: 10 });
    });
  });
}
