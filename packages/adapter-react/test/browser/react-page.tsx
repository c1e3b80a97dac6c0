// @onair/react in a real page: the event page's AudienceScreen fed with views by the test, and
// the control room of docs/react.md over a stub control room and the fake video client (real
// fake-device media in Chromium). The test drives it through `globalThis.reactPage`.

import {
  type ContentSource,
  type ControlRoomOptions,
  createContentSource,
  createLiveClient,
  type VideoRoom,
} from "@onair/client";
import type { AudienceView, Role } from "@onair/core";
import { createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";
import { StrictMode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { AudienceScreen, OnAirProvider } from "../../src/index.js";
import { createFakeControlRoom, createFakeLiveClient } from "../fakes.js";
import { ControlRoomEntry, ControlRoomPage } from "../pages.js";

const container = document.getElementById("stage") ?? document.body;
let root: Root | null = null;
const video = createFakeVideoClient({ rooms: createFakeVideoRooms() });
const nativeCanPlay = HTMLMediaElement.prototype.canPlayType;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string, timeoutMs = 8_000) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await wait(20);
  }
}
const player = () => document.querySelector("video");
const button = (name: string) =>
  [...document.querySelectorAll("button")].find((b) => b.textContent === name) ?? null;

function mount(node: React.ReactNode) {
  root?.unmount();
  root = createRoot(container);
  root.render(<StrictMode>{node}</StrictMode>);
}

// The control room over the real HTTP API (behind this page's origin), and an audience-side fake
// client in the same rooms that watches what is published.
const rooms = createFakeVideoRooms();
const presenter = createFakeVideoClient({ rooms });
const watcher = createFakeVideoClient({ rooms });
const announced: { streamId: string; videoType: string | null }[] = [];
const sources: ContentSource[] = [];
let watcherRoom: VideoRoom | null = null;
let watched: HTMLVideoElement | null = null;
const controlRoomOptions: ControlRoomOptions = {
  contentSource: async (file, kind) => {
    const source = await createContentSource(file, kind, {
      pdfWorkerSrc: "/pdf.worker.min.mjs",
      width: 320,
      height: 240,
    });
    sources.push(source);
    return source;
  },
};

function averageColour(video: HTMLVideoElement) {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 24;
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const sum = [0, 0, 0];
  for (let index = 0; index < data.length; index += 4) {
    for (const channel of [0, 1, 2]) sum[channel]! += data[index + channel] ?? 0;
  }
  const pixels = data.length / 4;
  return { r: sum[0]! / pixels, g: sum[1]! / pixels, b: sum[2]! / pixels };
}

/** The real client over this page's origin, signed in as `email` (as the test router reads it). */
function signedIn(email: string) {
  return createLiveClient({
    baseUrl: "/api/live",
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("x-user", email);
      return fetch(input, { ...init, headers });
    },
  });
}

const api = {
  async mountRealControlRoom(args: { sessionId: string; email: string }) {
    const client = signedIn(args.email);
    mount(
      <OnAirProvider client={client} video={presenter} controlRoomOptions={controlRoomOptions}>
        <ControlRoomPage sessionId={args.sessionId} />
      </OnAirProvider>,
    );
    await until(() => button("Leave") !== null, "the room");
    const roomId = presenter.calls.find((call) => call.method === "connect")!.roomId;
    watcherRoom = await watcher.connect(
      { provider: "mock", applicationId: "mock-app", roomId, token: "watcher" },
      {
        streamAdded: (stream) => announced.push(stream),
        streamRemoved: () => undefined,
        disconnected: () => undefined,
      },
    );
    return presenter.calls.filter((call) => call.method === "publishCamera").length;
  },
  click(name: string) {
    const target = button(name);
    if (target === null) throw new Error(`no button "${name}"`);
    target.click();
  },
  text: () => container.textContent ?? "",
  /** Subscribes the watcher to the shared content and reports its average colour. */
  async watchShared() {
    await until(() => announced.some((s) => s.videoType === "custom"), "the shared stream");
    const stream = announced.filter((s) => s.videoType === "custom").at(-1)!;
    const element = document.createElement("div");
    document.body.append(element);
    await watcherRoom!.subscribe(stream.streamId, element);
    watched = element.querySelector("video");
    await until(() => (watched?.videoWidth ?? 0) > 0, "the first frame");
    return averageColour(watched!);
  },
  async colourOnceBlue() {
    await until(() => watched !== null && averageColour(watched).b > 150, "page 2, blue");
    return averageColour(watched!);
  },
  async unmountRealControlRoom() {
    root?.unmount();
    root = null;
    await until(() => presenter.calls.some((call) => call.method === "leave"), "leave");
    await watcherRoom?.leave();
    const tracks = [...presenter.tracks, ...sources.map((source) => source.track)];
    return { count: tracks.length, states: [...new Set(tracks.map((track) => track.readyState))] };
  },
  /**
   * The control-room entry of docs/react.md: the preflight panel with the real facts of this
   * browser (fake devices, upload measured against the API); resolves with the verdict shown.
   */
  async mountPreflight(args: { sessionId: string; email: string; role: "moderator" | "speaker" }) {
    mount(
      <OnAirProvider client={signedIn(args.email)} video={presenter}>
        <ControlRoomEntry sessionId={args.sessionId} participantRole={args.role} />
      </OnAirProvider>,
    );
    await until(() => container.querySelector("[data-overall]") !== null, "the verdicts", 15_000);
    return {
      overall: container.querySelector("[data-overall]")?.getAttribute("data-overall"),
      checks: container.querySelectorAll("[data-check]").length,
      cameras: container.querySelectorAll("select")[0]?.options.length ?? 0,
      enter: button("Enter the control room") !== null,
    };
  },
  /** Shows a view (null: still connecting); `hlsJs` makes the browser say it cannot play HLS, so hls.js is used. */
  async showAudience(args: { view: AudienceView | null; hlsJs?: boolean }) {
    HTMLMediaElement.prototype.canPlayType = args.hlsJs ? () => "" : nativeCanPlay;
    mount(<AudienceScreen view={args.view} replayUrl="/fixtures/clip.mp4" />);
    await until(() => container.querySelector("[data-screen]") !== null, "the screen");
    return container.querySelector("[data-screen]")?.getAttribute("data-screen");
  },
  /** Waits until the player has played a little, then reports it. */
  async playback() {
    await until(() => (player()?.currentTime ?? 0) > 0.5, "playback");
    const element = player()!;
    return {
      muted: element.muted,
      currentTime: element.currentTime,
      viaMse: element.src.startsWith("blob:"),
      unmuteButton: button("Unmute") !== null,
    };
  },
  async unmute() {
    button("Unmute")?.click();
    await until(() => player()?.muted === false, "unmuted");
    await wait(300);
    return {
      muted: player()!.muted,
      paused: player()!.paused,
      muteButton: button("Mute") !== null,
    };
  },
  async mountControlRoom(args: { role: Role; phase: "scheduled" | "live" }) {
    const client = createFakeLiveClient(
      (sessionId, videoClient) =>
        createFakeControlRoom(sessionId, videoClient, { role: args.role, phase: args.phase }).room,
    );
    mount(
      <OnAirProvider client={client} video={video}>
        <ControlRoomPage sessionId="ses_1" />
      </OnAirProvider>,
    );
    await until(() => button("Leave") !== null, "the room");
    return video.calls.filter((call) => call.method === "publishCamera").length;
  },
  async openStopDialog() {
    button("Stop the live")?.click();
    await until(() => document.querySelector("dialog")?.open === true, "the dialog");
    return document.activeElement?.textContent;
  },
  /** The dialog's state after Escape, and where the focus went. */
  async afterEscape() {
    await until(() => document.querySelector("dialog")?.open === false, "the dialog to close");
    return {
      focused: document.activeElement?.textContent,
      stopped: document.body.textContent?.includes("The live has ended.") ?? false,
    };
  },
  async unmount() {
    const leaves = () => video.calls.filter((call) => call.method === "leave").length;
    const before = leaves();
    root?.unmount();
    root = null;
    await until(() => leaves() > before, "leave");
    return {
      count: video.tracks.length,
      states: [...new Set(video.tracks.map((track) => track.readyState))],
    };
  },
};

(globalThis as Record<string, unknown>).reactPage = api;
document.body.dataset.ready = "true";
