// The real @vonage/client-sdk-video in Chromium: what the Vonage video client relies on, offline.
// Publishers are created with the exact properties the room uses; connecting needs Vonage's
// servers, so here it must fail with the mapped LiveError.
import { isLiveError } from "@onair/core/browser";
import {
  cameraProperties,
  initVonagePublisher,
  screenProperties,
  trackProperties,
} from "../../../src/video/vonage-publisher.js";
import { unwrapSdk, type VonageSdkPublisher } from "../../../src/video/vonage-sdk.js";
import { createVonageVideoClient } from "../../../src/video/vonage-video-client.js";
import { expose, waitFor } from "./page-support.js";

/** The SDK calls this page reads beyond the ones the room uses. */
interface SdkExtras {
  checkSystemRequirements(): number;
  getDevices(
    callback: (
      error: unknown,
      devices?: { kind: string; deviceId: string; label: string }[],
    ) => void,
  ): void;
  setLogLevel?(level: number): void;
}

interface PublisherExtras extends VonageSdkPublisher {
  getVideoSource(): {
    deviceId: string | null;
    type: string | null;
    track: MediaStreamTrack | null;
  };
  getAudioSource(): MediaStreamTrack | null;
  accessAllowed: boolean;
}

async function loadSdk() {
  const module = await import("@vonage/client-sdk-video");
  const sdk = unwrapSdk(module);
  return { sdk, extras: sdk as unknown as SdkExtras };
}

function describePublisher(publisher: VonageSdkPublisher) {
  const extras = publisher as PublisherExtras;
  const source = extras.getVideoSource();
  return {
    videoType: source.type,
    videoDeviceId: source.deviceId,
    videoTrackState: source.track?.readyState ?? null,
    videoTrackEnabled: source.track?.enabled ?? null,
    audioTrackState: extras.getAudioSource()?.readyState ?? null,
    accessAllowed: extras.accessAllowed,
  };
}

expose("vonagePage", {
  async requirements() {
    const { extras } = await loadSdk();
    const devices = await new Promise<{ kind: string; deviceId: string; label: string }[]>(
      (resolve, reject) =>
        extras.getDevices((error, found) => (error ? reject(error) : resolve(found ?? []))),
    );
    return {
      systemRequirements: extras.checkSystemRequirements(),
      cameras: devices.filter((device) => device.kind === "videoInput").length,
      microphones: devices.filter((device) => device.kind === "audioInput").length,
      firstCamera: devices.find((device) => device.kind === "videoInput")?.deviceId ?? null,
    };
  },

  async camera(videoDeviceId: string) {
    const { sdk } = await loadSdk();
    const publisher = await initVonagePublisher(
      sdk,
      undefined,
      cameraProperties({ videoDeviceId, publishVideo: false, publishAudio: true }),
    );
    const described = describePublisher(publisher);
    const tracks = [
      (publisher as PublisherExtras).getVideoSource().track,
      (publisher as PublisherExtras).getAudioSource(),
    ];
    publisher.destroy();
    return {
      ...described,
      insertedElements: document.querySelectorAll(".OT_publisher").length,
      endedAfterDestroy: tracks.every((track) => track === null || track.readyState === "ended"),
    };
  },

  async screen() {
    const { sdk } = await loadSdk();
    const publisher = await initVonagePublisher(sdk, undefined, screenProperties());
    const described = describePublisher(publisher);
    publisher.destroy();
    return described;
  },

  async canvasTrack() {
    const { sdk } = await loadSdk();
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("no 2d context");
    context.fillStyle = "#2a9d8f";
    context.fillRect(0, 0, 320, 240);
    const [original] = canvas.captureStream(5).getVideoTracks();
    if (original === undefined) throw new Error("no canvas track");
    const clone = original.clone();
    const publisher = await initVonagePublisher(
      sdk,
      undefined,
      trackProperties(clone, { name: "slides" }),
    );
    const described = describePublisher(publisher);
    const publishedIsClone = (publisher as PublisherExtras).getVideoSource().track === clone;
    publisher.destroy();
    await waitFor(() => clone.readyState === "ended", "the clone to end", 2_000).catch(() => {});
    const result = {
      ...described,
      publishedIsClone,
      cloneAfterDestroy: clone.readyState,
      originalAfterDestroy: original.readyState,
    };
    original.stop();
    return result;
  },

  async connectOffline() {
    const client = createVonageVideoClient();
    const started = performance.now();
    try {
      await client.connect(
        {
          provider: "vonage",
          applicationId: "12345678",
          roomId: "1_MX4xMjM0NTY3OH5-offline",
          token: "T1==offline",
        },
        { streamAdded() {}, streamRemoved() {}, disconnected() {} },
      );
      return { connected: true };
    } catch (error) {
      return {
        connected: false,
        liveError: isLiveError(error),
        code: isLiveError(error) ? error.code : null,
        retriable: isLiveError(error) ? error.retriable : null,
        ms: Math.round(performance.now() - started),
      };
    }
  },
});
