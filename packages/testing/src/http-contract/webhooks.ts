import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import { postWithRepeatedHeader } from "./raw-http.js";
import { type ContractContext, problemType, recordingLogger } from "./steps.js";

export function webhookCases(ctx: ContractContext): void {
  const { api, harness, start, joinAndConnect } = ctx;
  describe("provider webhooks", () => {
    const deliver = (delivery: { headers: Readonly<Record<string, string>>; body: string }) =>
      api().post("/live/webhooks/provider").set(delivery.headers).send(delivery.body);

    it("R-SEC-1: acknowledges a verified delivery at once (204), then processes it", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      await start(id);
      await ctx.h.subject.settle();
      const segment = (await ctx.h.service.getSession(id)).live.segments[0]!;
      expect(segment.recordingId).not.toBeNull();
      const before = await ctx.h.state(id);
      const delivery = await ctx.h.subject.webhooks.recordingStopped(
        grant.roomId,
        segment.recordingId!,
        segment.name,
      );
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
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await ctx.h.state(id)).toEqual(settled);
    });

    it("R-SEC-1: forged, unsigned and stale deliveries are 401 and change nothing", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      const before = await ctx.h.state(id);
      for (const delivery of [
        await ctx.h.subject.webhooks.forged(grant.roomId),
        await ctx.h.subject.webhooks.unsigned(grant.roomId),
        await ctx.h.subject.webhooks.stale(grant.roomId),
      ]) {
        const answer = await deliver(delivery);
        expect(answer.status).toBe(401);
        expect(answer.body.code).toBe("UNAUTHORIZED");
      }
      const garbage = await api()
        .post("/live/webhooks/provider")
        .set("content-type", "application/octet-stream")
        .send(Buffer.from([0xff, 0x00, 0x13]));
      expect(garbage.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await ctx.h.state(id)).toEqual(before);
    });

    it("R-SEC-1: a refused delivery is told it could not be verified, never which check failed", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      for (const delivery of [
        await ctx.h.subject.webhooks.forged(grant.roomId),
        await ctx.h.subject.webhooks.unsigned(grant.roomId),
        await ctx.h.subject.webhooks.stale(grant.roomId),
      ]) {
        const answer = await deliver(delivery);
        expect(answer.status).toBe(401);
        expect(answer.body.detail).toBe("The delivery could not be verified.");
      }
    });

    it.runIf(ctx.sockets)(
      "R-SEC-1: a signature header sent twice (valid and junk, in either order) is 401 and nothing is processed",
      async () => {
        const id = await ctx.h.session();
        const { grant } = await joinAndConnect(id, people.speaker);
        await start(id);
        await ctx.h.subject.settle();
        const segment = (await ctx.h.service.getSession(id)).live.segments[0]!;
        const delivery = await ctx.h.subject.webhooks.recordingStopped(
          grant.roomId,
          segment.recordingId!,
          segment.name,
        );
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
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await ctx.h.state(id)).toEqual(before);
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
      const joined = await watched
        .api()
        .post(`/live/sessions/${id}/join`)
        .set(as(people.speaker))
        .send({});
      const before = await watched.state(id);
      const delivery = await watched.subject.webhooks.malformed(joined.body.roomId);
      const answer = await watched
        .api()
        .post("/live/webhooks/provider")
        .set(delivery.headers)
        .send(delivery.body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: "INVALID_INPUT",
        detail: "The delivery's body could not be read.",
      });
      expect(answer.body.issues).toBeUndefined();
      expect(answer.text.length).toBeLessThan(400);
      expect(logged.warn.length).toBeGreaterThan(0);
      expect(logged.error).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await watched.state(id)).toEqual(before);
    });

    it("R-SEC-1: after close(), deliveries are 503 with Retry-After and nothing is processed", async () => {
      const id = await ctx.h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      await ctx.h.subject.settle();
      const delivery = await ctx.h.subject.webhooks.connectionCreated(grant.roomId, "c_late");
      const before = await ctx.h.state(id);
      await ctx.h.host.close();
      const answer = await deliver(delivery);
      expect(answer.status).toBe(503);
      expect(answer.headers["content-type"]).toMatch(problemType);
      expect(answer.headers["retry-after"]).toBe("5");
      expect(answer.body).toMatchObject({ code: "SERVICE_UNAVAILABLE", retriable: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await ctx.h.state(id)).toEqual(before);
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
      const id = await failing.session();
      const joined = await failing
        .api()
        .post(`/live/sessions/${id}/join`)
        .set(as(people.speaker))
        .send({});
      const delivery = await failing.subject.webhooks.connectionCreated(joined.body.roomId, "c_x");
      const answer = await failing
        .api()
        .post("/live/webhooks/provider")
        .set(delivery.headers)
        .send(delivery.body);
      expect(answer.status).toBe(204);
      await expect.poll(() => logged.length).toBeGreaterThan(0);
    });
  });
}
