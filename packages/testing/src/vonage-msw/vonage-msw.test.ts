// The emulated Vonage Video API answers like the real one: authentication, body rules, 404 and
// 409 cases, state and callbacks, signed deliveries, and the faults a test asks for.
import { createHash, createHmac, randomUUID, sign } from "node:crypto";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestClock } from "../test-clock.js";
import { ClientTokenError, createVonageMsw, createVonageTestCredentials } from "./index.js";

const credentials = createVonageTestCredentials();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const host = "https://video.api.vonage.com";
const project = `${host}/v2/project/${credentials.applicationId}`;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A request token as the SDK makes it (claims overridable to test refusals). */
function requestJwt(claims: Record<string, unknown> = {}, privateKey = credentials.privateKey) {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({
    application_id: credentials.applicationId,
    iat: now,
    exp: now + 900,
    jti: randomUUID(),
    ...claims,
  })}`;
  return `${body}.${sign("sha256", Buffer.from(body), privateKey).toString("base64url")}`;
}

function setup() {
  const clock = createTestClock();
  const vonage = createVonageMsw({
    applicationId: credentials.applicationId,
    privateKey: credentials.privateKey,
    signatureSecret: credentials.signatureSecret,
    clock,
  });
  server.resetHandlers(...vonage.handlers);
  const call = async (
    method: string,
    url: string,
    body?: unknown,
    init: { authorization?: string | null; form?: boolean } = {},
  ) => {
    const headers: Record<string, string> = {};
    const authorization =
      init.authorization === undefined ? `Bearer ${requestJwt()}` : init.authorization;
    if (authorization !== null) headers.authorization = authorization;
    let payload: string | undefined;
    if (body !== undefined) {
      headers["content-type"] = init.form
        ? "application/x-www-form-urlencoded"
        : "application/json";
      payload = init.form
        ? new URLSearchParams(body as Record<string, string>).toString()
        : JSON.stringify(body);
    }
    const response = await fetch(url, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    return { status: response.status, json: text === "" ? null : JSON.parse(text) };
  };
  const session = async (form: Record<string, string> = { "p2p.preference": "disabled" }) => {
    const created = await call("POST", `${host}/session/create`, form, { form: true });
    expect(created.status).toBe(200);
    return created.json[0].session_id as string;
  };
  const busySession = async () => {
    const id = await session();
    const connection = vonage.state.connect(id, { data: "pk_1" });
    const stream = vonage.state.publish(connection.id);
    return { id, connection, stream };
  };
  const archive = async (sessionId: string, extra: Record<string, unknown> = {}) =>
    call("POST", `${project}/archive`, { sessionId, streamMode: "manual", ...extra });
  return { vonage, clock, call, session, busySession, archive };
}

describe("authentication", () => {
  // Vonage answers 403 to every failed authentication, never 401.
  it("refuses requests without a valid RS256 token of the application with 403", async () => {
    const { call } = setup();
    const url = `${host}/session/create`;
    const form = { form: true } as const;
    const body = { "p2p.preference": "disabled" };
    expect((await call("POST", url, body, { ...form, authorization: null })).status).toBe(403);
    expect((await call("POST", url, body, { ...form, authorization: "Basic abc" })).status).toBe(
      403,
    );
    const stranger = createVonageTestCredentials({ modulusLength: 1024 });
    const forged = `Bearer ${requestJwt({}, stranger.privateKey)}`;
    expect((await call("POST", url, body, { ...form, authorization: forged })).status).toBe(403);
    const expired = `Bearer ${requestJwt({ exp: Math.floor(Date.now() / 1000) - 1 })}`;
    expect((await call("POST", url, body, { ...form, authorization: expired })).status).toBe(403);
    const otherApp = `Bearer ${requestJwt({ application_id: "another-app" })}`;
    expect((await call("POST", url, body, { ...form, authorization: otherApp })).status).toBe(403);
    expect((await call("POST", url, body, form)).status).toBe(200);
  });

  it("refuses a path naming another project", async () => {
    const { call } = setup();
    const response = await call("GET", `${host}/v2/project/another-app/archive`);
    expect(response.status).toBe(403);
  });
});

describe("sessions", () => {
  it("creates sessions from a form and answers a JSON array", async () => {
    const { call, vonage } = setup();
    const created = await call(
      "POST",
      `${host}/session/create`,
      { archiveMode: "manual", location: "null", "p2p.preference": "disabled" },
      { form: true },
    );
    expect(created.json).toEqual([
      expect.objectContaining({
        session_id: expect.stringMatching(/^2_MX4/),
        project_id: credentials.applicationId,
      }),
    ]);
    expect(vonage.state.sessions.get(created.json[0].session_id)).toMatchObject({
      mediaMode: "routed",
      archiveMode: "manual",
      location: null,
    });
    const bad = await call(
      "POST",
      `${host}/session/create`,
      { "p2p.preference": "maybe" },
      { form: true },
    );
    expect(bad.status).toBe(400);
    const alwaysRelayed = await call(
      "POST",
      `${host}/session/create`,
      { archiveMode: "always", "p2p.preference": "enabled" },
      { form: true },
    );
    expect(alwaysRelayed.status).toBe(400);
  });
});

describe("archives", () => {
  it("starts, lists, stops, processes, gets and deletes an archive with its callbacks", async () => {
    const { vonage, call, busySession, archive, clock } = setup();
    const { id: sessionId, stream } = await busySession();
    const started = await archive(sessionId, { name: "seg-0", layout: { type: "bestFit" } });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({
      status: "started",
      name: "seg-0",
      sessionId,
      url: null,
      streams: [],
    });
    const id = started.json.id as string;
    expect(
      (await call("PATCH", `${project}/archive/${id}/streams`, { addStream: stream.id })).status,
    ).toBe(204);
    clock.advance(30_000);
    const stopped = await call("POST", `${project}/archive/${id}/stop`);
    expect(stopped.json).toMatchObject({
      status: "stopped",
      reason: "user initiated",
      duration: 30,
    });
    expect((await call("POST", `${project}/archive/${id}/stop`)).status).toBe(409);
    vonage.state.finishArchive(id);
    const got = await call("GET", `${project}/archive/${id}`);
    expect(got.json.url).toMatch(/^https:\/\/.+Expires=/);
    const listed = await call(
      "GET",
      `${project}/archive?sessionId=${encodeURIComponent(sessionId)}`,
    );
    expect(listed.json).toMatchObject({ count: 1, items: [expect.objectContaining({ id })] });
    expect((await call("DELETE", `${project}/archive/${id}`)).status).toBe(204);
    expect(vonage.state.archives.get(id)?.status).toBe("deleted");
    expect(
      vonage.state.callbacks.filter((c) => c.event === "archive").map((c) => c.status),
    ).toEqual(["started", "stopped", "available"]);
  });

  it("answers 404 for unknown ids and sessions, and when nobody is connected", async () => {
    const { call, session, archive } = setup();
    expect((await call("GET", `${project}/archive/nope`)).status).toBe(404);
    expect((await call("POST", `${project}/archive/nope/stop`)).status).toBe(404);
    expect((await call("DELETE", `${project}/archive/nope`)).status).toBe(404);
    expect((await archive("2_MX4unknown")).status).toBe(404);
    expect((await archive(await session())).status).toBe(404);
  });

  it("answers 409 when the session is already recorded, relayed, or the archive still records", async () => {
    const { vonage, call, session, busySession, archive } = setup();
    const { id: sessionId } = await busySession();
    const first = await archive(sessionId);
    expect((await archive(sessionId)).status).toBe(409);
    expect((await call("DELETE", `${project}/archive/${first.json.id}`)).status).toBe(409);
    const relayed = await session({ "p2p.preference": "enabled" });
    vonage.state.connect(relayed);
    expect((await archive(relayed)).status).toBe(409);
  });

  it("R-DATA-1: answers 409 to deleting an archive that is not available or uploaded yet, as Vonage does", async () => {
    const { vonage, call, busySession, archive } = setup();
    const { id: sessionId } = await busySession();
    const id = (await archive(sessionId)).json.id as string;
    await call("POST", `${project}/archive/${id}/stop`);
    // Stopped means Vonage is still making the file: deleting it now is refused.
    expect((await call("DELETE", `${project}/archive/${id}`)).status).toBe(409);
    expect(vonage.state.archives.get(id)?.status).toBe("stopped");
    vonage.state.finishArchive(id, { uploaded: true });
    expect((await call("DELETE", `${project}/archive/${id}`)).status).toBe(204);
    expect(vonage.state.archives.get(id)?.status).toBe("deleted");
    expect((await call("DELETE", `${project}/archive/${id}`)).status).toBe(204);
  });

  it("checks bodies like the API: layout objects, resolutions, stream changes", async () => {
    const { call, busySession, archive } = setup();
    const { id: sessionId, stream } = await busySession();
    expect((await archive(sessionId, { layout: "bestFit" })).status).toBe(400);
    expect(
      (await archive(sessionId, { layout: { type: "pip", screenshareType: "pip" } })).status,
    ).toBe(400);
    expect((await archive(sessionId, { layout: { type: "custom" } })).status).toBe(400);
    expect((await archive(sessionId, { resolution: "800x600" })).status).toBe(400);
    expect(
      (await archive(sessionId, { outputMode: "individual", layout: { type: "pip" } })).status,
    ).toBe(400);
    expect((await call("POST", `${project}/archive`, { name: "no session" })).status).toBe(400);
    const started = await archive(sessionId, { resolution: "1280x720" });
    const streams = `${project}/archive/${started.json.id}/streams`;
    expect((await call("PATCH", streams, {})).status).toBe(400);
    expect((await call("PATCH", streams, { addStream: "ghost" })).status).toBe(404);
    expect((await call("PATCH", streams, { addStream: stream.id })).status).toBe(204);
    expect((await call("PATCH", streams, { addStream: stream.id })).status).toBe(409);
    expect((await call("PATCH", streams, { removeStream: stream.id })).status).toBe(204);
    expect((await call("PATCH", streams, { removeStream: stream.id })).status).toBe(404);
    const layout = `${project}/archive/${started.json.id}/layout`;
    expect((await call("PUT", layout, { type: "verticalPresentation" })).status).toBe(200);
    expect((await call("PUT", layout, { type: "pip", stylesheet: "stream {}" })).status).toBe(400);
  });

  it("drops ended streams from archives, and only streams of a manual-mode archive can be chosen", async () => {
    const { vonage, call, busySession, archive } = setup();
    const { id: sessionId, stream } = await busySession();
    const manual = await archive(sessionId);
    await call("PATCH", `${project}/archive/${manual.json.id}/streams`, { addStream: stream.id });
    vonage.state.unpublish(stream.id, "mediaStopped");
    expect(vonage.state.archives.get(manual.json.id)?.streams).toEqual([]);
    await call("POST", `${project}/archive/${manual.json.id}/stop`);
    const auto = await archive(sessionId, { streamMode: "auto" });
    const again = vonage.state.publish(vonage.state.connect(sessionId).id);
    const change = await call("PATCH", `${project}/archive/${auto.json.id}/streams`, {
      addStream: again.id,
    });
    // Vonage answers 400 (invalid request) here, not 405.
    expect(change.status).toBe(400);
  });

  it("R-DATA-1: answers 409 to deleting an expired or failed archive, as Vonage does", async () => {
    const { vonage, call, busySession, archive } = setup();
    const { id: sessionId } = await busySession();
    const expired = (await archive(sessionId)).json.id as string;
    await call("POST", `${project}/archive/${expired}/stop`);
    vonage.state.finishArchive(expired);
    vonage.state.expireArchive(expired);
    const failed = (await archive(sessionId)).json.id as string;
    await call("POST", `${project}/archive/${failed}/stop`);
    vonage.state.failArchive(failed);
    // Vonage deletes only uploaded, available (or already deleted) archives.
    expect((await call("DELETE", `${project}/archive/${expired}`)).status).toBe(409);
    expect((await call("DELETE", `${project}/archive/${failed}`)).status).toBe(409);
    expect(vonage.state.archives.get(expired)?.status).toBe("expired");
    expect(vonage.state.archives.get(failed)?.status).toBe("failed");
  });

  it("lets a test make Vonage's own stops: idle and maximum duration", async () => {
    const { vonage, busySession, archive, clock } = setup();
    const { id: sessionId, connection } = await busySession();
    const idle = (await archive(sessionId)).json.id as string;
    vonage.state.leave(connection.id);
    vonage.state.pauseArchive(idle);
    clock.advance(60_000);
    expect(vonage.state.autoStopArchive(idle)).toMatchObject({
      status: "stopped",
      reason: "session ended",
    });
    expect(() => vonage.state.autoStopArchive(idle)).toThrow();
    vonage.state.connect(sessionId);
    const long = (await archive(sessionId)).json.id as string;
    clock.advance(4 * 3600_000);
    vonage.state.autoStopArchive(long, "maximum duration exceeded");
    expect(vonage.payloads.archive(long)).toMatchObject({
      event: "archive",
      status: "stopped",
      reason: "maximum duration exceeded",
      duration: 4 * 3600,
    });
  });
});

describe("broadcasts, classes, connections", () => {
  it("starts an HLS broadcast only with a layout object and valid outputs", async () => {
    const { call, busySession } = setup();
    const { id: sessionId } = await busySession();
    const start = (body: Record<string, unknown>) =>
      call("POST", `${project}/broadcast`, { sessionId, outputs: { hls: {}, rtmp: [] }, ...body });
    expect((await start({ layout: "bestFit" })).status).toBe(400);
    expect((await start({ outputs: { rtmp: [] } })).status).toBe(400);
    expect((await start({ maxDuration: 36_001 })).status).toBe(400);
    expect(
      (await start({ outputs: { hls: { lowLatency: true, dvr: true }, rtmp: [] } })).status,
    ).toBe(400);
    const started = await start({
      layout: { type: "bestFit" },
      maxDuration: 36_000,
      streamMode: "manual",
    });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ status: "started", maxDuration: 36_000 });
    expect(started.json.broadcastUrls.hls).toMatch(/^https:\/\/.+\.m3u8$/);
    const second = await start({ layout: { type: "bestFit" } });
    expect(second).toMatchObject({
      status: 409,
      json: { message: "The broadcast has already started for the session." },
    });
    const id = started.json.id as string;
    expect((await call("PUT", `${project}/broadcast/${id}/layout`, { type: "pip" })).status).toBe(
      200,
    );
    expect((await call("POST", `${project}/broadcast/${id}/stop`)).json.status).toBe("stopped");
    // Vonage documents 404 for a broadcast "not found or already stopped", never 409; changes
    // to a stopped broadcast are answered the same way.
    expect((await call("POST", `${project}/broadcast/${id}/stop`)).status).toBe(404);
    expect((await call("PUT", `${project}/broadcast/${id}/layout`, { type: "pip" })).status).toBe(
      404,
    );
    const streams = `${project}/broadcast/${id}/streams`;
    expect((await call("PATCH", streams, { removeStream: "any" })).status).toBe(404);
    expect((await call("GET", `${project}/broadcast/nope`)).status).toBe(404);
    expect((await start({ layout: { type: "bestFit" } })).status).toBe(200);
  });

  it("lists the broadcasts in progress of a session, as Vonage does (stopped ones are not listed)", async () => {
    const { vonage, call, busySession } = setup();
    const { id: sessionId } = await busySession();
    const other = await busySession();
    const start = async (session: string) =>
      (
        await call("POST", `${project}/broadcast`, {
          sessionId: session,
          outputs: { hls: {}, rtmp: [] },
          streamMode: "manual",
        })
      ).json.id as string;
    const stopped = await start(sessionId);
    await call("POST", `${project}/broadcast/${stopped}/stop`);
    const running = await start(sessionId);
    await start(other.id);
    const listed = await call(
      "GET",
      `${project}/broadcast?sessionId=${encodeURIComponent(sessionId)}`,
    );
    expect(listed.json).toMatchObject({ count: 1, items: [{ id: running, status: "started" }] });
    expect(vonage.state.requests.at(-1)).toMatchObject({ operation: "listBroadcasts" });
  });

  it("sets stream classes of streams in the session only", async () => {
    const { vonage, call, busySession } = setup();
    const { id: sessionId, stream } = await busySession();
    const url = `${project}/session/${encodeURIComponent(sessionId)}/stream`;
    expect(
      (await call("PUT", url, { items: [{ id: stream.id, layoutClassList: ["focus"] }] })).status,
    ).toBe(200);
    expect(vonage.state.streams.get(stream.id)?.layoutClassList).toEqual(["focus"]);
    // Vonage's support states 404 (not 400) for a stream that is not in the session.
    expect((await call("PUT", url, { items: [{ id: "ghost", layoutClassList: [] }] })).status).toBe(
      404,
    );
    expect(
      (await call("PUT", url, { items: [{ id: stream.id, layoutClassList: "focus" }] })).status,
    ).toBe(400);
  });

  it("signals and disconnects connected clients; unknown ones are 404", async () => {
    const { vonage, call, busySession } = setup();
    const { id: sessionId, connection } = await busySession();
    const base = `${project}/session/${encodeURIComponent(sessionId)}/connection`;
    expect(
      (await call("POST", `${base}/${connection.id}/signal`, { type: "bad type!", data: "" }))
        .status,
    ).toBe(400);
    expect(
      (await call("POST", `${base}/${connection.id}/signal`, { type: "bye", data: "why" })).status,
    ).toBe(204);
    expect(vonage.state.signals).toMatchObject([
      { connectionId: connection.id, type: "bye", data: "why" },
    ]);
    expect((await call("DELETE", `${base}/${connection.id}`)).status).toBe(204);
    expect((await call("DELETE", `${base}/${connection.id}`)).status).toBe(404);
    expect(vonage.state.callbacks.at(-1)).toMatchObject({
      event: "connectionDestroyed",
      reason: "forceDisconnected",
    });
  });
});

describe("clients", () => {
  /** A client token with the claims of the SDK's generateClientToken. */
  const clientToken = (
    sessionId: string,
    role: string,
    exp: number,
    key = credentials.privateKey,
  ) => {
    const body = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({
      scope: "session.connect",
      session_id: sessionId,
      role,
      initial_layout_class_list: "",
      exp,
      sub: "video",
      acl: { paths: { "/session/**": {} } },
      connection_data: `data-of-${role}`,
      jti: randomUUID(),
      iat: exp - 60,
      application_id: credentials.applicationId,
    })}`;
    return `${body}.${sign("sha256", Buffer.from(body), key).toString("base64url")}`;
  };

  it("connects clients with their token: its connection data and role apply", async () => {
    const { vonage, session, clock } = setup();
    const id = await session();
    const exp = Math.floor(clock.now() / 1000) + 300;
    const publisher = vonage.state.connect(id, { token: clientToken(id, "publisher", exp) });
    expect(publisher).toMatchObject({ role: "publisher", data: "data-of-publisher" });
    expect(vonage.state.publish(publisher.id).connectionId).toBe(publisher.id);
    const subscriber = vonage.state.connect(id, { token: clientToken(id, "subscriber", exp) });
    expect(() => vonage.state.publish(subscriber.id)).toThrow(/subscriber/);
  });

  it("refuses expired, forged and other sessions' tokens", async () => {
    const { vonage, session, clock } = setup();
    const id = await session();
    const other = await session();
    const exp = Math.floor(clock.now() / 1000) + 300;
    const stranger = createVonageTestCredentials({ modulusLength: 1024 });
    expect(() => vonage.state.connect(id, { token: clientToken(other, "publisher", exp) })).toThrow(
      ClientTokenError,
    );
    expect(() =>
      vonage.state.connect(id, { token: clientToken(id, "publisher", exp, stranger.privateKey) }),
    ).toThrow(ClientTokenError);
    const token = clientToken(id, "moderator", exp);
    clock.advance(301_000);
    expect(() => vonage.state.connect(id, { token })).toThrow(/expired/);
    expect(vonage.state.connections.size).toBe(0);
  });
});

describe("faults", () => {
  it("fails, delays or drops the next calls of an operation, then behaves again", async () => {
    const { vonage, call, session } = setup();
    vonage.state.failNext("createSession", { status: 503, times: 2 });
    const url = `${host}/session/create`;
    const form = { "p2p.preference": "disabled" };
    expect((await call("POST", url, form, { form: true })).status).toBe(503);
    expect((await call("POST", url, form, { form: true })).status).toBe(503);
    expect((await call("POST", url, form, { form: true })).status).toBe(200);
    vonage.state.dropNext("any");
    await expect(call("GET", `${project}/archive`)).rejects.toThrow();
    vonage.state.delayNext("listArchives", 150);
    const started = Date.now();
    expect((await call("GET", `${project}/archive`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await session()).toMatch(/^2_MX4/);
    vonage.state.reset();
    expect(vonage.state.sessions.size).toBe(0);
    expect(vonage.state.requests).toEqual([]);
  });
});

describe("signed deliveries", () => {
  it("signs like Vonage's secure callbacks: HS256 with the secret, issuer, application, body hash", () => {
    const { vonage, clock } = setup();
    const delivery = vonage.webhook({ event: "sessionCreated", sessionId: "s" });
    const token = (delivery.headers.authorization ?? "").replace(/^Bearer /, "");
    const [header = "", claims = "", signature = ""] = token.split(".");
    const expected = createHmac("sha256", credentials.signatureSecret)
      .update(`${header}.${claims}`)
      .digest("base64url");
    expect(signature).toBe(expected);
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({
      alg: "HS256",
      typ: "JWT",
    });
    expect(JSON.parse(Buffer.from(claims, "base64url").toString())).toMatchObject({
      iat: Math.floor(clock.now() / 1000),
      iss: "Vonage",
      application_id: credentials.applicationId,
      payload_hash: createHash("sha256").update(delivery.body).digest("hex"),
    });
    expect(vonage.webhook({ event: "x" }, { secret: null }).headers.authorization).toBeUndefined();
  });
});

// Each fact below is from Vonage's Video REST reference (OpenAPI 0.3.2) unless said otherwise.
describe("answers as Vonage writes them", () => {
  it("routes a session created without p2p.preference (reference: the default is disabled, routed)", async () => {
    const { call, vonage } = setup();
    const created = await call("POST", `${host}/session/create`, {}, { form: true });
    expect(created.status).toBe(200);
    expect(vonage.state.sessions.get(created.json[0].session_id)?.mediaMode).toBe("routed");
    const always = await call(
      "POST",
      `${host}/session/create`,
      { archiveMode: "always" },
      { form: true },
    );
    expect(always.status).toBe(200);
  });

  it("answers broadcastUrls: null for a stopped broadcast, and the ?DVR form of the HLS URL when DVR is on", async () => {
    const { call, busySession } = setup();
    const { id: sessionId } = await busySession();
    const started = await call("POST", `${project}/broadcast`, {
      sessionId,
      outputs: { hls: { dvr: true } },
      layout: { type: "bestFit" },
    });
    // Reference, settings.hls.dvr: "the HLS URL will include a ?DVR query string appended".
    expect(started.json.broadcastUrls.hls).toMatch(/^https:\/\/.+\.m3u8\?DVR$/);
    expect(started.json.settings).toEqual({ hls: { lowLatency: false, dvr: true } });
    const id = started.json.id as string;
    const stopped = await call("POST", `${project}/broadcast/${id}/stop`);
    expect(stopped.json).toMatchObject({ status: "stopped", broadcastUrls: null });
    expect((await call("GET", `${project}/broadcast/${id}`)).json.broadcastUrls).toBeNull();
  });

  it("gives archives updatedAt (archiving guide callbacks) and the reference's fields; failures say 'failure'", async () => {
    const { vonage, call, busySession, archive, clock } = setup();
    const { id: sessionId } = await busySession();
    const started = await archive(sessionId);
    expect(started.json).toMatchObject({
      applicationId: credentials.applicationId,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      hasTranscription: false,
      outputMode: "composed",
      resolution: "640x480",
      size: 0,
      duration: 0,
    });
    const id = started.json.id as string;
    clock.advance(5_000);
    const stopped = await call("POST", `${project}/archive/${id}/stop`);
    expect(stopped.json.updatedAt).toBe(clock.now());
    expect(stopped.json.createdAt).toBe(clock.now() - 5_000);
    clock.advance(1_000);
    // Reference: "For archives with the status 'failed', this can be set to 'failure'".
    expect(vonage.state.failArchive(id)).toMatchObject({ status: "failed", reason: "failure" });
    expect(vonage.state.callbacks.at(-1)).toMatchObject({
      event: "archive",
      status: "failed",
      reason: "failure",
      updatedAt: clock.now(),
    });
  });

  it("does not list deleted archives (reference: offsets count archives 'excluding deleted archive')", async () => {
    const { vonage, call, busySession, archive } = setup();
    const { id: sessionId } = await busySession();
    const gone = (await archive(sessionId)).json.id as string;
    await call("POST", `${project}/archive/${gone}/stop`);
    vonage.state.finishArchive(gone);
    expect((await call("DELETE", `${project}/archive/${gone}`)).status).toBe(204);
    const kept = (await archive(sessionId)).json.id as string;
    const listed = await call("GET", `${project}/archive`);
    expect(listed.json).toMatchObject({ count: 1, items: [{ id: kept }] });
  });

  it("answers 413 to a signal type over 128 bytes or data over 8 kB, 400 to a malformed type", async () => {
    const { call, busySession } = setup();
    const { id: sessionId, connection } = await busySession();
    const url = `${project}/session/${encodeURIComponent(sessionId)}/connection/${connection.id}/signal`;
    expect((await call("POST", url, { type: "a".repeat(128), data: "" })).status).toBe(204);
    expect((await call("POST", url, { type: "a".repeat(129), data: "" })).status).toBe(413);
    expect((await call("POST", url, { type: "ok", data: "x".repeat(8193) })).status).toBe(413);
    expect((await call("POST", url, { type: "no spaces", data: "" })).status).toBe(400);
  });
});

// Requests Vonage refuses are refused here too; each rule cites where Vonage states it.
describe("refuses what Vonage refuses", () => {
  it("refuses a broadcast layout without type, and RTMP outputs beyond five or without serverUrl/streamName (reference, start broadcast)", async () => {
    const { call, busySession } = setup();
    const { id: sessionId } = await busySession();
    const rtmp = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `t${i}`,
        serverUrl: `rtmps://live.example/app${i}`,
        streamName: `key${i}`,
      }));
    const start = (body: Record<string, unknown>) =>
      call("POST", `${project}/broadcast`, { sessionId, streamMode: "manual", ...body });
    expect((await start({ outputs: { hls: {} }, layout: {} })).status).toBe(400);
    expect((await start({ outputs: { hls: {} }, layout: { screenshareType: "pip" } })).status).toBe(
      400,
    );
    expect((await start({ outputs: { rtmp: rtmp(6) } })).status).toBe(400);
    expect(
      (await start({ outputs: { rtmp: [{ serverUrl: "rtmps://live.example/app" }] } })).status,
    ).toBe(400);
    expect((await start({ outputs: { rtmp: [{ streamName: "key" }] } })).status).toBe(400);
    expect((await start({ outputs: { hls: {} }, maxBitrate: 99_999 })).status).toBe(400);
    const started = await start({ outputs: { rtmp: rtmp(5) }, layout: { type: "pip" } });
    expect(started.status).toBe(200);
    expect(started.json.broadcastUrls.rtmp).toEqual(
      rtmp(5).map((target) => ({ ...target, status: "connecting" })),
    );
  });

  it("refuses a signal without data (reference: type and data are required)", async () => {
    const { call, busySession } = setup();
    const { id: sessionId, connection } = await busySession();
    const url = `${project}/session/${encodeURIComponent(sessionId)}/connection/${connection.id}/signal`;
    expect((await call("POST", url, { type: "bye" })).status).toBe(400);
    expect((await call("POST", url, { type: "bye", data: "" })).status).toBe(204);
  });

  it("refuses resolution on an individual archive, out-of-range maxBitrate/quantizationParameter, and both together", async () => {
    const { call, busySession, archive } = setup();
    const { id: sessionId } = await busySession();
    expect(
      (await archive(sessionId, { outputMode: "individual", resolution: "640x480" })).status,
    ).toBe(400);
    expect(
      (await archive(sessionId, { outputMode: "individual", maxBitrate: 200_000 })).status,
    ).toBe(400);
    expect((await archive(sessionId, { maxBitrate: 99_999 })).status).toBe(400);
    expect((await archive(sessionId, { maxBitrate: 6_000_001 })).status).toBe(400);
    expect((await archive(sessionId, { quantizationParameter: 14 })).status).toBe(400);
    expect((await archive(sessionId, { quantizationParameter: 41 })).status).toBe(400);
    expect(
      (await archive(sessionId, { maxBitrate: 200_000, quantizationParameter: 20 })).status,
    ).toBe(400);
    const started = await archive(sessionId, { maxBitrate: 6_000_000 });
    expect(started.json).toMatchObject({ status: "started", maxBitrate: 6_000_000 });
    await call("POST", `${project}/archive/${started.json.id}/stop`);
    expect((await archive(sessionId, { quantizationParameter: 15 })).json).toMatchObject({
      quantizationParameter: 15,
    });
  });

  it("records simultaneous archives of a session only with a unique multiArchiveTag each (reference)", async () => {
    const { busySession, archive } = setup();
    const { id: sessionId } = await busySession();
    expect((await archive(sessionId)).status).toBe(200);
    expect((await archive(sessionId)).status).toBe(409);
    const tagged = await archive(sessionId, { multiArchiveTag: "backup" });
    expect(tagged.json).toMatchObject({ status: "started", multiArchiveTag: "backup" });
    expect((await archive(sessionId, { multiArchiveTag: "backup" })).status).toBe(409);
  });

  it("refuses a stream added with neither audio nor video (reference: Has-Audio, Has-Video)", async () => {
    const { call, busySession, archive } = setup();
    const { id: sessionId, stream } = await busySession();
    const streams = `${project}/archive/${(await archive(sessionId)).json.id}/streams`;
    expect(
      (await call("PATCH", streams, { addStream: stream.id, hasAudio: false, hasVideo: false }))
        .status,
    ).toBe(400);
    expect(
      (await call("PATCH", streams, { addStream: stream.id, hasAudio: false, hasVideo: true }))
        .status,
    ).toBe(204);
  });

  it("refuses REST JWTs expiring more than 24 h ahead or with a future nbf (Vonage JWT guide)", async () => {
    const { call } = setup();
    const url = `${host}/session/create`;
    const now = Math.floor(Date.now() / 1000);
    const as = (claims: Record<string, unknown>) => ({
      form: true,
      authorization: `Bearer ${requestJwt(claims)}`,
    });
    expect((await call("POST", url, {}, as({ exp: now + 24 * 3600 + 60 }))).status).toBe(403);
    expect((await call("POST", url, {}, as({ nbf: now + 60 }))).status).toBe(403);
    expect((await call("POST", url, {}, as({ exp: now + 23 * 3600, nbf: now - 1 }))).status).toBe(
      200,
    );
  });
});

describe("client tokens refused at connect, as Vonage does", () => {
  const token = (sessionId: string, claims: Record<string, unknown>) => {
    const body = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({
      scope: "session.connect",
      session_id: sessionId,
      role: "publisher",
      jti: randomUUID(),
      application_id: credentials.applicationId,
      ...claims,
    })}`;
    return `${body}.${sign("sha256", Buffer.from(body), credentials.privateKey).toString("base64url")}`;
  };

  it("refuses a token expiring more than 30 days after it was made, and connection data over 1,000 characters (Vonage token guide)", async () => {
    const { vonage, session, clock } = setup();
    const id = await session();
    const iat = Math.floor(clock.now() / 1000);
    const day = 24 * 3600;
    expect(() =>
      vonage.state.connect(id, { token: token(id, { iat, exp: iat + 30 * day + 1 }) }),
    ).toThrow(/30 days/);
    expect(() =>
      vonage.state.connect(id, {
        token: token(id, { iat, exp: iat + 60, connection_data: "x".repeat(1001) }),
      }),
    ).toThrow(/1,000/);
    expect(vonage.state.connections.size).toBe(0);
    const ok = vonage.state.connect(id, {
      token: token(id, { iat, exp: iat + 30 * day, connection_data: "x".repeat(1000) }),
    });
    expect(ok.data).toHaveLength(1000);
  });
});

describe("documented states a test can inject", () => {
  it("fails a broadcast: status failed, a callback, no URLs, not listed, stop answers 404", async () => {
    const { vonage, call, busySession } = setup();
    const { id: sessionId } = await busySession();
    const id = (await call("POST", `${project}/broadcast`, { sessionId, outputs: { hls: {} } }))
      .json.id as string;
    expect(vonage.state.failBroadcast(id)).toMatchObject({ status: "failed", reason: "failure" });
    expect(vonage.state.callbacks.at(-1)).toMatchObject({
      event: "broadcast",
      id,
      status: "failed",
      broadcastUrls: null,
    });
    expect((await call("GET", `${project}/broadcast`)).json).toMatchObject({ count: 0 });
    expect((await call("POST", `${project}/broadcast/${id}/stop`)).status).toBe(404);
    expect(() => vonage.state.failBroadcast(id)).toThrow();
  });

  it("delivers an archive's uploaded callback before its stopped one (archiving guide: any order)", async () => {
    const { vonage, busySession, archive, clock } = setup();
    const { id: sessionId } = await busySession();
    const id = (await archive(sessionId)).json.id as string;
    clock.advance(10_000);
    vonage.state.uploadBeforeStopped(id);
    const statuses = vonage.state.callbacks
      .filter((c) => c.event === "archive")
      .map((c) => [c.status, c.duration]);
    expect(statuses).toEqual([
      ["started", 0],
      ["uploaded", 10],
      ["stopped", 10],
    ]);
    expect(vonage.state.archives.get(id)).toMatchObject({
      status: "uploaded",
      reason: "session ended",
    });
  });

  it("publishes audio-only streams: no videoType in the stream callback", async () => {
    const { vonage, session } = setup();
    const id = await session();
    const connection = vonage.state.connect(id);
    const stream = vonage.state.publish(connection.id, { audioOnly: true });
    expect(stream).toMatchObject({ videoType: null, hasAudio: true, hasVideo: false });
    const created = vonage.state.callbacks.at(-1) as unknown as {
      stream: Record<string, unknown>;
    };
    expect(created).toMatchObject({ event: "streamCreated", stream: { id: stream.id } });
    expect("videoType" in created.stream).toBe(false);
  });

  it("crashes the media router: streams and connections end forceDisconnected, then sessionDestroyed; clients may come back", async () => {
    const { vonage, busySession, clock } = setup();
    const { id: sessionId, connection, stream } = await busySession();
    const other = vonage.state.connect(sessionId, { data: "pk_2" });
    const before = vonage.state.callbacks.length;
    vonage.state.crashMediaRouter(sessionId);
    const after = vonage.state.callbacks.slice(before);
    expect(after.map((c) => [c.event, c.reason ?? null])).toEqual([
      ["streamDestroyed", "forceDisconnected"],
      ["connectionDestroyed", "forceDisconnected"],
      ["connectionDestroyed", "forceDisconnected"],
      ["sessionDestroyed", null],
    ]);
    expect(after.at(-1)).toMatchObject({
      sessionId,
      applicationId: credentials.applicationId,
      timestamp: clock.now(),
    });
    expect(vonage.state.connections.size).toBe(0);
    expect(vonage.state.streams.has(stream.id)).toBe(false);
    const back = vonage.state.connect(sessionId, { data: "pk_1" });
    expect([connection.id, other.id]).not.toContain(back.id);
  });

  it("answers broadcast lists and gets without multiBroadcastTag while asked to", async () => {
    const { vonage, call, busySession } = setup();
    const { id: sessionId } = await busySession();
    const started = await call("POST", `${project}/broadcast`, {
      sessionId,
      outputs: { hls: {} },
      multiBroadcastTag: "side",
    });
    expect(started.json.multiBroadcastTag).toBe("side");
    const id = started.json.id as string;
    vonage.state.omitMultiBroadcastTag();
    expect("multiBroadcastTag" in (await call("GET", `${project}/broadcast/${id}`)).json).toBe(
      false,
    );
    const listed = (await call("GET", `${project}/broadcast`)).json.items[0];
    expect(listed).toMatchObject({ id });
    expect("multiBroadcastTag" in listed).toBe(false);
    vonage.state.omitMultiBroadcastTag(false);
    expect((await call("GET", `${project}/broadcast/${id}`)).json.multiBroadcastTag).toBe("side");
  });
});
