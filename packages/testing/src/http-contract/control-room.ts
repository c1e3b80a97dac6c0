import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import { sendRawHead } from "./raw-http.js";
import { type ContractContext, pdfHead, problemType } from "./steps.js";

export function controlRoomCases(ctx: ContractContext): void {
  const { api, harness, start, stop, joinAndConnect } = ctx;
  describe("control room", () => {
    it("R-PERM-1, R-PERM-3: join grants the participant's role, camera off, never cached", async () => {
      const id = await ctx.h.session();
      const moderator = await api()
        .post(`/live/sessions/${id}/join`)
        .set(as(people.moderator))
        .send({});
      expect(moderator.status).toBe(200);
      expect(moderator.headers["cache-control"]).toBe("no-store");
      expect(moderator.body).toMatchObject({
        role: "moderator",
        providerRole: "moderator",
        camera: "off",
      });
      expect(moderator.body.connection.token).toEqual(expect.any(String));
      const speaker = await api()
        .post(`/live/sessions/${id}/join`)
        .set(as(people.speaker))
        .send({});
      expect(speaker.body).toMatchObject({
        role: "speaker",
        providerRole: "publisher",
        onStage: false,
      });
      const noBody = await api()
        .post(`/live/sessions/${id}/join`)
        .set(as(people.speaker))
        .set("content-type", "application/json");
      expect(noBody.status).toBe(200);
    });

    it("R-PERM-2: a signed-in non-participant gets 403 NOT_A_PARTICIPANT with the §8 advice, wrong email first, in their language", async () => {
      const id = await ctx.h.session();
      const english = await api()
        .post(`/live/sessions/${id}/join`)
        .set(as(people.stranger))
        .send({});
      expect(english.status).toBe(403);
      expect(english.headers["content-type"]).toMatch(problemType);
      expect(english.body).toMatchObject({
        code: "NOT_A_PARTICIPANT",
        status: 403,
        title: expect.any(String),
      });
      expect(english.body.advice.length).toBeGreaterThan(3);
      expect(english.body.advice[0].message).toMatch(/email/i);
      const french = await api()
        .post(`/live/sessions/${id}/join`)
        .set(as(people.stranger))
        .set("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")
        .send({});
      expect(french.body.advice.map((a: { code: string }) => a.code)).toEqual(
        english.body.advice.map((a: { code: string }) => a.code),
      );
      expect(french.body.advice[0].message).not.toBe(english.body.advice[0].message);
      const body = JSON.stringify(english.body);
      expect(body).not.toContain(people.moderator);
      expect(body).not.toContain(people.speaker);
      expect(body).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });

    it("R-AUD-1: anonymous join is 401 with HLS delivery, an attendee grant with subscriber delivery", async () => {
      const id = await ctx.h.session();
      const hls = await api().post(`/live/sessions/${id}/join`).send({});
      expect(hls.status).toBe(401);
      const subscribers = await harness({ serviceOptions: { audienceDelivery: "subscribers" } });
      const other = await subscribers.session();
      const grant = await subscribers.api().post(`/live/sessions/${other}/join`).send({});
      expect(grant.status).toBe(200);
      expect(grant.body).toMatchObject({
        role: "attendee",
        providerRole: "subscriber",
        capabilities: ["live:watch"],
      });
    });

    it("R-PERM-2, R-SES-4: accepts case and whitespace variants of a participant's email", async () => {
      const id = await ctx.h.session();
      for (const variant of ["  MODERATOR@Example.COM ", "Moderator@EXAMPLE.com"]) {
        const joined = await api().post(`/live/sessions/${id}/join`).set(as(variant)).send({});
        expect(joined.status, variant).toBe(200);
        expect(joined.body.role).toBe("moderator");
      }
      expect((await start(id, "\tmoderator@EXAMPLE.COM")).status).toBe(200);
    });

    it("R-PERM-2, R-SES-4: refuses Unicode look-alikes of a participant's email, and changes nothing", async () => {
      const id = await ctx.h.session();
      const before = await ctx.h.state(id);
      for (const lookalike of [
        "moderat\u043Er@example.com", // Cyrillic o
        "\uFF4Doderator@example.com", // full-width m
        "moderator@examp\u04CFe.com", // Cyrillic palochka for l
        "moderator\u200B@example.com", // zero-width space
      ]) {
        const joined = await api().post(`/live/sessions/${id}/join`).set(as(lookalike)).send({});
        expect([400, 403], lookalike).toContain(joined.status);
        const started = await start(id, lookalike);
        expect([400, 403], lookalike).toContain(started.status);
      }
      expect(await ctx.h.state(id)).toEqual(before);
    });

    it("R-LIFE-1, R-LIFE-2: start and stop through HTTP, with the lifecycle's refusals", async () => {
      const id = await ctx.h.session();
      const early = await stop(id);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe("LIVE_NOT_STARTED");
      const started = await start(id);
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ sessionId: id, phase: "live" });
      expect(JSON.stringify(started.body)).not.toContain(people.speaker);
      const again = await start(id);
      expect(again.status).toBe(200);
      expect(again.body.version).toBe(started.body.version);
      const stopped = await stop(id);
      expect(stopped.body.phase).toBe("ended");
      const restart = await start(id);
      expect(restart.status).toBe(409);
      expect(restart.body.code).toBe("LIVE_ENDED");
      const draft = await ctx.h.session({ draft: true });
      const unpublished = await start(draft);
      expect(unpublished.status).toBe(409);
      expect(unpublished.body.code).toBe("NOT_PUBLISHED");
    });

    it("R-STAGE-1: a moderator sets the stage; bad stages are 400; ended lives 409", async () => {
      const id = await ctx.h.session();
      const { streamId } = await joinAndConnect(id, people.speaker);
      await start(id);
      await ctx.h.subject.settle();
      const stage = await api()
        .put(`/live/sessions/${id}/stage`)
        .set(as(people.moderator))
        .send({ streamIds: [streamId], layout: "grid" });
      expect(stage.status).toBe(200);
      expect(stage.body.stage).toEqual({
        streamIds: [streamId],
        layout: "grid",
        focusStreamId: null,
      });
      const unknownStream = await api()
        .put(`/live/sessions/${id}/stage`)
        .set(as(people.moderator))
        .send({ streamIds: ["st_nowhere"], layout: "grid" });
      expect(unknownStream.status).toBe(400);
      const badLayout = await api()
        .put(`/live/sessions/${id}/stage`)
        .set(as(people.moderator))
        .send({ streamIds: [], layout: "mosaic" });
      expect(badLayout.status).toBe(400);
      expect(badLayout.body.issues[0].path).toBe("layout");
      await stop(id);
      const ended = await api()
        .put(`/live/sessions/${id}/stage`)
        .set(as(people.moderator))
        .send({ streamIds: [], layout: "grid" });
      expect(ended.status).toBe(409);
      expect(ended.body.code).toBe("LIVE_ENDED");
    });

    it("R-PERM-6: presence counts people by role for moderators", async () => {
      const id = await ctx.h.session();
      await joinAndConnect(id, people.speaker);
      await joinAndConnect(id, people.moderator);
      const presence = await api().get(`/live/sessions/${id}/presence`).set(as(people.moderator));
      expect(presence.status).toBe(200);
      expect(presence.body).toEqual({ moderators: 1, speakers: 1, audience: 0 });
    });

    it("R-PERM-6: a participant's presence ping answers 204; anyone else is refused, anonymous 401", async () => {
      const id = await ctx.h.session();
      await joinAndConnect(id, people.speaker);
      const ping = (who: string | null) => {
        const request = api().post(`/live/sessions/${id}/presence`);
        return (who === null ? request : request.set(as(who))).send({});
      };
      expect((await ping(people.speaker)).status).toBe(204);
      expect((await ping(people.moderator)).status).toBe(204);
      const stranger = await ping(people.stranger);
      expect(stranger.status).toBe(403);
      expect(stranger.body.code).toBe("NOT_A_PARTICIPANT");
      expect((await ping(null)).status).toBe(401);
    });

    it("R-PERM-1: a speaker, an attendee and a stranger are refused start, stop, stage, presence and every admin route", async () => {
      const id = await ctx.h.session();
      await start(id);
      const before = await ctx.h.state(id);
      const attempts = (email: string) => [
        api().post(`/live/sessions/${id}/live/start`).set(as(email)).send({}),
        api().post(`/live/sessions/${id}/live/stop`).set(as(email)).send({}),
        api()
          .put(`/live/sessions/${id}/stage`)
          .set(as(email))
          .send({ streamIds: [], layout: "grid" }),
        api().get(`/live/sessions/${id}/presence`).set(as(email)),
        api().post("/live/sessions").set(as(email)).send({ title: "x" }),
        api().get(`/live/sessions/${id}`).set(as(email)),
        api().patch(`/live/sessions/${id}`).set(as(email)).send({ title: "Hijacked" }),
        api().post(`/live/sessions/${id}/publish`).set(as(email)).send({}),
        api().post(`/live/sessions/${id}/unpublish`).set(as(email)).send({}),
        api()
          .post(`/live/sessions/${id}/participants`)
          .set(as(email))
          .send({ email, role: "moderator" }),
        api()
          .delete(`/live/sessions/${id}/participants`)
          .set(as(email))
          .send({ email: people.moderator, role: "moderator" }),
        api().delete(`/live/sessions/${id}`).set(as(email)),
        api().get(`/live/sessions/${id}/history`).set(as(email)),
      ];
      for (const email of [people.speaker, people.attendee, people.stranger, people.moderator]) {
        // The moderator may run the live commands, but the admin routes are refused to them too.
        const answers = await Promise.all(
          email === people.moderator ? attempts(email).slice(4) : attempts(email),
        );
        answers.forEach((answer, i) => {
          expect(answer.status, `${email}, attempt ${i}`).toBe(403);
          expect(["FORBIDDEN", "NOT_A_PARTICIPANT"]).toContain(answer.body.code);
        });
      }
      const anonymous = await Promise.all(attempts(""));
      anonymous.forEach((answer, i) => {
        expect(answer.status, `anonymous, attempt ${i}`).toBe(401);
      });
      const after = await ctx.h.state(id);
      expect(after.version).toBe(before.version);
      expect((await api().get(`/live/sessions/${id}/audience`)).body.phase).toBe("live");
    });

    it("R-PERM-1: the moderator of one session is refused on another session", async () => {
      const mine = await ctx.h.session();
      const theirs = await ctx.h.session({
        participants: [
          { email: "other-mod@example.com", role: "moderator" },
          { email: people.speaker, role: "speaker" },
        ],
      });
      const before = await ctx.h.state(theirs);
      expect((await start(mine)).status).toBe(200);
      const refused = await start(theirs);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("NOT_A_PARTICIPANT");
      expect(
        (await api().get(`/live/sessions/${theirs}/presence`).set(as(people.moderator))).status,
      ).toBe(403);
      const stage = await api()
        .put(`/live/sessions/${theirs}/stage`)
        .set(as(people.moderator))
        .send({ streamIds: [], layout: "grid" });
      expect(stage.status).toBe(403);
      expect(await ctx.h.state(theirs)).toEqual(before);
    });

    it("R-SEC-2: a start sent as a form, as text or without a JSON type is 415 and starts nothing", async () => {
      const id = await ctx.h.session();
      const before = await ctx.h.state(id);
      const path = `/live/sessions/${id}/live/start`;
      const form = await api().post(path).set(as(people.moderator)).type("form").send("confirm=1");
      expect(form.status).toBe(415);
      expect(form.headers["content-type"]).toMatch(problemType);
      expect(form.body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      const text = await api()
        .post(path)
        .set(as(people.moderator))
        .set("content-type", "text/plain")
        .send("{}");
      expect(text.status).toBe(415);
      const multipart = await api().post(path).set(as(people.moderator)).field("a", "b");
      expect(multipart.status).toBe(415);
      const bare = await api().post(path).set(as(people.moderator));
      expect(bare.status).toBe(415);
      expect(await ctx.h.state(id)).toEqual(before);
      const json = await api()
        .post(path)
        .set(as(people.moderator))
        .set("content-type", "application/json; charset=utf-8")
        .send("{}");
      expect(json.status).toBe(200);
    });

    it("R-SEC-2: join, commands, presence, preflight and content are rate-limited per identity with Retry-After", async () => {
      const limited = await harness({
        settings: {
          rateLimits: {
            join: { capacity: 2, refillPerSecond: 0.5 },
            commands: { capacity: 1, refillPerSecond: 1 },
            presence: { capacity: 1, refillPerSecond: 1 },
            preflight: { capacity: 1, refillPerSecond: 1 },
            content: { capacity: 1, refillPerSecond: 1 },
          },
        },
      });
      const id = await limited.session();
      const join = (email: string) =>
        limited.api().post(`/live/sessions/${id}/join`).set(as(email)).send({});
      expect((await join(people.speaker)).status).toBe(200);
      expect((await join(" SPEAKER@example.com")).status).toBe(200);
      const refused = await join(people.speaker);
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("2");
      expect(refused.body).toMatchObject({ code: "RATE_LIMITED", retriable: true });
      expect((await join(people.moderator)).status).toBe(200);
      limited.subject.clock.advance(2_000);
      expect((await join(people.speaker)).status).toBe(200);

      const presence = () =>
        limited.api().get(`/live/sessions/${id}/presence`).set(as(people.moderator));
      expect((await presence()).status).toBe(200);
      expect((await presence()).status).toBe(429);
      const preflight = () => limited.api().post("/live/preflight").send({});
      expect((await preflight()).status).toBe(400);
      expect((await preflight()).status).toBe(429);
      const content = () =>
        limited
          .api()
          .post(`/live/sessions/${id}/content`)
          .set(as(people.speaker))
          .set("content-type", "application/pdf")
          .send(pdfHead);
      expect((await content()).status).toBe(200);
      expect((await content()).status).toBe(429);
    });

    it("R-SEC-2: presence reads have their own bucket: a flood of GETs never locks the moderator out of start and stop", async () => {
      const limited = await harness({
        settings: {
          rateLimits: {
            commands: { capacity: 2, refillPerSecond: 0.1 },
            presence: { capacity: 3, refillPerSecond: 0.1 },
          },
        },
      });
      const id = await limited.session();
      const presence = () =>
        limited.api().get(`/live/sessions/${id}/presence`).set(as(people.moderator));
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await presence()).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3).every((status) => status === 429)).toBe(true);
      const command = (action: string) =>
        limited
          .api()
          .post(`/live/sessions/${id}/live/${action}`)
          .set(as(people.moderator))
          .send({});
      expect((await command("start")).status).toBe(200);
      expect((await command("stop")).status).toBe(200);
    });

    it("R-SEC-2: anonymous callers are keyed by IPv4 address, and by /64 network for IPv6", async () => {
      const limited = await harness({
        settings: { rateLimits: { preflight: { capacity: 1, refillPerSecond: 0.01 } } },
        trustForwardedFor: true,
      });
      const from = (address: string) =>
        limited.api().post("/live/preflight").set("x-forwarded-for", address).send({});
      expect((await from("2001:db8:1:2::a")).status).toBe(400);
      // Other addresses of the same /64, however they are written: the same bucket.
      expect((await from("2001:db8:1:2:ffff:ffff:ffff:fffe")).status).toBe(429);
      expect((await from("2001:0DB8:0001:0002:0:0:0:b")).status).toBe(429);
      // Another /64 is another client.
      expect((await from("2001:db8:1:3::a")).status).toBe(400);
      // IPv4, plain or mapped into IPv6, stays per address.
      expect((await from("203.0.113.7")).status).toBe(400);
      expect((await from("::ffff:203.0.113.7")).status).toBe(429);
      expect((await from("203.0.113.8")).status).toBe(400);
    });

    it.runIf(ctx.sockets)(
      "R-SEC-2: a JSON Content-Type without a body nor a length is accepted (not 415)",
      async () => {
        const id = await ctx.h.session();
        const post = (path: string, type: string) =>
          sendRawHead(ctx.h.base, [
            `POST /live/sessions/${id}/${path} HTTP/1.1`,
            `x-user: ${people.moderator}`,
            `Content-Type: ${type}`,
          ]);
        const joined = await post("join", "application/json");
        expect(joined.status).toBe(200);
        expect(JSON.parse(joined.body).role).toBe("moderator");
        expect((await post("live/start", "Application/JSON; charset=utf-8")).status).toBe(200);
        const before = await ctx.h.state(id);
        for (const type of [
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/jsonx",
        ]) {
          const refused = await post("live/stop", type);
          expect(refused.status, type).toBe(415);
          expect(JSON.parse(refused.body).code).toBe("UNSUPPORTED_MEDIA_TYPE");
        }
        const bare = await sendRawHead(ctx.h.base, [
          `POST /live/sessions/${id}/live/stop HTTP/1.1`,
          `x-user: ${people.moderator}`,
        ]);
        expect(bare.status).toBe(415);
        expect(await ctx.h.state(id)).toEqual(before);
      },
    );

    it("R-SEC-2: the replay route, which asks the provider for fresh links, is rate-limited", async () => {
      const limited = await harness({
        settings: { rateLimits: { replay: { capacity: 1, refillPerSecond: 0.5 } } },
      });
      const id = await limited.session();
      const replay = () => limited.api().get(`/live/sessions/${id}/replay`);
      expect((await replay()).status).not.toBe(429);
      const refused = await replay();
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("2");
    });
  });
}
