// The router's behaviour, run once per provider (the mock, and Vonage under an emulated API):
// every route and every error status, the security rules (R-SEC-1, R-SEC-2) and the SSE stream.
import type { AudienceView, JoinGrant, LiveService } from "@onair/core";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postWithRepeatedHeader, sendRawHead } from "./raw-http.js";
import { createHarness, type Harness, type HarnessOptions, people } from "./router-harness.js";
import type { RouterSubject } from "./router-subject.js";
import { openSse } from "./sse-client.js";

// The harness's identify hook decodes this header, so tests can sign in with any Unicode email.
const as = (email: string) => ({ "x-user": encodeURIComponent(email) });
const problemType = /^application\/problem\+json/;
const pdfHead = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(200, 0x20)]);
const exeHead = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0)]);
const newSession = {
  title: "Closing panel",
  startsAt: "2026-01-02T10:00:00Z",
  endsAt: "2026-01-02T11:00:00Z",
  timeZone: "Europe/Paris",
  participants: [{ email: "host@example.com", role: "moderator" }],
};
/** A logger that keeps what it is asked to log, by level. */
const recordingLogger = () => {
  const logged = { warn: [] as unknown[], error: [] as unknown[] };
  return {
    logged,
    logger: {
      debug() {},
      info() {},
      warn: (...args: unknown[]) => void logged.warn.push(args),
      error: (...args: unknown[]) => void logged.error.push(args),
    },
  };
};

export function runLiveRouterSuite(
  makeSubject: () => RouterSubject | Promise<RouterSubject>,
): void {
  let h: Harness;
  const open: Harness[] = [];
  const harness = async (options?: HarnessOptions) => {
    const created = await createHarness(await makeSubject(), options);
    open.push(created);
    return created;
  };
  const api = () => request(h.base);

  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((each) => each.close()));
  });

  /** Joins as a participant and connects a publishing client with the grant. */
  const joinAndConnect = async (sessionId: string, email: string) => {
    const joined = await api().post(`/live/sessions/${sessionId}/join`).set(as(email)).send({});
    expect(joined.status).toBe(200);
    const grant = joined.body as JoinGrant;
    const client = await h.subject.connectClient(grant.connection.roomId, grant.connection.token);
    return { grant, ...client };
  };
  const start = (sessionId: string, email: string = people.moderator) =>
    api().post(`/live/sessions/${sessionId}/live/start`).set(as(email)).send({});
  const stop = (sessionId: string, email: string = people.moderator) =>
    api().post(`/live/sessions/${sessionId}/live/stop`).set(as(email)).send({});

  describe("admin routes", () => {
    it("creates (201 + Location), reads, updates, publishes and lists the history of a session", async () => {
      const created = await api()
        .post("/live/sessions")
        .set(as(people.admin))
        .send({
          title: "Closing panel",
          startsAt: "2026-01-02T10:00:00Z",
          endsAt: "2026-01-02T11:00:00Z",
          timeZone: "Europe/Paris",
          participants: [{ email: "  Host@Example.COM ", role: "moderator" }],
        });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(created.headers.location).toBe(`/live/sessions/${id}`);
      expect(created.body).toMatchObject({
        status: "draft",
        participants: [{ email: "host@example.com" }],
      });

      const read = await api().get(`/live/sessions/${id}`).set(as(people.admin));
      expect(read.status).toBe(200);
      expect(read.body.title).toBe("Closing panel");

      const updated = await api()
        .patch(`/live/sessions/${id}`)
        .set(as(people.admin))
        .send({ title: "Panel" });
      expect(updated.status).toBe(200);
      expect(updated.body.title).toBe("Panel");

      const published = await api()
        .post(`/live/sessions/${id}/publish`)
        .set(as(people.admin))
        .send({});
      expect(published.status).toBe(200);
      expect(published.body.status).toBe("published");

      const unpublished = await api()
        .post(`/live/sessions/${id}/unpublish`)
        .set(as(people.admin))
        .send({});
      expect(unpublished.body.status).toBe("draft");

      const history = await api().get(`/live/sessions/${id}/history`).set(as(people.admin));
      expect(history.status).toBe(200);
      expect(history.body.map((entry: { type: string }) => entry.type)).toEqual(
        expect.arrayContaining(["session-created", "session-published"]),
      );
      expect(
        history.body.find((e: { type: string }) => e.type === "session-published").actor,
      ).toEqual({
        kind: "admin",
        id: "admin-1",
      });
    });

    it("adds and removes participants; R-SES-3: never leaves a published session without a moderator (409)", async () => {
      const id = await h.session();
      const added = await api()
        .post(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: "guest@example.com", role: "speaker" });
      expect(added.status).toBe(200);
      expect(added.body.participants.map((p: { email: string }) => p.email)).toContain(
        "guest@example.com",
      );
      const removed = await api()
        .delete(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: "guest@example.com", role: "speaker" });
      expect(removed.status).toBe(200);
      expect(removed.body.participants).toHaveLength(2);
      const lastModerator = await api()
        .delete(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: people.moderator, role: "moderator" });
      expect(lastModerator.status).toBe(409);
      expect(lastModerator.body.code).toBe("NO_MODERATOR");
      const noModerator = await h.session({
        draft: true,
        participants: [{ email: people.speaker, role: "speaker" }],
      });
      const publish = await api()
        .post(`/live/sessions/${noModerator}/publish`)
        .set(as(people.admin))
        .send({});
      expect(publish.status).toBe(409);
      expect(publish.body.code).toBe("NO_MODERATOR");
    });

    it("deletes a session (204), never while it is live (409 LIVE_IN_PROGRESS)", async () => {
      const id = await h.session();
      expect((await start(id)).status).toBe(200);
      const refused = await api().delete(`/live/sessions/${id}`).set(as(people.admin));
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe("LIVE_IN_PROGRESS");
      const other = await h.session();
      expect((await api().delete(`/live/sessions/${other}`).set(as(people.admin))).status).toBe(
        204,
      );
      expect((await api().get(`/live/sessions/${other}`).set(as(people.admin))).status).toBe(404);
    });

    it("R-DATA-1: deleting a session whose recording is still processing is refused (409 RECORDING_PROCESSING, Retry-After), then accepted", async () => {
      const id = await h.session();
      const { grant } = await joinAndConnect(id, people.moderator);
      expect((await start(id)).status).toBe(200);
      expect((await stop(id)).body.phase).toBe("ended");
      await h.subject.settle();
      const refused = await api().delete(`/live/sessions/${id}`).set(as(people.admin));
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: "RECORDING_PROCESSING", retriable: true });
      expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect((await api().get(`/live/sessions/${id}`).set(as(people.admin))).status).toBe(200);
      await h.subject.finishRecordings(grant.connection.roomId);
      expect((await api().delete(`/live/sessions/${id}`).set(as(people.admin))).status).toBe(204);
    });

    it("answers 404 for an unknown session and 400 for a malformed id", async () => {
      const unknown = await api().get("/live/sessions/ses_unknown").set(as(people.admin));
      expect(unknown.status).toBe(404);
      expect(unknown.headers["content-type"]).toMatch(problemType);
      expect(unknown.body.code).toBe("SESSION_NOT_FOUND");
      const malformed = await api()
        .get(`/live/sessions/${"x".repeat(101)}`)
        .set(as(people.admin));
      expect(malformed.status).toBe(400);
      expect(malformed.body.issues).toEqual([expect.objectContaining({ path: "id" })]);
      const dotted = await api().get("/live/sessions/a.b").set(as(people.admin));
      expect(dotted.status).toBe(400);
    });

    it("validates bodies with field-level issues (400)", async () => {
      const missing = await api().post("/live/sessions").set(as(people.admin)).send({ title: "" });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe("INVALID_INPUT");
      expect(missing.body.issues.map((issue: { path: string }) => issue.path)).toEqual(
        expect.arrayContaining(["title", "startsAt"]),
      );
      const id = await h.session();
      const extra = await api()
        .patch(`/live/sessions/${id}`)
        .set(as(people.admin))
        .send({ status: "published" });
      expect(extra.status).toBe(400);
      const role = await api()
        .post(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: "a@example.com", role: "attendee" });
      expect(role.status).toBe(400);
    });

    it("sends Cache-Control: no-store with every admin answer", async () => {
      const admin = as(people.admin);
      const created = await api().post("/live/sessions").set(admin).send(newSession);
      const id = created.body.id as string;
      const answers = [
        created,
        await api().get(`/live/sessions/${id}`).set(admin),
        await api().patch(`/live/sessions/${id}`).set(admin).send({ title: "Panel" }),
        await api().post(`/live/sessions/${id}/publish`).set(admin).send({}),
        await api().post(`/live/sessions/${id}/unpublish`).set(admin).send({}),
        await api()
          .post(`/live/sessions/${id}/participants`)
          .set(admin)
          .send({ email: "guest@example.com", role: "speaker" }),
        await api()
          .delete(`/live/sessions/${id}/participants`)
          .set(admin)
          .send({ email: "guest@example.com", role: "speaker" }),
        await api().get(`/live/sessions/${id}/history`).set(admin),
        await api().delete(`/live/sessions/${id}`).set(admin),
      ];
      answers.forEach((answer, i) => {
        expect(answer.status, `answer ${i}`).toBeLessThan(300);
        expect(answer.headers["cache-control"], `answer ${i}`).toBe("no-store");
      });
    });

    it("R-SEC-2: back-office writes are rate-limited per identity (429 with Retry-After)", async () => {
      const limited = await harness({
        settings: { rateLimits: { admin: { capacity: 2, refillPerSecond: 0.5 } } },
      });
      const id = await limited.session({ draft: true });
      const admin = as(people.admin);
      const create = () => request(limited.base).post("/live/sessions").set(admin).send(newSession);
      expect((await create()).status).toBe(201);
      expect((await create()).status).toBe(201);
      const refused = await create();
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("2");
      expect(refused.headers["cache-control"]).toBe("no-store");
      expect(refused.body).toMatchObject({ code: "RATE_LIMITED", retriable: true });
      const participant = { email: "guest@example.com", role: "speaker" };
      const writes = [
        request(limited.base).patch(`/live/sessions/${id}`).set(admin).send({ title: "x" }),
        request(limited.base).post(`/live/sessions/${id}/publish`).set(admin).send({}),
        request(limited.base).post(`/live/sessions/${id}/unpublish`).set(admin).send({}),
        request(limited.base)
          .post(`/live/sessions/${id}/participants`)
          .set(admin)
          .send(participant),
        request(limited.base)
          .delete(`/live/sessions/${id}/participants`)
          .set(admin)
          .send(participant),
        request(limited.base).delete(`/live/sessions/${id}`).set(admin),
      ];
      for (const answer of await Promise.all(writes)) expect(answer.status).toBe(429);
      // Reads are not back-office writes.
      expect((await request(limited.base).get(`/live/sessions/${id}`).set(admin)).status).toBe(200);
      limited.subject.clock.advance(2_000);
      expect((await create()).status).toBe(201);

      const unlimited = await harness({ settings: { rateLimits: { admin: false } } });
      for (let i = 0; i < 35; i++) {
        const answer = await request(unlimited.base)
          .post("/live/sessions")
          .set(admin)
          .send(newSession);
        expect(answer.status).toBe(201);
      }
    });

    it("R-SEC-2: never echoes a flood of unknown fields: at most 10 short issues", async () => {
      const longKey = "k".repeat(500);
      const flood: Record<string, unknown> = { ...newSession, [longKey]: 1 };
      for (let i = 0; flood && Object.keys(flood).length < 2_000; i++) {
        flood[`unknown_field_number_${i}_${"x".repeat(30)}`] = i;
      }
      const body = JSON.stringify(flood);
      expect(body.length).toBeGreaterThan(100_000);
      const answer = await api()
        .post("/live/sessions")
        .set(as(people.admin))
        .set("content-type", "application/json")
        .send(body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("INVALID_INPUT");
      expect(answer.body.issues.length).toBeGreaterThan(0);
      expect(answer.body.issues.length).toBeLessThanOrEqual(10);
      for (const issue of answer.body.issues as { path: string; message: string }[]) {
        expect(issue.path.length).toBeLessThanOrEqual(100);
        expect(issue.message.length).toBeLessThanOrEqual(100);
      }
      expect(answer.text.length).toBeLessThan(4_000);
      expect(answer.text).not.toContain(longKey.slice(0, 101));
    });

    it("R-SEC-2: a malformed JSON body is 400 and a body over the limit is 413", async () => {
      const small = await harness({ settings: { limits: { jsonBodyBytes: 512 } } });
      const malformed = await request(small.base)
        .post("/live/sessions")
        .set(as(people.admin))
        .set("content-type", "application/json")
        .send('{"title": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe("INVALID_INPUT");
      const large = await request(small.base)
        .post("/live/sessions")
        .set(as(people.admin))
        .send({ title: "x".repeat(2_000) });
      expect(large.status).toBe(413);
      expect(large.body.code).toBe("CONTENT_TOO_LARGE");
    });
  });

  describe("audience routes", () => {
    it("R-AUD-2: gives the audience view with the server's time; drafts and unknown sessions are 404", async () => {
      const id = await h.session();
      const view = await api().get(`/live/sessions/${id}/audience`);
      expect(view.status).toBe(200);
      expect(view.headers["cache-control"]).toBe("no-store");
      expect(view.body).toMatchObject({ sessionId: id, phase: "scheduled", screen: "waiting" });
      expect(view.body.serverTime).toBe(h.subject.clock.now());
      expect(JSON.stringify(view.body)).not.toContain(people.moderator);
      const draft = await h.session({ draft: true });
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
        expect(
          (await request(restricted.base).get(`/live/sessions/${id}/${path}`)).status,
          path,
        ).toBe(401);
        const stranger = await request(restricted.base)
          .get(`/live/sessions/${id}/${path}`)
          .set(as(people.stranger));
        expect(stranger.status, path).toBe(403);
        expect(stranger.body.code).toBe("FORBIDDEN");
      }
      const allowed = await request(restricted.base)
        .get(`/live/sessions/${id}/audience`)
        .set(as(people.attendee));
      expect(allowed.status).toBe(200);
      const join = (headers: Record<string, string>) =>
        request(restricted.base).post(`/live/sessions/${id}/join`).set(headers).send({});
      expect((await join({})).status).toBe(401);
      expect((await join(as(people.stranger))).status).toBe(403);
      const attendee = await join(as(people.attendee));
      expect(attendee.status).toBe(200);
      expect(attendee.body).toMatchObject({ role: "attendee", providerRole: "subscriber" });
      // Participants are not audience members: the restriction never keeps them out.
      expect((await join(as(people.speaker))).body.role).toBe("speaker");
    });

    it("R-LIFE-7: replay is 409 until ready, then a 302 to a fresh provider link (or the JSON list)", async () => {
      const id = await h.session();
      const notEnded = await api().get(`/live/sessions/${id}/replay`);
      expect(notEnded.status).toBe(409);
      expect(notEnded.body).toMatchObject({ code: "REPLAY_NOT_READY", retriable: true });
      const { grant } = await joinAndConnect(id, people.moderator);
      expect((await start(id)).status).toBe(200);
      expect((await stop(id)).body.phase).toBe("ended");
      await h.subject.settle();
      const processing = await api().get(`/live/sessions/${id}/replay`);
      expect(processing.status).toBe(409);
      expect(processing.body.code).toBe("REPLAY_NOT_READY");
      await h.subject.finishRecordings(grant.connection.roomId);
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

  describe("control room", () => {
    it("R-PERM-1, R-PERM-3: join grants the participant's role, camera off, never cached", async () => {
      const id = await h.session();
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
      const id = await h.session();
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
      const id = await h.session();
      const hls = await api().post(`/live/sessions/${id}/join`).send({});
      expect(hls.status).toBe(401);
      const subscribers = await harness({ serviceOptions: { audienceDelivery: "subscribers" } });
      const other = await subscribers.session();
      const grant = await request(subscribers.base).post(`/live/sessions/${other}/join`).send({});
      expect(grant.status).toBe(200);
      expect(grant.body).toMatchObject({
        role: "attendee",
        providerRole: "subscriber",
        capabilities: ["live:watch"],
      });
    });

    it("R-PERM-2, R-SES-4: accepts case and whitespace variants of a participant's email", async () => {
      const id = await h.session();
      for (const variant of ["  MODERATOR@Example.COM ", "Moderator@EXAMPLE.com"]) {
        const joined = await api().post(`/live/sessions/${id}/join`).set(as(variant)).send({});
        expect(joined.status, variant).toBe(200);
        expect(joined.body.role).toBe("moderator");
      }
      expect((await start(id, "\tmoderator@EXAMPLE.COM")).status).toBe(200);
    });

    it("R-PERM-2, R-SES-4: refuses Unicode look-alikes of a participant's email, and changes nothing", async () => {
      const id = await h.session();
      const before = await h.state(id);
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
      expect(await h.state(id)).toEqual(before);
    });

    it("R-LIFE-1, R-LIFE-2: start and stop through HTTP, with the lifecycle's refusals", async () => {
      const id = await h.session();
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
      const draft = await h.session({ draft: true });
      const unpublished = await start(draft);
      expect(unpublished.status).toBe(409);
      expect(unpublished.body.code).toBe("NOT_PUBLISHED");
    });

    it("R-STAGE-1: a moderator sets the stage; bad stages are 400; ended lives 409", async () => {
      const id = await h.session();
      const { streamId } = await joinAndConnect(id, people.speaker);
      await start(id);
      await h.subject.settle();
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
      const id = await h.session();
      await joinAndConnect(id, people.speaker);
      await joinAndConnect(id, people.moderator);
      const presence = await api().get(`/live/sessions/${id}/presence`).set(as(people.moderator));
      expect(presence.status).toBe(200);
      expect(presence.body).toEqual({ moderators: 1, speakers: 1, audience: 0 });
    });

    it("R-PERM-1: a speaker, an attendee and a stranger are refused start, stop, stage, presence and every admin route", async () => {
      const id = await h.session();
      await start(id);
      const before = await h.state(id);
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
      const after = await h.state(id);
      expect(after.version).toBe(before.version);
      expect((await api().get(`/live/sessions/${id}/audience`)).body.phase).toBe("live");
    });

    it("R-PERM-1: the moderator of one session is refused on another session", async () => {
      const mine = await h.session();
      const theirs = await h.session({
        participants: [
          { email: "other-mod@example.com", role: "moderator" },
          { email: people.speaker, role: "speaker" },
        ],
      });
      const before = await h.state(theirs);
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
      expect(await h.state(theirs)).toEqual(before);
    });

    it("R-SEC-2: a start sent as a form, as text or without a JSON type is 415 and starts nothing", async () => {
      const id = await h.session();
      const before = await h.state(id);
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
      expect(await h.state(id)).toEqual(before);
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
        request(limited.base).post(`/live/sessions/${id}/join`).set(as(email)).send({});
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
        request(limited.base).get(`/live/sessions/${id}/presence`).set(as(people.moderator));
      expect((await presence()).status).toBe(200);
      expect((await presence()).status).toBe(429);
      const preflight = () => request(limited.base).post("/live/preflight").send({});
      expect((await preflight()).status).toBe(400);
      expect((await preflight()).status).toBe(429);
      const content = () =>
        request(limited.base)
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
        request(limited.base).get(`/live/sessions/${id}/presence`).set(as(people.moderator));
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await presence()).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3).every((status) => status === 429)).toBe(true);
      const command = (action: string) =>
        request(limited.base)
          .post(`/live/sessions/${id}/live/${action}`)
          .set(as(people.moderator))
          .send({});
      expect((await command("start")).status).toBe(200);
      expect((await command("stop")).status).toBe(200);
    });

    it("R-SEC-2: anonymous callers are keyed by IPv4 address, and by /64 network for IPv6", async () => {
      const limited = await harness({
        settings: { rateLimits: { preflight: { capacity: 1, refillPerSecond: 0.01 } } },
      });
      limited.app.set("trust proxy", "loopback");
      const from = (address: string) =>
        request(limited.base).post("/live/preflight").set("x-forwarded-for", address).send({});
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

    it("R-SEC-2: a JSON Content-Type without a body nor a length is accepted (not 415)", async () => {
      const id = await h.session();
      const post = (path: string, type: string) =>
        sendRawHead(h.base, [
          `POST /live/sessions/${id}/${path} HTTP/1.1`,
          `x-user: ${people.moderator}`,
          `Content-Type: ${type}`,
        ]);
      const joined = await post("join", "application/json");
      expect(joined.status).toBe(200);
      expect(JSON.parse(joined.body).role).toBe("moderator");
      expect((await post("live/start", "Application/JSON; charset=utf-8")).status).toBe(200);
      const before = await h.state(id);
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"]) {
        const refused = await post("live/stop", type);
        expect(refused.status, type).toBe(415);
        expect(JSON.parse(refused.body).code).toBe("UNSUPPORTED_MEDIA_TYPE");
      }
      const bare = await sendRawHead(h.base, [
        `POST /live/sessions/${id}/live/stop HTTP/1.1`,
        `x-user: ${people.moderator}`,
      ]);
      expect(bare.status).toBe(415);
      expect(await h.state(id)).toEqual(before);
    });

    it("R-SEC-2: the replay route, which asks the provider for fresh links, is rate-limited", async () => {
      const limited = await harness({
        settings: { rateLimits: { replay: { capacity: 1, refillPerSecond: 0.5 } } },
      });
      const id = await limited.session();
      const replay = () => request(limited.base).get(`/live/sessions/${id}/replay`);
      expect((await replay()).status).not.toBe(429);
      const refused = await replay();
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("2");
    });
  });

  describe("content checks", () => {
    const upload = (
      sessionId: string,
      email: string | null,
      body: Buffer,
      type = "application/octet-stream",
    ) => {
      const test = api().post(`/live/sessions/${sessionId}/content`).set("content-type", type);
      return (email === null ? test : test.set(as(email))).send(body);
    };

    it("R-PERM-4: recognises a file by its first bytes, whatever its declared type", async () => {
      const id = await h.session();
      const pdf = await upload(id, people.speaker, pdfHead, "image/png");
      expect(pdf.status).toBe(200);
      expect(pdf.body).toMatchObject({
        kind: "pdf",
        mimeType: "application/pdf",
        size: pdfHead.length,
      });
      const exe = await upload(id, people.speaker, exeHead, "application/pdf");
      expect(exe.status).toBe(422);
      expect(exe.body.code).toBe("UNSUPPORTED_CONTENT");
    });

    it("R-PERM-4: refuses by declared size (413) before reading, and needs a length (411)", async () => {
      const small = await harness({ settings: { limits: { contentBytes: 1_000 } } });
      const id = await small.session();
      const tooLarge = await request(small.base)
        .post(`/live/sessions/${id}/content`)
        .set(as(people.speaker))
        .set("content-type", "application/pdf")
        .send(Buffer.concat([pdfHead, Buffer.alloc(2_000)]));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.code).toBe("CONTENT_TOO_LARGE");
      const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = (
          request(small.base).post(`/live/sessions/${id}/content`) as unknown as { url: string }
        ).url;
        void req;
        import("node:http").then(({ request: raw }) => {
          const outgoing = raw(
            `${small.base}/live/sessions/${id}/content`,
            {
              method: "POST",
              headers: { "x-user": people.speaker, "transfer-encoding": "chunked" },
            },
            (res) => {
              let body = "";
              res.on("data", (chunk) => {
                body += chunk;
              });
              res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          outgoing.on("error", reject);
          outgoing.write(pdfHead);
          outgoing.end();
        }, reject);
      });
      expect(chunked.status).toBe(411);
      expect(JSON.parse(chunked.body).code).toBe("LENGTH_REQUIRED");
    });

    it("R-PERM-4: answers from the first bytes of a large upload without waiting for the rest", async () => {
      const id = await h.session();
      const { request: raw } = await import("node:http");
      const declared = 40 * 1024 * 1024;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const outgoing = raw(
          `${h.base}/live/sessions/${id}/content`,
          {
            method: "POST",
            headers: {
              "x-user": people.speaker,
              "content-type": "application/pdf",
              "content-length": declared,
            },
          },
          (res) => {
            let body = "";
            res.on("data", (chunk) => {
              body += chunk;
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        outgoing.on("error", reject);
        // Only the head is ever sent: an answer proves the router did not wait for the whole file.
        outgoing.write(pdfHead);
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ kind: "pdf", size: declared });
    });

    it("R-PERM-4: the core's per-kind limit applies to the declared size (413)", async () => {
      const id = await h.session();
      const { request: raw } = await import("node:http");
      const answer = await new Promise<number>((resolve, reject) => {
        const outgoing = raw(
          `${h.base}/live/sessions/${id}/content`,
          {
            method: "POST",
            headers: { "x-user": people.speaker, "content-length": 60 * 1024 * 1024 },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        outgoing.on("error", reject);
        outgoing.write(pdfHead);
      });
      expect(answer).toBe(413);
    });

    it("R-PERM-4: only participants may check content (401 anonymous, 403 others)", async () => {
      const id = await h.session();
      expect((await upload(id, null, pdfHead)).status).toBe(401);
      const stranger = await upload(id, people.stranger, pdfHead);
      expect(stranger.status).toBe(403);
      expect(stranger.body.code).toBe("NOT_A_PARTICIPANT");
      expect((await upload(id, people.moderator, pdfHead)).status).toBe(200);
    });
  });

  describe("preflight", () => {
    const report = {
      role: "speaker",
      page: {
        secureContext: true,
        protocol: "https:",
        hostname: "event.example.com",
        site: "preview",
      },
      webrtc: { supported: true },
      camera: { permission: "granted", count: 1 },
      microphone: { permission: "denied", count: 1 },
      browser: { name: "chrome", version: 130 },
      network: { uploadMbps: 12, udp: "ok", relay: "none" },
    };

    it("R-PRE-6: evaluates a report with the core's rules and localizes the advice", async () => {
      const english = await api().post("/live/preflight").send(report);
      expect(english.status).toBe(200);
      expect(english.body.overall).toBe("blocked");
      expect(english.body.checks.find((c: { id: string }) => c.id === "microphone").verdict).toBe(
        "fail",
      );
      // First comes the denied microphone's help for the report's browser, with its help page.
      expect(english.body.advice[0]).toEqual({
        code: "allow-devices-in-chrome",
        message: expect.any(String),
        helpUrl: "https://support.google.com/chrome/answer/2693767",
      });
      expect(english.body.advice.slice(1)).toContainEqual({
        code: "check-computer-settings",
        message: expect.any(String),
      });
      const french = await api().post("/live/preflight").set("accept-language", "fr").send(report);
      expect(french.headers["content-language"]).toBe("fr");
      expect(french.body.advice.map((a: { code: string }) => a.code)).toEqual(
        english.body.advice.map((a: { code: string }) => a.code),
      );
      expect(french.body.advice[0].message).not.toBe(english.body.advice[0].message);
    });

    it("refuses an invalid report (400 with issues) and a non-JSON one (415)", async () => {
      const invalid = await api()
        .post("/live/preflight")
        .send({ ...report, role: "admin" });
      expect(invalid.status).toBe(400);
      expect(invalid.body.issues[0].path).toBe("role");
      const form = await api().post("/live/preflight").type("form").send("role=speaker");
      expect(form.status).toBe(415);
    });
  });

  describe("provider webhooks", () => {
    const deliver = (delivery: { headers: Readonly<Record<string, string>>; body: string }) =>
      api().post("/live/webhooks/provider").set(delivery.headers).send(delivery.body);

    it("R-SEC-1: acknowledges a verified delivery at once (204), then processes it", async () => {
      const id = await h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      await start(id);
      await h.subject.settle();
      const segment = (await h.service.getSession(id)).live.segments[0]!;
      expect(segment.recordingId).not.toBeNull();
      const before = await h.state(id);
      const delivery = await h.subject.webhooks.recordingStopped(
        grant.connection.roomId,
        segment.recordingId!,
        segment.name,
      );
      const answer = await deliver(delivery);
      expect(answer.status).toBe(204);
      expect(answer.text).toBe("");
      await expect.poll(async () => (await h.state(id)).history).toBeGreaterThan(before.history);
      const stopped = (await h.service.getSession(id)).live.segments[0]!;
      expect(stopped.status).toBe("stopped");
      // A second delivery of the same status is acknowledged and changes nothing (idempotent).
      const settled = await h.state(id);
      expect((await deliver(delivery)).status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await h.state(id)).toEqual(settled);
    });

    it("R-SEC-1: forged, unsigned and stale deliveries are 401 and change nothing", async () => {
      const id = await h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      const before = await h.state(id);
      for (const delivery of [
        await h.subject.webhooks.forged(grant.connection.roomId),
        await h.subject.webhooks.unsigned(grant.connection.roomId),
        await h.subject.webhooks.stale(grant.connection.roomId),
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
      expect(await h.state(id)).toEqual(before);
    });

    it("R-SEC-1: a refused delivery is told it could not be verified, never which check failed", async () => {
      const id = await h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      for (const delivery of [
        await h.subject.webhooks.forged(grant.connection.roomId),
        await h.subject.webhooks.unsigned(grant.connection.roomId),
        await h.subject.webhooks.stale(grant.connection.roomId),
      ]) {
        const answer = await deliver(delivery);
        expect(answer.status).toBe(401);
        expect(answer.body.detail).toBe("The delivery could not be verified.");
      }
    });

    it("R-SEC-1: a signature header sent twice (valid and junk, in either order) is 401 and nothing is processed", async () => {
      const id = await h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      await start(id);
      await h.subject.settle();
      const segment = (await h.service.getSession(id)).live.segments[0]!;
      const delivery = await h.subject.webhooks.recordingStopped(
        grant.connection.roomId,
        segment.recordingId!,
        segment.name,
      );
      const name = h.subject.signatureHeader;
      const valid = delivery.headers[name];
      expect(valid).toEqual(expect.any(String));
      const before = await h.state(id);
      for (const values of [
        [valid!, "junk"],
        ["junk", valid!],
        [valid!, valid!],
      ]) {
        const answer = await postWithRepeatedHeader(
          `${h.base}/live/webhooks/provider`,
          delivery.headers,
          { name, values },
          delivery.body,
        );
        expect(answer.status, values.join(" + ")).toBe(401);
        expect(JSON.parse(answer.body).code).toBe("UNAUTHORIZED");
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await h.state(id)).toEqual(before);
      // The same delivery with its header once is processed: the refusals above were the repeat's.
      expect((await deliver(delivery)).status).toBe(204);
      await expect.poll(async () => (await h.state(id)).history).toBeGreaterThan(before.history);
    });

    it("R-SEC-1: a verified delivery whose body cannot be read is a short 400, and changes nothing", async () => {
      const { logger, logged } = recordingLogger();
      const watched = await harness({ settings: { logger } });
      const id = await watched.session();
      const joined = await request(watched.base)
        .post(`/live/sessions/${id}/join`)
        .set(as(people.speaker))
        .send({});
      const before = await watched.state(id);
      const delivery = await watched.subject.webhooks.malformed(joined.body.connection.roomId);
      const answer = await request(watched.base)
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
      const id = await h.session();
      const { grant } = await joinAndConnect(id, people.speaker);
      await h.subject.settle();
      const delivery = await h.subject.webhooks.connectionCreated(
        grant.connection.roomId,
        "c_late",
      );
      const before = await h.state(id);
      await h.router.close();
      const answer = await deliver(delivery);
      expect(answer.status).toBe(503);
      expect(answer.headers["content-type"]).toMatch(problemType);
      expect(answer.headers["retry-after"]).toBe("5");
      expect(answer.body).toMatchObject({ code: "SERVICE_UNAVAILABLE", retriable: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await h.state(id)).toEqual(before);
    });

    it("R-SEC-1: events for unknown rooms are acknowledged and ignored", async () => {
      const answer = await deliver(
        await h.subject.webhooks.connectionCreated("room_unknown", "c_1"),
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
      const joined = await request(failing.base)
        .post(`/live/sessions/${id}/join`)
        .set(as(people.speaker))
        .send({});
      const delivery = await failing.subject.webhooks.connectionCreated(
        joined.body.connection.roomId,
        "c_x",
      );
      const answer = await request(failing.base)
        .post("/live/webhooks/provider")
        .set(delivery.headers)
        .send(delivery.body);
      expect(answer.status).toBe(204);
      await expect.poll(() => logged.length).toBeGreaterThan(0);
    });
  });

  describe("errors", () => {
    it("R-SEC-2: an unexpected failure is a generic 500 problem, logged without request secrets", async () => {
      const logged: Record<string, unknown>[] = [];
      const broken = await harness({
        wrapService: (service: LiveService) => ({
          ...service,
          getSession: async () => {
            throw new Error("connect ECONNREFUSED password=hunter2");
          },
        }),
        settings: {
          logger: {
            debug() {},
            info() {},
            warn() {},
            error: (obj: unknown) => void logged.push(obj as Record<string, unknown>),
          },
        },
      });
      const answer = await request(broken.base)
        .get("/live/sessions/ses_1")
        .set(as(people.admin))
        .set("cookie", "platform_session=secret-cookie");
      expect(answer.status).toBe(500);
      expect(answer.headers["content-type"]).toMatch(problemType);
      expect(answer.body).toEqual({
        type: "urn:onair:problem:internal-error",
        code: "INTERNAL_ERROR",
        title: "Internal error",
        status: 500,
        detail: "An unexpected error occurred.",
        retriable: false,
      });
      expect(logged).toHaveLength(1);
      expect(JSON.stringify(logged[0])).not.toContain("secret-cookie");
      expect(JSON.stringify(logged[0])).not.toContain(people.admin);
      expect(logged[0]).toMatchObject({ status: 500, route: "/live/sessions/:id" });
    });

    it("R-SEC-2: a malformed percent-encoded path parameter is a 400 problem, not an error log", async () => {
      const { logger, logged } = recordingLogger();
      const watched = await harness({ settings: { logger } });
      const id = await watched.session();
      const answers = [
        await request(watched.base).get("/live/sessions/%E0%A4%A/audience"),
        await request(watched.base).get("/live/sessions/%ZZ").set(as(people.admin)),
        await request(watched.base).get("/live/sessions/%ZZ/events"),
        await request(watched.base)
          .post("/live/sessions/%E0%A4%A/live/start")
          .set(as(people.moderator))
          .send({}),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.headers["content-type"]).toMatch(problemType);
        expect(answer.body.code).toBe("INVALID_INPUT");
        expect(answer.text).not.toContain("%E0");
      }
      expect(logged.error).toEqual([]);
      expect((await request(watched.base).get(`/live/sessions/${id}/audience`)).status).toBe(200);
    });

    it("leaves unknown paths to the host app", async () => {
      expect((await api().get("/live/nowhere")).status).toBe(404);
      expect((await api().get("/live/nowhere")).headers["content-type"] ?? "").not.toMatch(
        problemType,
      );
    });
  });

  describe("live updates (SSE)", () => {
    const viewer = (sessionId: string, headers: Record<string, string> = {}) =>
      openSse(`${h.base}/live/sessions/${sessionId}/events`, headers);
    const views = (events: { data: string }[]) =>
      events.map((event) => JSON.parse(event.data) as AudienceView);

    it("sends the snapshot, then the change when the live stops", async () => {
      const id = await h.session();
      await joinAndConnect(id, people.moderator);
      await start(id);
      await h.subject.settle();
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
      const id = await h.session();
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
      const id = await h.session();
      const client = await viewer(id);
      await client.until((c) => c.events.length === 1);
      const presence = async () =>
        (await api().get(`/live/sessions/${id}/presence`).set(as(people.moderator))).body.audience;
      await expect.poll(presence).toBe(1);
      h.ticks.tick();
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
          openSse(`${counted.base}/live/sessions/${i % 3 === 0 ? b : a}/events`),
        ),
      );
      await Promise.all(clients.map((client) => client.until((c) => c.events.length === 1)));
      expect(subscriptions).toBe(2);
      expect(counted.router.viewerCount).toBe(30);
      expect(counted.router.subscribedSessions).toBe(2);
      await request(counted.base)
        .post(`/live/sessions/${a}/live/start`)
        .set(as(people.moderator))
        .send({});
      await Promise.all(
        clients.map((client, i) =>
          client.until((c) => i % 3 === 0 || views(c.events).some((v) => v.phase === "live")),
        ),
      );
      for (const client of clients) client.close();
      await expect.poll(() => counted.router.viewerCount).toBe(0);
      expect(counted.router.subscribedSessions).toBe(0);
      expect(active).toBe(0);
      expect(counted.ticks.active).toBe(0);
    });

    it("answers HEAD without opening a stream", async () => {
      const id = await h.session();
      const head = await api().head(`/live/sessions/${id}/events`);
      expect(head.status).toBe(200);
      expect(head.headers["content-type"]).toMatch(/^text\/event-stream/);
      expect(h.router.viewerCount).toBe(0);
      const draft = await h.session({ draft: true });
      expect((await api().head(`/live/sessions/${draft}/events`)).status).toBe(404);
    });

    it("R-SEC-2: caps the streams a caller keeps open (429 with Retry-After), and all streams (503)", async () => {
      const capped = await harness({
        settings: { sse: { maxStreamsPerAddress: 2, maxStreamsPerCaller: 1, maxStreams: 3 } },
      });
      const id = await capped.session();
      const url = `${capped.base}/live/sessions/${id}/events`;
      const anonymous = [await openSse(url), await openSse(url)];
      for (const client of anonymous) expect(client.status).toBe(200);
      const third = await openSse(url);
      expect(third.status).toBe(429);
      expect(third.headers["content-type"]).toMatch(problemType);
      expect(third.headers["retry-after"]).toBe("10");
      await third.ended;
      expect(JSON.parse(third.text())).toMatchObject({ code: "RATE_LIMITED", retriable: true });
      // A signed-in person has their own count.
      const attendee = await openSse(url, as(people.attendee));
      expect(attendee.status).toBe(200);
      expect((await openSse(url, as(people.attendee))).status).toBe(429);
      // The router's total: three streams are open.
      const full = await openSse(url, as(people.stranger));
      expect(full.status).toBe(503);
      expect(full.headers["retry-after"]).toBe("10");
      await full.ended;
      expect(JSON.parse(full.text())).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        retriable: true,
      });
      expect(capped.router.viewerCount).toBe(3);
      // A stream that ends frees its place.
      anonymous[0]!.close();
      await expect
        .poll(async () => {
          const next = await openSse(url);
          next.close();
          return next.status;
        })
        .toBe(200);
      for (const client of [...anonymous, attendee]) client.close();
    });

    it("refuses new streams after close() (503 with Retry-After) and never restarts the heartbeat", async () => {
      const id = await h.session();
      const before = await viewer(id);
      await before.until((c) => c.events.length === 1);
      expect(h.ticks.active).toBe(1);
      await h.router.close();
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
      expect(h.router.viewerCount).toBe(0);
      expect(h.router.subscribedSessions).toBe(0);
      expect(h.ticks.active).toBe(0);
    });

    it("R-SEC-2: SSE connections are rate-limited per client (429 with Retry-After)", async () => {
      const limited = await harness({
        settings: { rateLimits: { events: { capacity: 1, refillPerSecond: 0.2 } } },
      });
      const id = await limited.session();
      const first = await openSse(`${limited.base}/live/sessions/${id}/events`);
      expect(first.status).toBe(200);
      const second = await openSse(`${limited.base}/live/sessions/${id}/events`);
      expect(second.status).toBe(429);
      expect(second.headers["retry-after"]).toBe("5");
      first.close();
    });
  });
}
