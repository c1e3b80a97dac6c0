import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import type { ContractContext } from "./steps.js";

export function audienceCases(ctx: ContractContext): void {
  const { api, harness, start, stop, joinAndConnect } = ctx;
  describe("audience routes", () => {
    it("R-AUD-2: gives the audience view with the server's time; drafts and unknown sessions are 404", async () => {
      const id = await ctx.h.session();
      const view = await api().get(`/live/sessions/${id}/audience`);
      expect(view.status).toBe(200);
      expect(view.headers["cache-control"]).toBe("no-store");
      expect(view.body).toMatchObject({ sessionId: id, phase: "scheduled", screen: "waiting" });
      expect(view.body.serverTime).toBe(ctx.h.subject.clock.now());
      expect(JSON.stringify(view.body)).not.toContain(people.moderator);
      const draft = await ctx.h.session({ draft: true });
      for (const path of ["audience", "events", "replay"]) {
        const refused = await api().get(`/live/sessions/${draft}/${path}`);
        expect(refused.status, path).toBe(404);
        expect(refused.body.code).toBe("SESSION_NOT_FOUND");
      }
      expect((await api().get("/live/sessions/ses_missing/audience")).status).toBe(404);
    });

    it("R-AUD-2: authorizeAudience restricts the audience routes (401 anonymous, 403 unregistered)", async () => {
      const restricted = await harness({
        registered: [people.attendee],
        serviceOptions: { audienceDelivery: "subscribers" },
      });
      const id = await restricted.session();
      for (const path of ["audience", "events", "replay"]) {
        expect((await restricted.api().get(`/live/sessions/${id}/${path}`)).status, path).toBe(401);
        const stranger = await restricted
          .api()
          .get(`/live/sessions/${id}/${path}`)
          .set(as(people.stranger));
        expect(stranger.status, path).toBe(403);
        expect(stranger.body.code).toBe("FORBIDDEN");
      }
      const allowed = await restricted
        .api()
        .get(`/live/sessions/${id}/audience`)
        .set(as(people.attendee));
      expect(allowed.status).toBe(200);
      const join = (headers: Record<string, string>) =>
        restricted.api().post(`/live/sessions/${id}/join`).set(headers).send({});
      expect((await join({})).status).toBe(401);
      expect((await join(as(people.stranger))).status).toBe(403);
      const attendee = await join(as(people.attendee));
      expect(attendee.status).toBe(200);
      expect(attendee.body).toMatchObject({ role: "attendee", providerRole: "subscriber" });
      // Participants are not audience members: the restriction never keeps them out.
      expect((await join(as(people.speaker))).body.role).toBe("speaker");
    });

    it("R-LIFE-7: replay is 409 until ready, then a 302 to a fresh provider link (or the JSON list)", async () => {
      const id = await ctx.h.session();
      const notEnded = await api().get(`/live/sessions/${id}/replay`);
      expect(notEnded.status).toBe(409);
      expect(notEnded.body).toMatchObject({ code: "REPLAY_NOT_READY", retriable: true });
      const { grant } = await joinAndConnect(id, people.moderator);
      expect((await start(id)).status).toBe(200);
      expect((await stop(id)).body.phase).toBe("ended");
      await ctx.h.subject.settle();
      const processing = await api().get(`/live/sessions/${id}/replay`);
      expect(processing.status).toBe(409);
      expect(processing.body.code).toBe("REPLAY_NOT_READY");
      await ctx.h.subject.finishRecordings(grant.roomId);
      await expect
        .poll(async () => (await api().get(`/live/sessions/${id}/audience`)).body.screen)
        .toBe("replay");
      const redirect = await api().get(`/live/sessions/${id}/replay`).redirects(0);
      expect(redirect.status).toBe(302);
      expect(redirect.headers.location).toMatch(/^https?:\/\//);
      expect(redirect.headers["cache-control"]).toBe("no-store");
      const list = await api().get(`/live/sessions/${id}/replay`).set("accept", "application/json");
      expect(list.status).toBe(200);
      expect(list.body.status).toBe("ready");
      const [segment] = list.body.segments;
      expect(new URL(segment.url).pathname).toBe(
        new URL(String(redirect.headers.location)).pathname,
      );
    });
  });
}
