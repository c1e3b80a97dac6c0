import { anAudienceView } from "@onair/testing";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HlsModule } from "../src/index.js";
import { AudienceScreen, OnAirProvider, useAudience, useOnAir } from "../src/index.js";
import { createFakeFollower, createFakeLiveClient } from "./fakes.js";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function EventPage({
  sessionId,
  loadHls,
}: {
  sessionId: string;
  loadHls?: () => Promise<HlsModule>;
}) {
  const { client } = useOnAir();
  const { view, connection } = useAudience(sessionId);
  return (
    <AudienceScreen
      view={view}
      connection={connection}
      replayUrl={client.replayUrl(sessionId)}
      {...(loadHls ? { loadHls } : {})}
    />
  );
}

function fakeHls() {
  const made: { source: string | null; media: HTMLMediaElement | null; destroyed: boolean }[] = [];
  class Hls {
    static isSupported() {
      return true;
    }
    state = {
      source: null as string | null,
      media: null as HTMLMediaElement | null,
      destroyed: false,
    };
    constructor() {
      made.push(this.state);
    }
    loadSource(url: string) {
      this.state.source = url;
    }
    attachMedia(media: HTMLMediaElement) {
      this.state.media = media;
    }
    destroy() {
      this.state.destroyed = true;
    }
  }
  const load = vi.fn(async () => ({ default: Hls }) as unknown as HlsModule);
  return { load, made };
}

function renderEvent(options: { locale?: string; loadHls?: () => Promise<HlsModule> } = {}) {
  const audience = createFakeFollower();
  const client = createFakeLiveClient(() => {
    throw new Error("no control room on an event page");
  }, audience.follower);
  const view = render(
    <OnAirProvider client={client} locale={options.locale ?? "en"}>
      <EventPage sessionId="ses_1" {...(options.loadHls ? { loadHls: options.loadHls } : {})} />
    </OnAirProvider>,
  );
  const push = (change: Parameters<typeof anAudienceView>[0]) =>
    act(() => audience.push(anAudienceView(change)));
  return { ...view, push, audience };
}

const live = { phase: "live", screen: "live" } as const;
const hlsUrl = "https://cdn.example.com/live/master.m3u8";

describe("AudienceScreen follows the pushed audience view", () => {
  it("R-LIFE-4: waiting → live (slate, then the player) → replay being prepared → replay", async () => {
    const hls = fakeHls();
    vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockReturnValue("");
    const { push } = renderEvent({ loadHls: hls.load });
    expect(screen.getByText("Connecting…")).not.toBeNull();

    push({});
    expect(screen.getByText("The live has not started yet.")).not.toBeNull();
    expect(screen.getByText(/Starts at/)).not.toBeNull();
    // In the session's zone, which is named: an attendee elsewhere is not misled.
    expect(screen.getByText(/^Starts at .+ \(Europe\/Paris\)$/)).not.toBeNull();

    push({ ...live, holdingSlate: true });
    expect(screen.getByText("The live will resume in a moment.")).not.toBeNull();
    expect(screen.queryByLabelText("Video: Launch day")).toBeNull();

    push({ ...live, holdingSlate: false, hlsUrl });
    const player = screen.getByLabelText("Video: Launch day") as HTMLVideoElement;
    await waitFor(() => expect(hls.made[0]?.source).toBe(hlsUrl));
    expect(hls.made[0]?.media).toBe(player);

    push({ phase: "ended", screen: "replay-processing", replay: "processing" });
    expect(screen.getByText("The live has ended. The replay is being prepared.")).not.toBeNull();
    expect(hls.made[0]?.destroyed).toBe(true);

    push({
      phase: "ended",
      screen: "replay",
      replay: "ready",
      replayPath: "/sessions/ses_1/replay",
    });
    const replay = screen.getByLabelText("Video: Launch day") as HTMLVideoElement;
    expect(replay.getAttribute("src") ?? replay.src).toMatch(
      /\/api\/live\/sessions\/ses_1\/replay$/,
    );
  });

  it("R-LIFE-4: a failed replay shows “replay unavailable”", () => {
    const { push } = renderEvent();
    push({ phase: "ended", screen: "replay-unavailable", replay: "failed" });
    expect(screen.getByText("The replay is unavailable.")).not.toBeNull();
    expect(screen.queryByRole("button", { name: "Unmute" })).toBeNull();
  });

  it("R-STAGE-2: a live with nothing on stage shows the holding slate, even with a URL", () => {
    const { push } = renderEvent();
    push({ ...live, holdingSlate: true, hlsUrl });
    expect(screen.getByText("The live will resume in a moment.")).not.toBeNull();
    expect(screen.queryByLabelText("Video: Launch day")).toBeNull();
  });

  it("R-AUD-2: the player starts muted with a visible unmute control that works", () => {
    vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockReturnValue("maybe");
    const { push } = renderEvent();
    push({ ...live, hlsUrl });
    const player = screen.getByLabelText("Video: Launch day") as HTMLVideoElement;
    expect(player.muted).toBe(true);
    expect(player.autoplay).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Unmute" }));
    expect(player.muted).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Mute" }));
    expect(player.muted).toBe(true);
  });

  it("plays HLS natively when the browser can, without loading hls.js", () => {
    const hls = fakeHls();
    vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockReturnValue("maybe");
    const { push } = renderEvent({ loadHls: hls.load });
    push({ ...live, hlsUrl });
    const player = screen.getByLabelText("Video: Launch day") as HTMLVideoElement;
    expect(player.src).toBe(hlsUrl);
    expect(hls.load).not.toHaveBeenCalled();
  });

  it("says so when neither the browser nor hls.js can play HLS", async () => {
    vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockReturnValue("");
    const { push } = renderEvent({
      loadHls: () => Promise.reject(new Error("hls.js is not installed")),
    });
    push({ ...live, hlsUrl });
    expect(await screen.findByRole("alert")).toHaveProperty(
      "textContent",
      "The video cannot be played in this browser.",
    );
  });

  it("R-PRE-6: the event page speaks French", () => {
    const { push } = renderEvent({ locale: "fr-FR" });
    push({ phase: "ended", screen: "replay-processing", replay: "processing" });
    expect(screen.getByText("Le direct est terminé. Le replay est en préparation.")).not.toBeNull();
  });

  it("closes the follower once the page is gone", async () => {
    const { audience, unmount } = renderEvent();
    unmount();
    await waitFor(() => expect(audience.closed()).toBe(1));
  });
});
