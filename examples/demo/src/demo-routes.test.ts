// The demo's own routes: the sign-in that `identify` trusts, and the simulated clients.
import type { TestClock } from "@onair/testing";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identityCookie } from "./demo-identity.js";
import { type DemoServer, startDemoServer } from "./test-support/demo-server.js";

const problemType = "application/problem+json; charset=utf-8";

describe("demo sign-in", () => {
  let demo: DemoServer;

  beforeEach(async () => {
    demo = await startDemoServer();
  });
  afterEach(() => demo.close());

  it("signs in with a normalized email in an HttpOnly cookie, and out again", async () => {
    const browser = request.agent(demo.base);
    const signedIn = await browser
      .post("/demo/sign-in")
      .send({ email: "  Lea@Example.COM " })
      .expect(200);
    expect(signedIn.body).toEqual({ email: "lea@example.com" });
    const cookie = String(signedIn.headers["set-cookie"]);
    expect(cookie).toContain(`${identityCookie}=`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");

    const me = await browser.get("/demo/me").expect(200);
    expect(me.body.user).toMatchObject({ email: "lea@example.com", name: "Léa", admin: false });
    expect(me.body.people.map((p: { kind: string }) => p.kind)).toEqual([
      "admin",
      "moderator",
      "speaker",
      "attendee",
      "stranger",
    ]);

    await browser.post("/demo/sign-out").send({}).expect(204);
    expect((await browser.get("/demo/me").expect(200)).body.user).toBeNull();
  });

  it("refuses a malformed email and a non-JSON sign-in, as problems", async () => {
    const malformed = await request(demo.base)
      .post("/demo/sign-in")
      .send({ email: "lea@" })
      .expect(400);
    expect(malformed.headers["content-type"]).toBe(problemType);
    expect(malformed.body).toMatchObject({
      code: "INVALID_INPUT",
      issues: [{ path: "email", message: "Expected an email address." }],
    });
    // A cross-site form cannot sign someone in (or out).
    const form = await request(demo.base)
      .post("/demo/sign-in")
      .type("form")
      .send("email=admin@example.com")
      .expect(415);
    expect(form.body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(form.headers["set-cookie"]).toBeUndefined();
  });

  it("treats an edited cookie as nobody: the back office refuses it", async () => {
    const signedIn = await request(demo.base)
      .post("/demo/sign-in")
      .send({ email: "lea@example.com" })
      .expect(200);
    const value = new RegExp(`${identityCookie}=([^;]+)`).exec(
      String(signedIn.headers["set-cookie"]),
    )?.[1];
    expect(value).toBeDefined();
    const genuine = await request(demo.base)
      .get("/demo/me")
      .set("cookie", `${identityCookie}=${value}`)
      .expect(200);
    expect(genuine.body.user.email).toBe("lea@example.com");

    // Léa's signature on Ada's email: the admin's identity cannot be made up in the browser.
    const signature = value?.split(".")[1];
    const forged = `${Buffer.from("admin@example.com").toString("base64url")}.${signature}`;
    const refused = await request(demo.base)
      .post("/api/sessions")
      .set("cookie", `${identityCookie}=${forged}`)
      .send({
        title: "Forged",
        startsAt: "2026-06-01T09:00:00Z",
        endsAt: "2026-06-01T10:00:00Z",
        timeZone: "Europe/Paris",
      })
      .expect(401);
    expect(refused.body.code).toBe("UNAUTHORIZED");
    const me = await request(demo.base)
      .get("/demo/me")
      .set("cookie", `${identityCookie}=${forged}`)
      .expect(200);
    expect(me.body.user).toBeNull();
  });
});

describe("simulated clients", () => {
  let demo: DemoServer;
  let sessionId: string;

  beforeEach(async () => {
    demo = await startDemoServer();
    const session = await demo.demo.service.createSession({
      title: "Opening keynote",
      startsAt: "2026-06-01T09:00:00Z",
      endsAt: "2026-06-01T10:00:00Z",
      timeZone: "Europe/Paris",
      participants: [
        { email: "lea@example.com", role: "moderator" },
        { email: "sam@example.com", role: "speaker" },
      ],
    });
    sessionId = (await demo.demo.service.publishSession(session.id)).id;
  });
  afterEach(() => demo.close());

  it("are only for the session's signed-in participants", async () => {
    const anonymous = await request(demo.base).get(`/demo/sessions/${sessionId}/room`).expect(401);
    expect(anonymous.headers["content-type"]).toBe(problemType);
    expect(anonymous.body.code).toBe("UNAUTHORIZED");
    const eve = await demo.as("eve@example.com");
    const stranger = await eve.get(`/demo/sessions/${sessionId}/room`).expect(403);
    expect(stranger.body.code).toBe("NOT_A_PARTICIPANT");
    const unknown = await eve.get("/demo/sessions/ses_nope/room").expect(404);
    expect(unknown.body.code).toBe("SESSION_NOT_FOUND");
  });

  it("connect with the grant's token only while it is valid (R-PERM-5)", async () => {
    const sam = await demo.as("sam@example.com");
    const grant = (await sam.post(`/api/sessions/${sessionId}/join`).send({}).expect(200)).body;
    const garbage = await sam
      .post(`/demo/sessions/${sessionId}/client/connect`)
      .send({ token: "not-a-token" })
      .expect(400);
    expect(garbage.body.code).toBe("INVALID_INPUT");

    (demo.provider.clock as TestClock).advance(5 * 60_000 + 1);
    const expired = await sam
      .post(`/demo/sessions/${sessionId}/client/connect`)
      .send({ token: grant.connection.token })
      .expect(401);
    expect(expired.body.code).toBe("UNAUTHORIZED");
    expect(demo.provider.connections(grant.connection.roomId)).toEqual([]);

    const fresh = (await sam.post(`/api/sessions/${sessionId}/join`).send({}).expect(200)).body;
    const room = await sam
      .post(`/demo/sessions/${sessionId}/client/connect`)
      .send({ token: fresh.connection.token })
      .expect(200);
    expect(room.body.client.connectionId).toBe(
      demo.provider.connections(grant.connection.roomId)[0]?.connectionId,
    );
  });

  it("publish, unpublish and leave for the signed-in user only", async () => {
    const sam = await demo.as("sam@example.com");
    const lea = await demo.as("lea@example.com");
    const notConnected = await sam
      .post(`/demo/sessions/${sessionId}/client/publish`)
      .send({ videoType: "camera" })
      .expect(400);
    expect(notConnected.body.code).toBe("INVALID_INPUT");

    const grant = (await sam.post(`/api/sessions/${sessionId}/join`).send({}).expect(200)).body;
    const connected = await sam
      .post(`/demo/sessions/${sessionId}/client/connect`)
      .send({ token: grant.connection.token })
      .expect(200);
    const screen = await sam
      .post(`/demo/sessions/${sessionId}/client/publish`)
      .send({ videoType: "screen" })
      .expect(200);
    const streamId: string = screen.body.client.streams[0].streamId;
    const badType = await sam
      .post(`/demo/sessions/${sessionId}/client/publish`)
      .send({ videoType: "hologram" })
      .expect(400);
    expect(badType.body.issues).toEqual([
      { path: "videoType", message: 'Expected "camera" or "screen".' },
    ]);

    // Léa sees Sam's screen in the room, but cannot stop it: it is not her stream.
    const leaRoom = await lea.get(`/demo/sessions/${sessionId}/room`).expect(200);
    expect(leaRoom.body.streams).toEqual([
      { streamId, videoType: "screen", publisher: "Sam", mine: false },
    ]);
    expect(leaRoom.body.client).toBeNull();
    await lea.post(`/demo/sessions/${sessionId}/client/unpublish`).send({ streamId }).expect(400);

    const unpublished = await sam
      .post(`/demo/sessions/${sessionId}/client/unpublish`)
      .send({ streamId })
      .expect(200);
    expect(unpublished.body.streams).toEqual([]);
    const left = await sam
      .post(`/demo/sessions/${sessionId}/client/leave`)
      .send({ connectionId: connected.body.client.connectionId })
      .expect(200);
    expect(left.body.client).toBeNull();
    expect(demo.provider.connections(grant.connection.roomId)).toEqual([]);
  });

  it("take over: a second connection of the same person drops the first (R-PERM-6)", async () => {
    const sam = await demo.as("sam@example.com");
    const first = (await sam.post(`/api/sessions/${sessionId}/join`).send({}).expect(200)).body;
    const one = await sam
      .post(`/demo/sessions/${sessionId}/client/connect`)
      .send({ token: first.connection.token })
      .expect(200);
    const second = (await sam.post(`/api/sessions/${sessionId}/join`).send({}).expect(200)).body;
    const two = await sam
      .post(`/demo/sessions/${sessionId}/client/connect`)
      .send({ token: second.connection.token })
      .expect(200);
    expect(two.body.client.connectionId).not.toBe(one.body.client.connectionId);
    expect(demo.provider.connections(first.connection.roomId).map((c) => c.connectionId)).toEqual([
      two.body.client.connectionId,
    ]);
  });

  it("R-PERM-6: a leave ends only the connection it names: a reloaded tab's late leave never ends the new tab's connection", async () => {
    const lea = await demo.as("lea@example.com");
    const connect = async () => {
      const grant = (await lea.post(`/api/sessions/${sessionId}/join`).send({}).expect(200)).body;
      const room = await lea
        .post(`/demo/sessions/${sessionId}/client/connect`)
        .send({ token: grant.connection.token })
        .expect(200);
      return { roomId: grant.connection.roomId as string, id: room.body.client.connectionId };
    };
    const leave = (connectionId: unknown, as = lea) =>
      as.post(`/demo/sessions/${sessionId}/client/leave`).send({ connectionId });
    const connectionsIn = (roomId: string) =>
      demo.provider.connections(roomId).map((connection) => connection.connectionId);

    // The reload: the new page connects before the old page's leave reaches the server.
    const old = await connect();
    const reloaded = await connect();
    expect(connectionsIn(old.roomId)).toEqual([reloaded.id]);
    const late = await leave(old.id).expect(200);
    expect(late.body.client).toEqual({ connectionId: reloaded.id, streams: [] });
    expect(connectionsIn(old.roomId)).toEqual([reloaded.id]);

    // Someone else naming it, an unknown id, or no id at all: nothing ends.
    const sam = await demo.as("sam@example.com");
    await leave(reloaded.id, sam).expect(200);
    await leave("con_unknown").expect(200);
    const unnamed = await lea.post(`/demo/sessions/${sessionId}/client/leave`).send({}).expect(400);
    expect(unnamed.body.issues).toEqual([
      { path: "connectionId", message: "Expected the id of the connection your client opened." },
    ]);
    expect(connectionsIn(old.roomId)).toEqual([reloaded.id]);

    // In the usual order the old page's leave arrives first and ends the old connection only.
    const left = await leave(reloaded.id).expect(200);
    expect(left.body.client).toBeNull();
    expect(connectionsIn(old.roomId)).toEqual([]);
    const next = await connect();
    await leave(reloaded.id).expect(200); // a repeated leave of an ended connection
    expect(connectionsIn(old.roomId)).toEqual([next.id]);
  });
});

describe("demo media signalling", () => {
  let demo: DemoServer;

  beforeEach(async () => {
    demo = await startDemoServer();
  });
  afterEach(() => demo.close());

  it("a signal for a stream whose owner is away is answered 'not delivered', not as an error", async () => {
    const answer = await request(demo.base)
      .post("/demo/media/ses_any/signal")
      .send({ kind: "want", from: "viewer0001", streamId: "stream-1" })
      .expect(200);
    expect(answer.body).toEqual({ delivered: false });
  });

  it("a malformed signal is still refused", async () => {
    await request(demo.base)
      .post("/demo/media/ses_any/signal")
      .send({ kind: "shout", from: "viewer0001", streamId: "stream-1" })
      .expect(400);
  });
});
