// The demo's whole story through HTTP, as its pages drive it: the back office prepares a session,
// people join the control room, the moderator goes live and stops, the event page follows, and
// the replay becomes available once the mock provider has processed the recording.
import type { AudienceView } from "@onair/core";
import type { TestClock } from "@onair/testing";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "./test-support/demo-server.js";
import { openEventStream } from "./test-support/event-stream.js";

const problemType = "application/problem+json; charset=utf-8";
const admin = "admin@example.com";
const lea = "lea@example.com";
const sam = "sam@example.com";
const eve = "eve@example.com";

describe("the demo's live session, through HTTP", () => {
  let demo: DemoServer;

  beforeEach(async () => {
    demo = await startDemoServer();
  });
  afterEach(() => demo.close());

  it("goes from the back office to the replay, each role allowed only what the SPEC gives it", async () => {
    const clock = demo.provider.clock as TestClock;
    const backOffice = await demo.as(admin);
    const moderator = await demo.as(lea);
    const speaker = await demo.as(sam);
    const stranger = await demo.as(eve);

    // The back office: only the admin may use it (R-PERM-1 is the service's; this is the host's hook).
    const draft = {
      title: "Product launch",
      room: "Studio 1",
      startsAt: "2026-06-01T09:00:00Z",
      endsAt: "2026-06-01T10:00:00Z",
      timeZone: "Europe/Paris",
      participants: [{ email: sam, role: "speaker" }],
    };
    await request(demo.base).post("/api/sessions").send(draft).expect(401);
    const refused = await moderator.post("/api/sessions").send(draft).expect(403);
    expect(refused.headers["content-type"]).toBe(problemType);
    expect(refused.body.code).toBe("FORBIDDEN");
    const created = await backOffice.post("/api/sessions").send(draft).expect(201);
    const id: string = created.body.id;
    expect(created.body.status).toBe("draft");

    // R-SES-3: publishing without a moderator is refused, with advice the page shows inline.
    const noModerator = await backOffice.post(`/api/sessions/${id}/publish`).send({}).expect(409);
    expect(noModerator.headers["content-type"]).toBe(problemType);
    expect(noModerator.body.code).toBe("NO_MODERATOR");
    expect(noModerator.body.advice.map((a: { code: string }) => a.code)).toContain("add-moderator");
    await backOffice
      .post(`/api/sessions/${id}/participants`)
      .send({ email: lea, role: "moderator" })
      .expect(200);
    const published = await backOffice.post(`/api/sessions/${id}/publish`).send({}).expect(200);
    expect(published.body.status).toBe("published");

    // The home page lists it, with each person's roles for the control-room link.
    const listed = await moderator.get("/demo/sessions").expect(200);
    expect(listed.body).toContainEqual(
      expect.objectContaining({
        id,
        status: "published",
        phase: "scheduled",
        myRoles: ["moderator"],
      }),
    );

    // The event page's stream, for an anonymous attendee.
    const events = await openEventStream<AudienceView>(`${demo.base}/api/sessions/${id}/events`);
    expect(events.contentType).toBe("text/event-stream; charset=utf-8");
    await events.until((view) => view.screen === "waiting");

    // R-PERM-2: a stranger is refused the control room, wrong email first in the advice.
    const notParticipant = await stranger.post(`/api/sessions/${id}/join`).send({}).expect(403);
    expect(notParticipant.body.code).toBe("NOT_A_PARTICIPANT");
    expect(notParticipant.body.advice[0].code).toBe("same-email-as-back-office");

    // Identity comes from the sign-in cookie only: an email in the body is refused, not used.
    const bodyEmail = await speaker
      .post(`/api/sessions/${id}/join`)
      .send({ email: lea })
      .expect(400);
    expect(bodyEmail.body.code).toBe("INVALID_INPUT");

    // R-PERM-1, R-PERM-3: the speaker enters backstage, camera off, with a publisher token.
    const samGrant = (await speaker.post(`/api/sessions/${id}/join`).send({}).expect(200)).body;
    expect(samGrant).toMatchObject({
      role: "speaker",
      providerRole: "publisher",
      camera: "off",
      onStage: false,
    });
    expect(samGrant.capabilities).not.toContain("live:start");

    // The simulated client connects with the grant's token and turns the camera on.
    await speaker
      .post(`/demo/sessions/${id}/client/connect`)
      .send({ token: samGrant.connection.token })
      .expect(200);
    const samRoom = await speaker
      .post(`/demo/sessions/${id}/client/publish`)
      .send({ videoType: "camera" })
      .expect(200);
    const samCamera: string = samRoom.body.client.streams[0].streamId;
    expect(samRoom.body.client.streams).toEqual([{ streamId: samCamera, videoType: "camera" }]);

    // R-LIFE-1: a speaker cannot start the live; the server says so even though the page hides it.
    const speakerStart = await speaker.post(`/api/sessions/${id}/live/start`).send({}).expect(403);
    expect(speakerStart.headers["content-type"]).toBe(problemType);
    expect(speakerStart.body.code).toBe("FORBIDDEN");

    // The moderator joins, connects and starts.
    const leaGrant = (await moderator.post(`/api/sessions/${id}/join`).send({}).expect(200)).body;
    expect(leaGrant).toMatchObject({ role: "moderator", providerRole: "moderator", camera: "off" });
    await moderator
      .post(`/demo/sessions/${id}/client/connect`)
      .send({ token: leaGrant.connection.token })
      .expect(200);
    const started = await moderator.post(`/api/sessions/${id}/live/start`).send({}).expect(200);
    expect(started.body.phase).toBe("live");
    const live = await events.until((view) => view.screen === "live" && view.hlsUrl !== null);
    expect(live.hlsUrl).toMatch(/^https:\/\/mock-hls\.invalid\//);
    expect(live.holdingSlate).toBe(true); // R-STAGE-1: nobody is on stage yet

    // The stage: the moderator sees Sam's camera and puts it on screen; Sam may not.
    const room = await moderator.get(`/demo/sessions/${id}/room`).expect(200);
    expect(room.body.streams).toEqual([
      { streamId: samCamera, videoType: "camera", publisher: "Sam", mine: false },
    ]);
    const stage = { streamIds: [samCamera], layout: "grid" };
    expect((await speaker.put(`/api/sessions/${id}/stage`).send(stage).expect(403)).body.code).toBe(
      "FORBIDDEN",
    );
    const staged = await moderator.put(`/api/sessions/${id}/stage`).send(stage).expect(200);
    expect(staged.body.stage).toEqual({
      streamIds: [samCamera],
      layout: "grid",
      focusStreamId: null,
    });
    await events.until((view) => view.screen === "live" && !view.holdingSlate);

    // Presence, for moderators only: people by role.
    const presence = await moderator.get(`/api/sessions/${id}/presence`).expect(200);
    expect(presence.body).toMatchObject({ moderators: 1, speakers: 1 });
    await speaker.get(`/api/sessions/${id}/presence`).expect(403);

    // R-LIFE-2: only the moderator stops; stopping is final.
    await speaker.post(`/api/sessions/${id}/live/stop`).send({}).expect(403);
    const stopped = await moderator.post(`/api/sessions/${id}/live/stop`).send({}).expect(200);
    expect(stopped.body).toMatchObject({ phase: "ended", replay: "processing" });
    await events.until((view) => view.screen === "replay-processing");
    const notReady = await request(demo.base).get(`/api/sessions/${id}/replay`).expect(409);
    expect(notReady.body.code).toBe("REPLAY_NOT_READY");
    const again = await moderator.post(`/api/sessions/${id}/live/start`).send({}).expect(409);
    expect(again.body.code).toBe("LIVE_ENDED");

    // R-LIFE-4, R-LIFE-7: after the mock's processing time the replay is served by a fresh link.
    clock.advance(30_000);
    await demo.provider.settle();
    const replay = await events.until((view) => view.screen === "replay");
    expect(replay.replayPath).not.toBeNull();
    const redirect = await request(demo.base)
      .get(`/api/sessions/${id}/replay`)
      .set("accept", "text/html")
      .expect(302);
    expect(redirect.headers.location).toMatch(/^https:\/\/mock-recordings\.invalid\/.+\.mp4\?/);
    events.close();
    // A normal live, from start to replay, logs no warning and no error.
    expect(demo.warnings).toEqual([]);
  });

  it("serves every page as UTF-8 HTML, and every script and stylesheet they load", async () => {
    for (const path of ["/", "/backoffice", "/sessions/ses_1/control", "/sessions/ses_1"]) {
      const page = await request(demo.base).get(path).expect(200);
      expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(page.text).toMatch(/^<!doctype html>\s*<html lang="en">/);
      expect(page.text).toContain('<meta charset="utf-8" />');
      const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThanOrEqual(2);
      for (const asset of assets) {
        const file = await request(demo.base).get(asset!).expect(200);
        expect(file.headers["content-type"]).toMatch(/^text\/(javascript|css); charset=utf-8$/);
      }
    }
    // Scripts import each other by relative path under /assets: those must exist too.
    const control = await request(demo.base).get("/assets/control.js").expect(200);
    for (const [, name] of control.text.matchAll(/from\s*"\.\/([^"]+)"/g)) {
      await request(demo.base).get(`/assets/${name}`).expect(200);
    }
    const missing = await request(demo.base).get("/nowhere").expect(404);
    expect(missing.headers["content-type"]).toBe("text/html; charset=utf-8");
    await request(demo.base).get("/assets/..%2Fdemo-routes.ts").expect(404);
  });

  it("shows an attendee nothing of a draft (R-AUD-2)", async () => {
    const backOffice = await demo.as(admin);
    const created = await backOffice
      .post("/api/sessions")
      .send({
        title: "Rehearsal",
        startsAt: "2026-06-01T09:00:00Z",
        endsAt: "2026-06-01T10:00:00Z",
        timeZone: "Europe/Paris",
        participants: [{ email: lea, role: "moderator" }],
      })
      .expect(201);
    const id: string = created.body.id;
    const audience = await request(demo.base).get(`/api/sessions/${id}/audience`).expect(404);
    expect(audience.headers["content-type"]).toBe(problemType);
    expect(audience.body.code).toBe("SESSION_NOT_FOUND");
    // The programme lists drafts to the back office only.
    expect(
      (await backOffice.get("/demo/sessions").expect(200)).body.map((s: { id: string }) => s.id),
    ).toContain(id);
    const moderator = await demo.as(lea);
    expect((await moderator.get("/demo/sessions").expect(200)).body).toEqual([]);
  });
});
