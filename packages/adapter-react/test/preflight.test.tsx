import type { GatheredPreflight, GatherPreflightOptions } from "@onair/client";
import type { PreflightReport } from "@onair/core";
import { evaluatePreflight } from "@onair/core/browser";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OnAirProvider, PreflightPanel, usePreflight } from "../src/index.js";
import { aFakeVideoClient, createFakeLiveClient } from "./fakes.js";
import { ControlRoomEntry } from "./pages.js";

afterEach(cleanup);

function aReport(
  change: { uploadMbps?: number | null; microphone?: "granted" | "denied" } = {},
): PreflightReport {
  const uploadMbps = change.uploadMbps === undefined ? 20 : change.uploadMbps;
  return {
    role: "speaker",
    page: {
      secureContext: true,
      protocol: "https:",
      hostname: "events.example.com",
      site: "published",
    },
    webrtc: { supported: true },
    camera: { permission: "granted", count: 2 },
    microphone: { permission: change.microphone ?? "granted", count: 1 },
    browser: { name: "chrome", version: 150 },
    network: {
      uploadMbps,
      ...(uploadMbps === null ? { unmeasuredReason: "timeout" as const } : {}),
      udp: "ok",
      relay: "none",
    },
  } as PreflightReport;
}

const devices = {
  cameras: [
    { deviceId: "cam-1", label: "Front camera" },
    { deviceId: "cam-2", label: "USB camera" },
  ],
  microphones: [{ deviceId: "mic-1", label: "Headset" }],
};

function Entry({
  gather,
  onEnter,
}: {
  gather: (o: GatherPreflightOptions) => Promise<GatheredPreflight>;
  onEnter: () => void;
}) {
  const preflight = usePreflight({ role: "speaker", context: "published", gather });
  return <PreflightPanel {...preflight} onEnter={() => onEnter()} />;
}

function renderEntry(report: PreflightReport, locale = "en") {
  const gather = vi.fn(
    async (_options: GatherPreflightOptions): Promise<GatheredPreflight> => ({
      report,
      // gatherPreflightReport's verdicts are the core's
      result: evaluatePreflight(report),
      devices,
      failures: [],
    }),
  );
  const client = createFakeLiveClient(() => {
    throw new Error("unused");
  });
  const onEnter = vi.fn();
  render(
    <OnAirProvider client={client} locale={locale}>
      <Entry gather={gather} onEnter={onEnter} />
    </OnAirProvider>,
  );
  return { gather, onEnter };
}

describe("PreflightPanel with usePreflight", () => {
  it("R-PRE-3: shows the verdicts and advice of a slow upload, and lets the speaker enter degraded", async () => {
    const { onEnter } = renderEntry(aReport({ uploadMbps: 1 }));
    await screen.findByText("You can enter, but some things may not work well.");
    expect(screen.getByText("Upload speed: Warning")).not.toBeNull();
    expect(screen.getByText("Microphone: OK")).not.toBeNull();
    expect(document.querySelector("[data-advice]")).not.toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Enter the control room" }));
    expect(onEnter).toHaveBeenCalledOnce();
  });

  it("R-PRE-2: a speaker whose microphone is denied is blocked and cannot enter", async () => {
    renderEntry(aReport({ microphone: "denied" }));
    await screen.findByText("You cannot enter yet.");
    expect(screen.getByText("Microphone: Problem")).not.toBeNull();
    expect(screen.queryByRole("button", { name: "Enter the control room" })).toBeNull();
  });

  it("R-PRE-6: advice is shown in French on a French page", async () => {
    renderEntry(aReport({ uploadMbps: null }), "fr");
    await screen.findByText("Débit montant: Attention");
    const advice = [...document.querySelectorAll("[data-advice]")].map((item) => item.textContent);
    const expected = evaluatePreflight(aReport({ uploadMbps: null })).advice.map(
      (item) => item.text.fr,
    );
    expect(advice).toEqual(expected);
  });

  it("devices are chosen at entry: a new choice checks again with it", async () => {
    const { gather } = renderEntry(aReport());
    await screen.findByText("Everything is ready.");
    expect(gather).toHaveBeenCalledTimes(1);
    fireEvent.change(screen.getByLabelText("Camera"), { target: { value: "cam-2" } });
    await waitFor(() => expect(gather).toHaveBeenCalledTimes(2));
    expect(gather.mock.calls[1]?.[0]).toMatchObject({
      role: "speaker",
      context: "published",
      devices: { videoDeviceId: "cam-2" },
    });
    expect((screen.getByLabelText("Camera") as HTMLSelectElement).value).toBe("cam-2");
  });
});

describe("the control-room entry of docs/react.md, with the real gatherPreflightReport", () => {
  it("R-PRE-1: a browser without WebRTC (this test DOM) is blocked, with advice, and cannot enter", async () => {
    const client = createFakeLiveClient(() => {
      throw new Error("no room before entering");
    });
    render(
      <OnAirProvider client={client} video={aFakeVideoClient().video}>
        <ControlRoomEntry sessionId="ses_1" participantRole="speaker" />
      </OnAirProvider>,
    );
    await screen.findByText("You cannot enter yet.", {}, { timeout: 10_000 });
    expect(document.querySelector('[data-check="webrtc"]')?.getAttribute("data-verdict")).toBe(
      "fail",
    );
    expect(document.querySelectorAll("[data-advice]").length).toBeGreaterThan(0);
    expect(screen.queryByRole("button", { name: "Enter the control room" })).toBeNull();
  });
});
