// Real video in the tiles: LiveStage attaches every stream of the control room, and the event
// page with subscriber delivery plays the stage through the audience room, muted with an unmute
// button. The real @onair/client, the fake video client of @onair/testing, HTTP answers stubbed.
import type { StreamAttachment } from "@onair/client";
import { createLiveClient } from "@onair/client";
import type { AudienceView, Role } from "@onair/core";
import { capabilitiesOf } from "@onair/core/browser";
import {
  anAudienceView,
  createFakeVideoClient,
  createFakeVideoRooms,
  type FakeVideoClient,
} from "@onair/testing";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { AudienceScreen, LiveStage, OnAirProvider } from "../src/index.js";
import { createFakeFollower, createFakeLiveClient } from "./fakes.js";
import { ControlRoomPage, SubscriberEventPage } from "./pages.js";

afterEach(cleanup);

const connection = {
  provider: "mock",
  applicationId: "mock-app",
  roomId: "room_1",
  token: "t",
} as const;
const quiet = { streamAdded() {}, streamRemoved() {}, disconnected() {} };

/** POST join answers a grant of this role, as the server does (attendees: a subscriber). */
function joinOnlyFetch(role: Role) {
  const joins: string[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init?.method ?? "GET";
    if (method === "POST" && url.endsWith("/join")) {
      joins.push(url);
      const grant = {
        sessionId: "ses_1",
        role,
        roles: [role],
        capabilities: capabilitiesOf([role]),
        providerRole: role === "attendee" ? "subscriber" : "moderator",
        connection,
        grantId: `g_${joins.length}`,
        expiresAt: Date.now() + 60_000,
        camera: "off",
        microphone: "on",
        onStage: false,
      };
      return new Response(JSON.stringify(grant), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }
    return new Response(null, { status: 204 });
  };
  return { fetch: fetchStub as typeof fetch, joins };
}

const countOf = (video: FakeVideoClient) => (method: string) =>
  video.calls.filter((call) => call.method === method).length;

async function aSpeaker(rooms: ReturnType<typeof createFakeVideoRooms>) {
  const speaker = await createFakeVideoClient({ rooms, media: "synthetic" }).connect(
    connection,
    quiet,
  );
  return speaker.publishCamera({ publishVideo: true, publishAudio: true });
}

describe("LiveStage plays every stream of the control room", () => {
  it("a tile per stream with its accessible name: others subscribed, one's own previewed, once under StrictMode", async () => {
    const rooms = createFakeVideoRooms();
    const speakerCamera = await aSpeaker(rooms);
    const video = createFakeVideoClient({ rooms, media: "synthetic" });
    const server = joinOnlyFetch("moderator");
    const client = createLiveClient({ baseUrl: "http://onair.test/api/live", fetch: server.fetch });
    const count = countOf(video);
    const { unmount } = render(
      <StrictMode>
        <OnAirProvider client={client} video={video}>
          <ControlRoomPage sessionId="ses_1" />
        </OnAirProvider>
      </StrictMode>,
    );
    await screen.findByRole("figure", { name: "Video: Camera 1" });
    await screen.findByRole("figure", { name: "Video: Camera 2 (you)" });
    await waitFor(() => expect(count("preview")).toBe(1));
    expect(video.calls.filter((c) => c.method === "subscribe").map((c) => c.streamId)).toEqual([
      speakerCamera.streamId,
    ]);

    // The speaker leaves: the tile goes, its subscription ends.
    await act(() => speakerCamera.stop());
    await waitFor(() =>
      expect(screen.queryByRole("figure", { name: "Video: Camera 1" })).toBeNull(),
    );
    await waitFor(() => expect(count("unsubscribe")).toBe(1));

    unmount();
    await waitFor(() => expect(count("leave")).toBe(1));
    expect(count("unpreview")).toBe(1);
    expect(count("subscribe")).toBe(1);
  });

  it("renderStream still overrides the tile's video", () => {
    const recorded: string[] = [];
    render(
      <LiveStage
        state={{
          status: "connected",
          grant: null,
          error: null,
          camera: "off",
          microphone: "on",
          sharing: null,
          streams: [
            {
              streamId: "st_a",
              videoType: "screen",
              hasVideo: true,
              hasAudio: false,
              local: false,
              onStage: true,
            },
          ],
          live: null,
          presence: null,
        }}
        setCamera={async () => {}}
        setMicrophone={async () => {}}
        attach={(streamId) => {
          recorded.push(streamId);
          return { shown: Promise.resolve(), detach: () => undefined };
        }}
        renderStream={(stream) => <p>custom {stream.streamId}</p>}
      />,
    );
    expect(screen.getByText("custom st_a")).toBeDefined();
    expect(screen.queryByRole("figure")).toBeNull();
    expect(recorded).toEqual([]);
  });
});

function renderSubscriberPage() {
  const rooms = createFakeVideoRooms();
  const video = createFakeVideoClient({ rooms, media: "synthetic" });
  const server = joinOnlyFetch("attendee");
  const real = createLiveClient({ baseUrl: "http://onair.test/api/live", fetch: server.fetch });
  const pushed = createFakeFollower();
  const created: number[] = [];
  const client = createFakeLiveClient(
    () => {
      throw new Error("no control room on the event page");
    },
    undefined,
    (sessionId, videoClient) => {
      created.push(1);
      return real.audienceRoom(sessionId, videoClient, { follower: pushed.follower });
    },
  );
  const view = render(
    <StrictMode>
      <OnAirProvider client={client} video={video}>
        <SubscriberEventPage sessionId="ses_1" />
      </OnAirProvider>
    </StrictMode>,
  );
  return { ...view, rooms, video, server, pushed, created, count: countOf(video) };
}

const liveView = (streamIds: string[], version: number): AudienceView =>
  anAudienceView({
    phase: "live",
    screen: "live",
    delivery: "subscribers",
    stage: { streamIds, layout: "grid", focusStreamId: null },
    version,
  });

describe("AudienceScreen with subscriber delivery (R-AUD-1)", () => {
  it("R-AUD-1: joins only once live, plays the stage muted with an unmute button, subscribes once under StrictMode", async () => {
    const page = renderSubscriberPage();
    const speakerCamera = await aSpeaker(page.rooms);
    act(() => page.pushed.push(anAudienceView({ delivery: "subscribers" })));
    await screen.findByText("The live has not started yet.");
    expect(page.server.joins).toHaveLength(0);
    expect(page.count("connect")).toBe(0);

    act(() => page.pushed.push(liveView([speakerCamera.streamId ?? ""], 2)));
    await screen.findByRole("figure", { name: "The stage" });
    expect(screen.getByRole("button", { name: "Unmute" })).toBeDefined();
    await waitFor(() => expect(page.count("subscribe")).toBe(1));
    expect(page.server.joins).toHaveLength(1);
    expect(page.count("connect")).toBe(1);
    expect(page.created).toHaveLength(1);

    // R-AUD-2: subscribed without sound; the button asks the video client to play it.
    const subscribe = page.video.calls.find((c) => c.method === "subscribe");
    expect(subscribe?.details).toEqual({ audio: false });
    fireEvent.click(screen.getByRole("button", { name: "Unmute" }));
    await screen.findByRole("button", { name: "Mute" });
    await waitFor(() =>
      expect(page.video.calls.filter((c) => c.method === "setAudio").map((c) => c.details)).toEqual(
        [{ on: true }],
      ),
    );
  });

  it("R-STAGE-2: an empty stage shows the holding slate, and the subscription ends", async () => {
    const page = renderSubscriberPage();
    const speakerCamera = await aSpeaker(page.rooms);
    act(() => page.pushed.push(liveView([speakerCamera.streamId ?? ""], 2)));
    await screen.findByRole("figure", { name: "The stage" });
    act(() => page.pushed.push(liveView([], 3)));
    await screen.findByText("The live will resume in a moment.");
    expect(screen.queryByRole("figure")).toBeNull();
    await waitFor(() => expect(page.count("unsubscribe")).toBe(1));
  });

  it("R-LIFE-4: the stopped live leaves the room; unmounting closes the audience room", async () => {
    const page = renderSubscriberPage();
    const speakerCamera = await aSpeaker(page.rooms);
    act(() => page.pushed.push(liveView([speakerCamera.streamId ?? ""], 2)));
    await screen.findByRole("figure", { name: "The stage" });
    act(() =>
      page.pushed.push(anAudienceView({ phase: "ended", screen: "replay-processing", version: 3 })),
    );
    await screen.findByText("The live has ended. The replay is being prepared.");
    await waitFor(() => expect(page.count("leave")).toBe(1));
    act(() => page.pushed.push(liveView([speakerCamera.streamId ?? ""], 4)));
    await waitFor(() => expect(page.count("connect")).toBe(2));
    page.unmount();
    await waitFor(() => expect(page.count("leave")).toBe(2));
  });
});

describe("the stage's unmute control (R-AUD-2)", () => {
  /** An attach that puts a <video> in the element a moment later, as an SDK does. */
  function attachVideos() {
    const attached: string[] = [];
    const attach = (streamId: string, element: HTMLElement): StreamAttachment => {
      attached.push(streamId);
      const shown = Promise.resolve().then(() => {
        const media = element.ownerDocument.createElement("video");
        media.muted = false;
        element.appendChild(media);
      });
      return { shown, detach: () => attached.push(`-${streamId}`) };
    };
    return { attach, attached };
  }

  it("R-AUD-2: every stage video starts muted, those the SDK adds later included; the button unmutes and mutes", async () => {
    const { attach, attached } = attachVideos();
    const view = liveView(["st_a", "st_b"], 2);
    const { unmount } = render(
      <AudienceScreen view={view} streams={["st_a", "st_b"]} attach={attach} />,
    );
    const tiles = [
      screen.getByRole("figure", { name: "The stage, video 1 of 2" }),
      screen.getByRole("figure", { name: "The stage, video 2 of 2" }),
    ];
    await waitFor(() => expect(document.querySelectorAll("video")).toHaveLength(2));
    const muted = () => tiles.map((tile) => tile.querySelector("video")?.muted);
    await waitFor(() => expect(muted()).toEqual([true, true]));
    fireEvent.click(screen.getByRole("button", { name: "Unmute" }));
    expect(muted()).toEqual([false, false]);
    fireEvent.click(screen.getByRole("button", { name: "Mute" }));
    expect(muted()).toEqual([true, true]);
    unmount();
    expect(attached).toEqual(["st_a", "st_b", "-st_a", "-st_b"]);
  });

  it("renderStage still overrides the subscriber stage", () => {
    const { attach, attached } = attachVideos();
    render(
      <AudienceScreen
        view={liveView(["st_a"], 2)}
        streams={["st_a"]}
        attach={attach}
        renderStage={(stage) => <p>custom {stage.streamIds.join(",")}</p>}
      />,
    );
    expect(screen.getByText("custom st_a")).toBeDefined();
    expect(attached).toEqual([]);
  });
});
