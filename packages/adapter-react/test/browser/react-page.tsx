// @onair/react in a real page: the event page's AudienceScreen fed with views by the test, and
// the control room of docs/react.md over a stub control room and the fake video client (real
// fake-device media in Chromium). The test drives it through `globalThis.reactPage`.
import type { AudienceView, Role } from "@onair/core";
import { createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";
import { StrictMode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { AudienceScreen, OnAirProvider } from "../../src/index.js";
import { createFakeControlRoom, createFakeLiveClient } from "../fakes.js";
import { ControlRoomPage } from "../pages.js";

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

const api = {
  /** Shows a view; `hlsJs` makes the browser say it cannot play HLS, so hls.js is used. */
  async showAudience(args: { view: AudienceView; hlsJs?: boolean }) {
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
    root?.unmount();
    root = null;
    await until(() => video.calls.some((call) => call.method === "leave"), "leave");
    return {
      count: video.tracks.length,
      states: [...new Set(video.tracks.map((track) => track.readyState))],
    };
  },
};

(globalThis as Record<string, unknown>).reactPage = api;
document.body.dataset.ready = "true";
