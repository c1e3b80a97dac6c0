// What a refused request must not cost or reveal: a request refused for its media type, size or
// identity spends no rate-limit token (R-SEC-2), and no participant's email leaves the API
// outside the back-office routes.
import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import type { ContractContext } from "./steps.js";

export function refusalCases(ctx: ContractContext): void {
  const { api, harness, start, stop } = ctx;

  describe("refusals", () => {
    it("R-SEC-2, R-LIFE-2: 40 cross-site text/plain stops with the moderator's identity spend no tokens: the real JSON stop succeeds", async () => {
      const id = await ctx.h.session();
      expect((await start(id)).status).toBe(200);
      for (let i = 0; i < 40; i++) {
        const forged = await api()
          .post(`/live/sessions/${id}/live/stop`)
          .set(as(people.moderator))
          .set("content-type", "text/plain")
          .send("{}");
        expect(forged.status).toBe(415);
      }
      const real = await stop(id);
      expect(real.status).toBe(200);
      expect(real.body.phase).toBe("ended");
    });

    it("R-SEC-2: requests refused for their size or their identity spend no tokens either", async () => {
      const limited = await harness({
        settings: {
          limits: { jsonBodyBytes: 256 },
          rateLimits: { commands: { capacity: 2, refillPerSecond: 0.01 } },
        },
      });
      const id = await limited.session();
      for (let i = 0; i < 10; i++) {
        const large = await limited
          .api()
          .post(`/live/sessions/${id}/live/start`)
          .set(as(people.moderator))
          .send({ padding: "x".repeat(1_000) });
        expect(large.status).toBe(413);
        // Anonymous: refused for identity, from the same address as every anonymous case here.
        expect((await limited.api().post(`/live/sessions/${id}/live/start`).send({})).status).toBe(
          401,
        );
      }
      const command = (action: string) =>
        limited
          .api()
          .post(`/live/sessions/${id}/live/${action}`)
          .set(as(people.moderator))
          .send({});
      expect((await command("start")).status).toBe(200);
      expect((await command("stop")).status).toBe(200);
      expect((await command("stop")).status).toBe(429);
    });

    it("R-SEC-2: no participant's email leaves the API outside the back-office routes", async () => {
      const subscribers = await harness({ serviceOptions: { audienceDelivery: "subscribers" } });
      const id = await subscribers.session();
      const emails = [people.moderator, people.speaker];
      const texts: string[] = [];
      const keep = async (answer: PromiseLike<{ text: string; status: number }>) => {
        const { text, status } = await answer;
        texts.push(`${status} ${text}`);
        return status;
      };
      const client = subscribers.api();
      const speaker = await client
        .post(`/live/sessions/${id}/join`)
        .set(as(people.speaker))
        .send({});
      texts.push(speaker.text);
      const { streamId } = await subscribers.subject.connectClient(
        speaker.body.roomId,
        speaker.body.token,
      );
      for (const email of [people.moderator, people.attendee, people.stranger, ""]) {
        await keep(client.post(`/live/sessions/${id}/join`).set(as(email)).send({}));
      }
      await keep(client.post(`/live/sessions/${id}/join`).send({}));
      expect(
        await keep(
          client.post(`/live/sessions/${id}/live/start`).set(as(people.moderator)).send({}),
        ),
      ).toBe(200);
      await subscribers.subject.settle();
      await keep(
        client
          .put(`/live/sessions/${id}/stage`)
          .set(as(people.moderator))
          .send({ streamIds: [streamId], layout: "grid" }),
      );
      await keep(client.get(`/live/sessions/${id}/presence`).set(as(people.moderator)));
      await keep(client.get(`/live/sessions/${id}/audience`));
      await keep(client.get(`/live/sessions/${id}/audience`).set(as(people.attendee)));
      await keep(client.post(`/live/sessions/${id}/live/start`).set(as(people.speaker)).send({}));
      await keep(client.get(`/live/sessions/${id}/presence`).set(as(people.stranger)));
      await keep(client.get(`/live/sessions/${id}`).set(as(people.moderator)));
      const viewer = await subscribers.sse(`/live/sessions/${id}/events`);
      await viewer.until((c) => c.events.length === 1);
      viewer.close();
      texts.push(viewer.text());
      await keep(client.post(`/live/sessions/${id}/live/stop`).set(as(people.moderator)).send({}));
      await keep(client.get(`/live/sessions/${id}/replay`).set("accept", "application/json"));
      for (const text of texts) {
        for (const email of emails) expect(text).not.toContain(email);
      }
      expect(texts.length).toBeGreaterThan(15);
    });
  });

  describe("bandwidth probe", () => {
    it("R-PRE-3: reads and drops an upload from any caller, 204 and never cached", async () => {
      const bytes = new Uint8Array(256 * 1024).fill(7);
      const anonymous = await api()
        .post("/live/preflight/bandwidth")
        .set("content-type", "application/octet-stream")
        .send(bytes);
      expect(anonymous.status).toBe(204);
      expect(anonymous.text).toBe("");
      expect(anonymous.headers["cache-control"]).toBe("no-store");
      const signedIn = await api()
        .post("/live/preflight/bandwidth")
        .set(as(people.attendee))
        .set("content-type", "text/plain")
        .send("x".repeat(1_000));
      expect(signedIn.status).toBe(204);
    });

    it("R-PRE-3: refuses a probe over its size (413) and rate-limits probes per caller (429)", async () => {
      const limited = await harness({
        settings: {
          limits: { bandwidthProbeBytes: 64 * 1024 },
          rateLimits: { bandwidth: { capacity: 2, refillPerSecond: 0.5 } },
        },
      });
      const probe = (size: number) =>
        limited
          .api()
          .post("/live/preflight/bandwidth")
          .set("content-type", "application/octet-stream")
          .send(new Uint8Array(size));
      const tooLarge = await probe(65 * 1024);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.code).toBe("CONTENT_TOO_LARGE");
      expect((await probe(1_000)).status).toBe(204);
      expect((await probe(1_000)).status).toBe(204);
      const refused = await probe(1_000);
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("2");
    });
  });
}
