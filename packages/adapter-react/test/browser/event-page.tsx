// The event page of docs/react.md (test/pages.tsx) in a real page: the real createLiveClient over
// the HTTP API (behind this page's origin), useAudience and AudienceScreen. Nothing polls: what
// it shows comes from the follower's pushed events. A second useAudience (sharing the follower)
// logs every state the page went through; the test drives it through `globalThis.eventPage`.
import { createLiveClient } from "@onair/client";
import { StrictMode, useEffect } from "react";
import { createRoot, type Root } from "react-dom/client";
import { OnAirProvider, useAudience } from "../../src/index.js";
import { EventPage } from "../pages.js";

interface Seen {
  readonly screen: string | null;
  readonly version: number | null;
  readonly connection: string;
  readonly hlsUrl: string | null;
  readonly holdingSlate: boolean | null;
}

const container = document.getElementById("stage") ?? document.body;
let root: Root | null = null;
const log: Seen[] = [];

function StateLog({ sessionId }: { sessionId: string }) {
  const { view, connection } = useAudience(sessionId);
  useEffect(() => {
    log.push({
      screen: view?.screen ?? null,
      version: view?.version ?? null,
      connection,
      hlsUrl: view?.hlsUrl ?? null,
      holdingSlate: view?.holdingSlate ?? null,
    });
  }, [view, connection]);
  return null;
}

const player = () => container.querySelector("video");

(globalThis as Record<string, unknown>).eventPage = {
  mount(args: { sessionId: string }) {
    log.length = 0;
    // Reconnects come quickly here; the server's `retry:` (50 ms in the test API) is smaller.
    const client = createLiveClient({
      baseUrl: "/api/live",
      reconnect: { minDelayMs: 100, maxDelayMs: 400 },
    });
    root?.unmount();
    root = createRoot(container);
    root.render(
      <StrictMode>
        <OnAirProvider client={client}>
          <EventPage sessionId={args.sessionId} />
          <StateLog sessionId={args.sessionId} />
        </OnAirProvider>
      </StrictMode>,
    );
  },
  /** What the page shows now, and every state it went through. */
  state() {
    return {
      screen: container.querySelector("[data-screen]")?.getAttribute("data-screen") ?? null,
      slate: container.querySelector('[data-onair="holding-slate"]') !== null,
      status: container.querySelector('[role="status"]')?.textContent ?? null,
      log: [...log],
    };
  },
  /** The player now: where it plays from, how far it got, muted or not. */
  player() {
    const video = player();
    if (video === null) return null;
    return {
      src: video.currentSrc,
      currentTime: video.currentTime,
      muted: video.muted,
      paused: video.paused,
      videoWidth: video.videoWidth,
      duration: video.duration,
      ended: video.ended,
    };
  },
  unmount() {
    root?.unmount();
    root = null;
  },
};
document.body.dataset.ready = "true";
