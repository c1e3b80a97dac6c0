import { preflightReportSchema } from "@onair/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LiveClient } from "../types.js";
import { gatherPreflightReport } from "./gather-preflight.js";

const chromeUa =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

interface BrowserSetup {
  secure?: boolean;
  protocol?: string;
  hostname?: string;
  webrtc?: boolean;
  permissions?: Record<string, PermissionState> | "unsupported" | "throws";
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  devices?: Partial<MediaDeviceInfo>[] | "missing";
}

const stopped: string[] = [];

function fakeStream(kind: string): MediaStream {
  return {
    getTracks: () => [{ kind, stop: () => stopped.push(kind) }],
  } as unknown as MediaStream;
}

const domError = (name: string, message = name) => Object.assign(new Error(message), { name });

const allowAll = async (constraints: MediaStreamConstraints) =>
  fakeStream(constraints.video !== undefined ? "video" : "audio");

const twoCameras: Partial<MediaDeviceInfo>[] = [
  { kind: "videoinput", deviceId: "cam-1", label: "Front" },
  { kind: "videoinput", deviceId: "cam-2", label: "USB" },
  { kind: "audioinput", deviceId: "mic-1", label: "Headset" },
  { kind: "audiooutput", deviceId: "out-1", label: "Speakers" },
];

function browser(setup: BrowserSetup = {}) {
  const requested: MediaStreamConstraints[] = [];
  const permissions =
    setup.permissions === "unsupported"
      ? undefined
      : {
          query: async ({ name }: { name: string }) => {
            const given = setup.permissions;
            if (given === "throws") throw new TypeError(`'${name}' is not a valid value`);
            return { state: typeof given === "object" ? (given[name] ?? "prompt") : "prompt" };
          },
        };
  const getUserMedia = setup.getUserMedia ?? allowAll;
  vi.stubGlobal("navigator", {
    userAgent: chromeUa,
    permissions,
    mediaDevices: {
      getUserMedia: (constraints: MediaStreamConstraints) => {
        requested.push(constraints);
        return getUserMedia(constraints);
      },
      ...(setup.devices === "missing"
        ? {}
        : { enumerateDevices: async () => setup.devices ?? twoCameras }),
    },
  });
  vi.stubGlobal("isSecureContext", setup.secure ?? true);
  vi.stubGlobal("location", {
    protocol: setup.protocol ?? "https:",
    hostname: setup.hostname ?? "events.example.com",
  });
  vi.stubGlobal("RTCPeerConnection", setup.webrtc === false ? undefined : class {});
  return { requested };
}

const clientMeasuring = (mbps: number | null, delayMs = 0) =>
  ({
    measureUpload: vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return mbps;
    }),
  }) as unknown as LiveClient & { measureUpload: ReturnType<typeof vi.fn> };

afterEach(() => {
  vi.unstubAllGlobals();
  stopped.length = 0;
});

describe("gatherPreflightReport", () => {
  it("R-PRE-1, R-PRE-2, R-PRE-3: a speaker on a good set-up: a valid report, ready, devices listed", async () => {
    const { requested } = browser({ permissions: { camera: "granted", microphone: "granted" } });
    const client = clientMeasuring(42);
    const gathered = await gatherPreflightReport({
      role: "speaker",
      context: "published",
      client,
      devices: { videoDeviceId: "cam-2" },
    });
    expect(preflightReportSchema.safeParse(gathered.report).success).toBe(true);
    expect(gathered.report).toEqual({
      role: "speaker",
      page: {
        secureContext: true,
        protocol: "https:",
        hostname: "events.example.com",
        site: "published",
      },
      webrtc: { supported: true },
      camera: { permission: "granted", count: 2 },
      microphone: { permission: "granted", count: 1 },
      browser: { name: "chrome", version: 156 },
      network: { uploadMbps: 42, udp: "unknown", relay: "unknown" },
    });
    // The verdicts come from the core's evaluatePreflight.
    expect(gathered.result.checks.find((c) => c.id === "bandwidth")).toMatchObject({
      verdict: "pass",
    });
    expect(gathered.devices).toEqual({
      cameras: [
        { deviceId: "cam-1", label: "Front" },
        { deviceId: "cam-2", label: "USB" },
      ],
      microphones: [{ deviceId: "mic-1", label: "Headset" }],
    });
    // The chosen camera was asked for, and every track it opened was stopped.
    expect(requested[0]).toEqual({ video: { deviceId: { exact: "cam-2" } } });
    expect(requested[1]).toEqual({ audio: true });
    expect(stopped.sort()).toEqual(["audio", "video"]);
    expect(client.measureUpload).toHaveBeenCalledWith({ timeoutMs: 5_000 });
    expect(gathered.failures).toEqual([]);
  });

  it("R-PRE-7: an insecure page is reported as such and the result is blocked", async () => {
    browser({ secure: false, protocol: "http:", hostname: "events.example.com" });
    const { report, result } = await gatherPreflightReport({
      role: "moderator",
      context: "published",
    });
    expect(report.page).toMatchObject({ secureContext: false, protocol: "http:" });
    expect(result.overall).toBe("blocked");
    expect(result.checks.find((c) => c.id === "secure-context")?.verdict).toBe("fail");
  });

  it("R-PRE-1: no RTCPeerConnection is reported with a reason code", async () => {
    browser({ webrtc: false });
    const { report, failures, result } = await gatherPreflightReport({
      role: "speaker",
      context: "published",
    });
    expect(report.webrtc.supported).toBe(false);
    expect(failures.map((f) => f.code)).toContain("webrtc-unavailable");
    expect(result.checks.find((c) => c.id === "webrtc")?.verdict).toBe("fail");
  });

  it.each([
    ["NotAllowedError", "Permission denied", { permission: "denied" }, "denied"],
    [
      "NotAllowedError",
      "Permission denied by system",
      { permission: "denied", reason: "os-blocked" },
      "os-blocked",
    ],
    ["NotFoundError", "Requested device not found", { reason: "no-device" }, "no-device"],
    ["OverconstrainedError", "", { reason: "no-device" }, "no-device"],
    ["NotReadableError", "Could not start video source", { reason: "in-use" }, "in-use"],
    ["AbortError", "", { reason: "in-use" }, "in-use"],
    ["WeirdError", "", {}, "failed"],
  ])(
    "R-PRE-2: a camera failing with %s (%s) is reported with its reason",
    async (name, message, expected, code) => {
      browser({
        getUserMedia: async (constraints) => {
          if (constraints.video !== undefined) throw domError(name, message);
          return fakeStream("audio");
        },
      });
      const { report, failures } = await gatherPreflightReport({
        role: "speaker",
        context: "published",
      });
      expect(report.camera).toMatchObject(expected);
      expect(report.microphone.permission).toBe("granted");
      expect(failures.map((f) => f.code)).toEqual([`camera-${code}`]);
    },
  );

  it("R-PRE-2: a speaker without a microphone is blocked; the camera alone only degrades", async () => {
    browser({
      devices: [{ kind: "videoinput", deviceId: "cam-1", label: "Front" }],
      getUserMedia: async (constraints) => {
        if (constraints.audio !== undefined) throw domError("NotFoundError");
        return fakeStream("video");
      },
    });
    const { report, result } = await gatherPreflightReport({
      role: "speaker",
      context: "published",
    });
    expect(report.microphone).toMatchObject({ reason: "no-device", count: 0 });
    expect(result.checks.find((c) => c.id === "microphone")?.verdict).toBe("fail");
    expect(result.overall).toBe("blocked");
  });

  it("attendees are never asked for their camera or microphone", async () => {
    const { requested } = browser();
    const client = clientMeasuring(10);
    const { report } = await gatherPreflightReport({
      role: "attendee",
      context: "published",
      client,
    });
    expect(requested).toEqual([]);
    expect(client.measureUpload).not.toHaveBeenCalled();
    expect(report.network).toMatchObject({ uploadMbps: null, unmeasuredReason: "not-run" });
    expect(report.camera.permission).toBe("prompt");
  });

  it("permissions the browser cannot query are unknown, with a reason code", async () => {
    browser({
      permissions: "throws",
      getUserMedia: async () => Promise.reject(domError("NotAllowedError")),
    });
    const { report, failures } = await gatherPreflightReport({
      role: "moderator",
      context: "preview",
    });
    expect(report.camera.permission).toBe("denied");
    expect(failures.map((f) => f.code)).toEqual(
      expect.arrayContaining([
        "camera-permission-unqueryable",
        "microphone-permission-unqueryable",
        "camera-denied",
      ]),
    );
    expect(report.page.site).toBe("preview");
  });

  it("devices hidden before the permission are counted as unknown, not as missing", async () => {
    browser({
      permissions: "unsupported",
      devices: [],
      getUserMedia: async () => Promise.reject(domError("NotAllowedError")),
    });
    const { report, devices } = await gatherPreflightReport({
      role: "speaker",
      context: "published",
    });
    expect(report.camera).toEqual({ permission: "denied", count: null });
    expect(devices).toEqual({ cameras: [], microphones: [] });
  });

  it("without mediaDevices (an insecure page) the reason says so", async () => {
    browser({ secure: false, protocol: "http:" });
    vi.stubGlobal("navigator", { userAgent: chromeUa });
    const { report, failures } = await gatherPreflightReport({
      role: "speaker",
      context: "published",
    });
    expect(failures.map((f) => f.code)).toContain("media-insecure-context");
    expect(report.camera).toEqual({ permission: "unknown", count: null });
  });

  it("R-PRE-3: an upload that cannot be measured is reported unmeasured, with why", async () => {
    browser();
    const failed = await gatherPreflightReport({
      role: "speaker",
      context: "published",
      client: clientMeasuring(null),
    });
    expect(failed.report.network).toMatchObject({ uploadMbps: null, unmeasuredReason: "error" });
    expect(failed.failures.map((f) => f.code)).toContain("upload-failed");
    expect(failed.result.checks.find((c) => c.id === "bandwidth")).toMatchObject({
      verdict: "warn",
      reason: "unmeasured",
    });
    const none = await gatherPreflightReport({ role: "speaker", context: "published" });
    expect(none.report.network).toMatchObject({ uploadMbps: null, unmeasuredReason: "not-run" });
  });

  it("R-PRE-3: a slow link below the minimum is a warning from the core", async () => {
    browser();
    const { result } = await gatherPreflightReport({
      role: "speaker",
      context: "published",
      client: clientMeasuring(1.5),
    });
    expect(result.checks.find((c) => c.id === "bandwidth")).toMatchObject({
      verdict: "warn",
      reason: "below-minimum",
    });
  });

  it("R-PRE-5: with STUN servers given, UDP and the relay come from candidate gathering", async () => {
    browser();
    vi.stubGlobal(
      "RTCPeerConnection",
      class {
        onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
        createDataChannel() {}
        async createOffer() {
          return {};
        }
        async setLocalDescription() {
          setTimeout(() => {
            this.onicecandidate?.({
              candidate: {
                candidate: "candidate:2 1 udp 1 203.0.113.7 5 typ srflx raddr 0.0.0.0 rport 0",
              },
            });
            this.onicecandidate?.({ candidate: null });
          }, 1);
        }
        close() {}
      },
    );
    const { report, result } = await gatherPreflightReport({
      role: "speaker",
      context: "published",
      connectivity: { iceServers: [{ urls: "stun:stun.example.com" }] },
    });
    expect(report.network).toMatchObject({ udp: "ok", relay: "none" });
    expect(result.checks.find((c) => c.id === "connectivity")).toMatchObject({ verdict: "pass" });
  });
});
