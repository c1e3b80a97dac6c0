// The client against the real HTTP API (Express router, core service, mock provider).
import { isLiveError, type LiveError } from "@onair/core/browser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectionOf } from "../src/index.js";
import { people, type RouterFixture, startRouter } from "./router-fixture.js";

let api: RouterFixture;
beforeEach(async () => {
  api = await startRouter();
});
afterEach(async () => {
  await api.close();
});

describe("createLiveClient against the router", () => {
  it("R-PERM-3: join gives the speaker a grant with the camera off", async () => {
    const id = await api.session();
    const grant = await api.clientFor(people.speaker).join(id);
    expect(grant).toMatchObject({
      sessionId: id,
      role: "speaker",
      camera: "off",
      microphone: "on",
    });
    expect(grant.capabilities).toContain("camera:publish");
    expect(connectionOf(grant)).toMatchObject({
      roomId: expect.any(String),
      token: expect.any(String),
    });
    expect(connectionOf(grant).token).not.toBe("");
  });

  it("R-LIFE-1: the moderator starts and stops; the answers are the live status", async () => {
    const id = await api.session();
    const moderator = api.clientFor(people.moderator);
    await api.connect(await moderator.join(id));
    const started = await moderator.startLive(id);
    expect(started).toMatchObject({ sessionId: id, phase: "live", endedAt: null });
    expect(started.stage).toMatchObject({ streamIds: [], layout: expect.any(String) });
    const stopped = await moderator.stopLive(id);
    expect(stopped).toMatchObject({ phase: "ended", replay: "processing" });
    expect(stopped.version).toBeGreaterThan(started.version);
  });

  it("R-LIFE-3: a start after the stop is refused as LIVE_ENDED, a speaker's start as FORBIDDEN", async () => {
    const id = await api.session();
    const moderator = api.clientFor(people.moderator);
    const speakerStart = await api
      .clientFor(people.speaker)
      .startLive(id)
      .catch((e: unknown) => e);
    expect(isLiveError(speakerStart, "FORBIDDEN")).toBe(true);
    await moderator.startLive(id);
    await moderator.stopLive(id);
    const again = (await moderator.startLive(id).catch((e: unknown) => e)) as LiveError;
    expect(isLiveError(again, "LIVE_ENDED")).toBe(true);
    expect(again.message).not.toBe("");
  });

  it("a stranger's join is NOT_A_PARTICIPANT with the troubleshooting advice in French", async () => {
    const id = await api.session();
    const error = (await api
      .clientFor(people.stranger, { locale: "fr" })
      .join(id)
      .catch((e: unknown) => e)) as LiveError;
    expect(isLiveError(error, "NOT_A_PARTICIPANT")).toBe(true);
    const sameEmail = error.advice.find((item) => item.code === "same-email-as-back-office");
    expect(sameEmail?.text.fr).toMatch(/adresse/);
  });

  it("audience follows the phases: waiting, live, then the replay being generated", async () => {
    const id = await api.session();
    const viewer = api.clientFor(null);
    await api.connect(await api.clientFor(people.moderator).join(id));
    expect((await viewer.audience(id)).screen).toBe("waiting");
    await api.clientFor(people.moderator).startLive(id);
    expect((await viewer.audience(id)).screen).toBe("live");
    await api.clientFor(people.moderator).stopLive(id);
    expect((await viewer.audience(id)).screen).toBe("replay-processing");
  });

  it("presence and the stage: the moderator reads counts, an unknown stream is refused", async () => {
    const id = await api.session();
    const moderator = api.clientFor(people.moderator);
    await expect(moderator.presence(id)).resolves.toEqual({
      moderators: expect.any(Number),
      speakers: expect.any(Number),
      audience: expect.any(Number),
    });
    const { streamId } = await api.connect(await moderator.join(id));
    await moderator.startLive(id);
    const refused = await moderator
      .setStage(id, { streamIds: ["st_unknown"], layout: "grid" })
      .catch((e: unknown) => e);
    expect(isLiveError(refused)).toBe(true);
    const staged = await moderator.setStage(id, {
      streamIds: [streamId],
      layout: "focus",
      focusStreamId: streamId,
    });
    expect(staged.stage).toMatchObject({
      streamIds: [streamId],
      layout: "focus",
      focusStreamId: streamId,
    });
    expect(staged.streams.map((s) => s.streamId)).toContain(streamId);
  });

  it("R-PERM-4: checkContent sends what the route reads: a PDF passes, a text file does not", async () => {
    const id = await api.session();
    const speaker = api.clientFor(people.speaker);
    const pdf = new Blob([new TextEncoder().encode("%PDF-1.7\n"), new Uint8Array(300_000)]);
    await expect(speaker.checkContent(id, pdf)).resolves.toEqual({
      kind: "pdf",
      mimeType: "application/pdf",
      size: pdf.size,
    });
    const text = new Blob([new TextEncoder().encode("hello, this is not a pdf at all")]);
    const refused = await speaker.checkContent(id, text).catch((e: unknown) => e);
    expect(isLiveError(refused, "UNSUPPORTED_CONTENT")).toBe(true);
  });

  it("replayUrl answers REPLAY_NOT_READY while processing, then redirects", async () => {
    const id = await api.session();
    const moderator = api.clientFor(people.moderator);
    await api.connect(await moderator.join(id));
    await moderator.startLive(id);
    await moderator.stopLive(id);
    await api.provider.settle();
    const url = api.clientFor(null).replayUrl(id);
    expect((await fetch(url, { redirect: "manual" })).status).toBe(409);
    await api.finishRecordings();
    await expect.poll(async () => (await api.clientFor(null).audience(id)).screen).toBe("replay");
    const answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toMatch(/^https?:\/\//);
  });

  it("R-PRE-3: measureUpload times uploads to POST /preflight/bandwidth", async () => {
    const mbps = await api.clientFor(null).measureUpload({ timeoutMs: 5_000 });
    expect(mbps).toBeGreaterThan(0);
  });

  it("preflight: the server's verdicts on a gathered report, advice in the client's locale", async () => {
    const report = {
      role: "speaker",
      page: {
        secureContext: true,
        protocol: "https:",
        hostname: "events.example.com",
        site: "published",
      },
      webrtc: { supported: true },
      camera: { permission: "granted", count: 1 },
      microphone: { permission: "granted", count: 1 },
      browser: { name: "chrome", version: 156 },
      network: { uploadMbps: 1, udp: "ok", relay: "none" },
    } as const;
    const result = await api.clientFor(null, { locale: "fr" }).preflight(report);
    expect(result.overall).toBe("degraded");
    const bandwidth = result.checks.find((check) => check.id === "bandwidth");
    expect(bandwidth).toMatchObject({ verdict: "warn", reason: "below-minimum" });
    expect(bandwidth?.advice[0]?.text.fr).toMatch(/connexion/);
  });
});
