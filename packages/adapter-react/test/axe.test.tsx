// Accessibility scans of each screen with axe-core, in happy-dom (the real-browser run repeats
// them). With the stop dialog open, axe checks the dialog.

import { anAudienceView } from "@onair/testing";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AudienceScreen, OnAirProvider, PreflightPanel } from "../src/index.js";
import { aFakeVideoClient, createFakeControlRoom, createFakeLiveClient } from "./fakes.js";
import { ControlRoomPage } from "./pages.js";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function seriousViolations(root: Element = document.body) {
  // happy-dom has no layout: the colour-contrast rule cannot run there.
  const results = await axe.run(root, { rules: { "color-contrast": { enabled: false } } });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`);
}

function renderControlRoom(phase: "scheduled" | "live") {
  const recording = aFakeVideoClient();
  const client = createFakeLiveClient(
    (sessionId, video) =>
      createFakeControlRoom(sessionId, video, {
        role: "moderator",
        phase,
        streams: [
          {
            streamId: "st_a",
            videoType: "camera",
            hasVideo: true,
            hasAudio: true,
            local: true,
            onStage: true,
          },
        ],
      }).room,
  );
  render(
    <OnAirProvider client={client} video={recording.video}>
      <ControlRoomPage sessionId="ses_1" />
    </OnAirProvider>,
  );
}

describe("axe-core finds no serious or critical violation", () => {
  it("the scan works in this DOM: it finds a button without a name", async () => {
    render(<button type="button" />);
    expect((await seriousViolations()).join()).toMatch(/^button-name/);
  });

  it("control room before the start", async () => {
    renderControlRoom("scheduled");
    await screen.findByRole("button", { name: "Leave" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("control room during the live, stop dialog closed and open", async () => {
    renderControlRoom("live");
    await screen.findByRole("button", { name: "Leave" });
    expect(await seriousViolations()).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Stop the live" }));
    const dialog = await screen.findByRole("dialog");
    expect(await seriousViolations(dialog)).toEqual([]);
  });

  it.each([
    ["waiting", anAudienceView()],
    ["live with the slate", anAudienceView({ phase: "live", screen: "live", holdingSlate: true })],
    [
      "live with the player",
      anAudienceView({ phase: "live", screen: "live", hlsUrl: "https://cdn.example.com/a.m3u8" }),
    ],
    [
      "replay being prepared",
      anAudienceView({ phase: "ended", screen: "replay-processing", replay: "processing" }),
    ],
    ["replay", anAudienceView({ phase: "ended", screen: "replay", replay: "ready" })],
    [
      "replay unavailable",
      anAudienceView({ phase: "ended", screen: "replay-unavailable", replay: "failed" }),
    ],
  ])("event page: %s", async (_name, view) => {
    vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockReturnValue("maybe");
    render(
      <main>
        <AudienceScreen view={view} replayUrl="/api/live/sessions/ses_1/replay" />
      </main>,
    );
    expect(await seriousViolations()).toEqual([]);
  });

  it("event page: live with subscriber delivery, two stage videos and the unmute button", async () => {
    const attach = (_streamId: string, element: HTMLElement) => {
      element.appendChild(element.ownerDocument.createElement("video"));
      return { shown: Promise.resolve(), detach: () => undefined };
    };
    render(
      <main>
        <AudienceScreen
          view={anAudienceView({
            phase: "live",
            screen: "live",
            delivery: "subscribers",
            stage: { streamIds: ["st_a", "st_b"], layout: "grid", focusStreamId: null },
          })}
          streams={["st_a", "st_b"]}
          attach={attach}
        />
      </main>,
    );
    expect(screen.getAllByRole("figure")).toHaveLength(2);
    expect(await seriousViolations()).toEqual([]);
  });

  it("preflight", async () => {
    render(
      <main>
        <PreflightPanel
          result={{
            overall: "degraded",
            checks: [{ id: "bandwidth", verdict: "warn", reason: "below-minimum" }],
            advice: [{ code: "stop-heavy-streams", message: "Stop other heavy streams." }],
          }}
          devices={{ cameras: [{ deviceId: "c", label: "Camera" }], microphones: [] }}
          onRun={() => undefined}
          onEnter={() => undefined}
        />
      </main>,
    );
    expect(await seriousViolations()).toEqual([]);
  });
});
