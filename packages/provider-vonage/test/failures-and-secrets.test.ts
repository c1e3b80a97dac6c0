// Vonage failures become PROVIDER_FAILED with the right `retriable`, and no secret (private key,
// signature secret, client tokens, the SDK's request JWTs, webhook JWTs) ever reaches a log line
// or an error.
import { LiveError } from "@onair/core";
import { expectLiveError } from "@onair/testing";
import { createVonageTestCredentials } from "@onair/testing/vonage-msw";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { createVonageProvider } from "../src/index.js";
import {
  createHarness,
  credentials,
  recordingLogger,
  server,
  useEmulatedVonage,
} from "./harness.js";

useEmulatedVonage();

describe("Vonage failures", () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [429, true],
    [400, false],
    [403, false],
    [404, false],
    [409, false],
  ])("HTTP %i becomes PROVIDER_FAILED with retriable %s", async (status, retriable) => {
    const h = createHarness();
    h.vonage.state.failNext("createSession", { status });
    const error = await expectLiveError(h.provider.createRoom("ses_1"), "PROVIDER_FAILED");
    expect(error.retriable).toBe(retriable);
    expect(error.message).toContain(String(status));
  });

  it("a call Vonage does not answer in time is a retriable PROVIDER_FAILED", async () => {
    const h = createHarness({ timeoutMs: 100 });
    const room = await h.busyRoom();
    const { id } = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: { streamIds: [room.streamId], layout: "grid", focusStreamId: null },
    });
    h.vonage.state.delayNext("stopArchive", 400);
    const error = await expectLiveError(h.provider.stopRecording(id), "PROVIDER_FAILED");
    expect(error.retriable).toBe(true);
    expect(error.message).toMatch(/did not answer .* within 100 ms/);
  });

  it("a dropped connection is a retriable PROVIDER_FAILED", async () => {
    const h = createHarness();
    h.vonage.state.dropNext("listArchives");
    const error = await expectLiveError(h.provider.listRecordings("2_MX4any"), "PROVIDER_FAILED");
    expect(error.retriable).toBe(true);
    expect(error.message).toContain("could not be reached");
  });

  it("an answer of an unexpected shape is a PROVIDER_FAILED that retrying will not fix", async () => {
    const h = createHarness();
    server.use(
      http.get(`${h.vonage.videoHost}/v2/project/:appId/archive/:archiveId`, () =>
        HttpResponse.json({ id: "a1", status: 42 }),
      ),
    );
    const error = await expectLiveError(h.provider.getRecording("a1"), "PROVIDER_FAILED");
    expect(error.retriable).toBe(false);
  });

  // Vonage answers 403 to a request it cannot authenticate (never 401).
  it("requests signed with another application's key are refused by Vonage (403): not retriable", async () => {
    const h = createHarness();
    const stranger = createVonageTestCredentials({ applicationId: credentials.applicationId });
    const provider = createVonageProvider({
      applicationId: credentials.applicationId,
      privateKey: stranger.privateKey,
      signatureSecret: credentials.signatureSecret,
    });
    const error = await expectLiveError(provider.createRoom("ses_1"), "PROVIDER_FAILED");
    expect(error.retriable).toBe(false);
    expect(h.vonage.state.requests.at(-1)).toMatchObject({
      operation: "createSession",
      status: 403,
    });
    expect(h.vonage.state.sessions.size).toBe(0);
  });
});

/** Everything a logger received, errors included with their message, cause and stack. */
function serialized(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Error
      ? { ...v, name: v.name, message: v.message, stack: v.stack, cause: v.cause }
      : typeof v === "bigint"
        ? String(v)
        : v,
  );
}

describe("secrets", () => {
  it("secrets: the private key, the secret, tokens and JWTs never reach a log line or an error", async () => {
    const logger = recordingLogger();
    const h = createHarness({ logger, timeoutMs: 100 });
    const requestJwts: string[] = [];
    const collect = ({ request }: { request: Request }) => {
      const authorization = request.headers.get("authorization");
      if (authorization !== null) requestJwts.push(authorization.replace(/^Bearer /, ""));
    };
    server.events.on("request:start", collect);
    const errors: LiveError[] = [];
    const failing = async (action: Promise<unknown>) => {
      try {
        await action;
      } catch (error) {
        if (error instanceof LiveError) errors.push(error);
        else throw error;
      }
    };

    try {
      const room = await h.busyRoom();
      const tokens = await Promise.all(
        (["moderator", "speaker", "attendee"] as const).map((role) =>
          h.provider.issueToken(room.roomId, {
            role,
            connectionData: `onair1|pk_${role}|${role}|g_1`,
            expiresAt: h.clock.now() + 60_000,
          }),
        ),
      );
      const { id } = await h.provider.startRecording(room.roomId, {
        name: "onair-ses_1-000",
        stage: { streamIds: [room.streamId], layout: "grid", focusStreamId: null },
      });
      h.vonage.state.failNext("getArchive", { status: 500 });
      await failing(h.provider.getRecording(id));
      h.vonage.state.delayNext("stopArchive", 400);
      await failing(h.provider.stopRecording(id));
      h.vonage.state.dropNext("createSession");
      await failing(h.provider.createRoom("ses_2"));
      await failing(h.provider.getRecording("no-such-archive"));
      h.vonage.state.failNext("startBroadcast", { status: 400, message: "bad" });
      await failing(
        h.provider.startBroadcast(room.roomId, {
          streamIds: [],
          layout: "grid",
          focusStreamId: null,
        }),
      );

      const payload = h.vonage.state.callbacks[0] ?? {};
      const webhookJwts: string[] = [];
      const deliveries = [
        h.vonage.webhook(payload),
        h.vonage.webhook(payload, { secret: "a-forged-secret-of-some-length" }),
        h.vonage.webhook(payload, { signedAt: h.clock.now() - 3_600_000 }),
        h.vonage.webhook(payload, { claims: { application_id: "other" } }),
        { ...h.vonage.webhook(payload), body: "{}" },
      ];
      for (const delivery of deliveries) {
        webhookJwts.push((delivery.headers.authorization ?? "").replace(/^Bearer /, ""));
        await failing(h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now()));
      }

      expect(logger.lines.length).toBeGreaterThan(5);
      expect(errors.length).toBeGreaterThanOrEqual(8);
      expect(requestJwts.length).toBeGreaterThan(3);
      const logText = serialized(logger.lines);
      const errorText = serialized(
        errors.map((e) => ({ message: e.message, json: e.toJSON(), cause: e.cause, error: e })),
      );
      const keyBody = credentials.privateKey
        .split("\n")
        .filter((line) => line !== "" && !line.startsWith("-----"));
      const secrets = [
        credentials.signatureSecret,
        ...keyBody,
        ...tokens.map((t) => t.connection.token),
        ...tokens.map((t) => t.connection.token.split(".")[2] ?? ""),
        ...requestJwts,
        ...requestJwts.map((jwt) => jwt.split(".")[2] ?? ""),
        ...webhookJwts,
        ...webhookJwts.map((jwt) => jwt.split(".")[2] ?? ""),
      ].filter((secret) => secret.length >= 16);
      expect(secrets.length).toBeGreaterThan(20);
      for (const secret of secrets) {
        expect(logText.includes(secret), "a secret reached a log line").toBe(false);
        expect(errorText.includes(secret), "a secret reached an error").toBe(false);
      }
    } finally {
      server.events.removeListener("request:start", collect);
    }
  });
});
