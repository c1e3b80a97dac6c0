// The pages on the real @onair/client (createLiveClient and its control room) and the fake video
// client of @onair/testing; only the HTTP answers are stubbed, as the server gives them.
import { createLiveClient, type LiveStatus } from "@onair/client";
import type { Role } from "@onair/core";
import { capabilitiesOf } from "@onair/core/browser";
import { createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { OnAirProvider } from "../src/index.js";
import { ControlRoomPage } from "./pages.js";

afterEach(cleanup);

/** The HTTP API of one session, answering as docs/http.md describes. */
function stubServer(role: Role) {
  const requests: string[] = [];
  let status: LiveStatus = {
    sessionId: "ses_1",
    version: 1,
    phase: "scheduled",
    startedAt: null,
    endedAt: null,
    replay: "none",
    stage: { streamIds: [], layout: "grid", focusStreamId: null },
    streams: [],
  };
  const json = (body: unknown, code = 200) =>
    new Response(JSON.stringify(body), {
      status: code,
      headers: { "content-type": "application/json" },
    });
  const next = (change: Partial<LiveStatus>) => {
    status = { ...status, ...change, version: status.version + 1 };
    return json(status);
  };
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const route = `${method} ${url.pathname.replace("/api/live/sessions/ses_1", "")}`;
    requests.push(route);
    switch (route) {
      case "POST /join":
        return json({
          sessionId: "ses_1",
          roomId: "room_1",
          role,
          roles: [role],
          capabilities: capabilitiesOf([role]),
          providerRole: role === "moderator" ? "moderator" : "publisher",
          token: "token",
          applicationId: "app",
          connection: { provider: "mock", roomId: "room_1", token: "token" },
          grantId: `g_${requests.length}`,
          expiresAt: Date.now() + 60_000,
          camera: "off",
          microphone: "on",
          onStage: false,
        });
      case "POST /live/start":
        return next({ phase: "live", startedAt: "2026-06-01T07:00:00.000Z" });
      case "POST /live/stop":
        return next({ phase: "ended", endedAt: "2026-06-01T08:00:00.000Z", replay: "processing" });
      case "PUT /stage":
        return next({ stage: { focusStreamId: null, ...JSON.parse(String(init?.body)) } });
      case "GET /presence":
        return json({ moderators: 1, speakers: 1, audience: 42 });
      default:
        return json(
          { type: "about:blank", title: "Not found", status: 404, code: "SESSION_NOT_FOUND" },
          404,
        );
    }
  };
  return { fetch: fetchStub as typeof fetch, requests };
}

function renderRealRoom(role: Role) {
  const server = stubServer(role);
  const client = createLiveClient({ baseUrl: "http://onair.test/api/live", fetch: server.fetch });
  const video = createFakeVideoClient({ rooms: createFakeVideoRooms(), media: "synthetic" });
  const view = render(
    <StrictMode>
      <OnAirProvider client={client} video={video}>
        <ControlRoomPage sessionId="ses_1" />
      </OnAirProvider>
    </StrictMode>,
  );
  const count = (method: string) => video.calls.filter((call) => call.method === method).length;
  return { ...view, server, video, count };
}

describe("on the real control room of @onair/client", () => {
  it("R-PERM-3: StrictMode enters once, camera off; unmount ends every track", async () => {
    const { video, count, server, unmount } = renderRealRoom("speaker");
    await screen.findByRole("button", { name: "Turn camera on" });
    expect(server.requests.filter((r) => r === "POST /join")).toHaveLength(1);
    expect(count("connect")).toBe(1);
    expect(count("publishCamera")).toBe(1);
    expect(video.calls.find((c) => c.method === "publishCamera")?.details).toMatchObject({
      publishVideo: false,
      publishAudio: true,
    });
    expect(screen.queryByRole("button", { name: "Start the live" })).toBeNull();
    unmount();
    await waitFor(() => expect(count("leave")).toBe(1));
    expect(video.tracks.length).toBeGreaterThan(0);
    expect(video.tracks.every((track) => track.readyState === "ended")).toBe(true);
  });

  it("R-LIFE-1, R-LIFE-2: a moderator starts, puts their camera on stage and stops after confirming", async () => {
    const { server } = renderRealRoom("moderator");
    fireEvent.click(await screen.findByRole("button", { name: "Start the live" }));
    const stop = await screen.findByRole("button", { name: "Stop the live" });
    expect(server.requests).toContain("POST /live/start");
    await screen.findByText("42 viewers"); // presence, moderators only

    fireEvent.click(await screen.findByRole("checkbox", { name: /Camera 1 \(you\)/ }));
    fireEvent.click(screen.getByRole("button", { name: "Update the screen" }));
    await screen.findByText("On screen", { selector: "li span" });

    fireEvent.click(stop);
    expect(server.requests).not.toContain("POST /live/stop");
    fireEvent.click(await screen.findByRole("button", { name: "Stop for good" }));
    await screen.findByText("The live has ended.");
    expect(server.requests.filter((r) => r === "POST /live/stop")).toHaveLength(1);
  });
});
