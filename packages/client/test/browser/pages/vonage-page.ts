// The real @vonage/client-sdk-video in Chromium: what the Vonage video client relies on, offline.
// Publishers are created with the exact properties the room uses; connecting needs Vonage's
// servers, so here it must fail with the mapped LiveError.
import { isLiveError } from "@onair/core/browser";
import type { LocalPublication, Subscription } from "../../../src/video/video-client.js";
import {
  cameraProperties,
  initVonagePublisher,
  screenProperties,
  trackProperties,
} from "../../../src/video/vonage-publisher.js";
import { connectVonageRoom } from "../../../src/video/vonage-room.js";
import {
  type SdkCallback,
  unwrapSdk,
  type VonageSdk,
  type VonageSdkPublisher,
  type VonageSdkSession,
} from "../../../src/video/vonage-sdk.js";
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

/**
 * The SDK with a session that accepts everything without a server: the room's own code then runs
 * on real publishers (their camera, tracks and toggles), only nothing leaves the page.
 */
function withOfflineSession(sdk: VonageSdk): VonageSdk {
  const session: VonageSdkSession = {
    on() {},
    connect: (_token: string, done: SdkCallback) => queueMicrotask(() => done()),
    publish: (_publisher: VonageSdkPublisher, done: SdkCallback) => queueMicrotask(() => done()),
    unpublish() {},
    subscribe() {
      throw new Error("no remote streams offline");
    },
    unsubscribe() {},
    disconnect() {},
  };
  return {
    initSession: () => session,
    initPublisher: (element, properties, done) => sdk.initPublisher(element, properties, done),
  };
}

/** Pixels of a <video>'s current frame, small. */
function frameOf(video: HTMLVideoElement): Uint8ClampedArray {
  const canvas = document.createElement("canvas");
  canvas.width = 64;
  canvas.height = 48;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (context === null) throw new Error("no 2d context");
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

/** What a preview shows in its element: the <video>, its size, and whether its picture moves. */
async function shown(element: HTMLElement) {
  const videos = element.querySelectorAll("video");
  const video = videos[0];
  if (video === undefined) return { videos: 0, videoWidth: 0, muted: null, moving: false };
  await waitFor(() => video.videoWidth > 0, "the preview's first frame", 3_000).catch(() => {});
  let moving = false;
  if (video.videoWidth > 0) {
    const first = frameOf(video);
    // The fake camera draws a sweeping hand and a frame counter: two frames apart differ.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const second = frameOf(video);
    moving = first.some((value, index) => value !== second[index]);
  }
  return { videos: videos.length, videoWidth: video.videoWidth, muted: video.muted, moving };
}

/** The track a preview plays (to see it end with the publication). */
function previewTrack(element: HTMLElement): MediaStreamTrack | null {
  const stream = element.querySelector("video")?.srcObject;
  return stream instanceof MediaStream ? (stream.getVideoTracks()[0] ?? null) : null;
}

/** Turns the camera on or off and, like the control room, shows the preview again. */
async function toggle(
  camera: LocalPublication,
  on: boolean,
  element: HTMLElement,
  preview: Subscription,
): Promise<Subscription> {
  await camera.setVideo(on);
  await preview.stop();
  return camera.preview?.(element) ?? preview;
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

  async cameraPreview(videoDeviceId: string) {
    const { sdk } = await loadSdk();
    const room = await connectVonageRoom(
      withOfflineSession(sdk),
      { applicationId: "offline", roomId: "offline", token: "offline" },
      { streamAdded() {}, streamRemoved() {}, disconnected() {} },
    );
    const element = document.createElement("div");
    document.body.appendChild(element);
    // As the control room publishes it: the camera off on entry (R-PERM-3), the microphone on.
    const camera = await room.publishCamera({
      videoDeviceId,
      publishVideo: false,
      publishAudio: true,
    });
    if (camera.preview === undefined) throw new Error("no preview on the Vonage publication");
    let preview = await camera.preview(element);
    const whileOff = await shown(element);
    preview = await toggle(camera, true, element, preview);
    const turnedOn = await shown(element);
    const firstTrack = previewTrack(element);
    preview = await toggle(camera, false, element, preview);
    const turnedOff = await shown(element);
    const firstTrackAfterOff = firstTrack?.readyState ?? null;
    preview = await toggle(camera, true, element, preview);
    const turnedOnAgain = await shown(element);
    const track = previewTrack(element);
    await camera.stop();
    const afterStop = {
      previewTrack: track?.readyState ?? null,
      stillShown: element.querySelectorAll("video").length,
    };
    await preview.stop();
    const afterPreviewStop = element.querySelectorAll("video").length;
    await room.leave();
    element.remove();
    return {
      whileOff,
      turnedOn,
      turnedOff,
      firstTrackAfterOff,
      turnedOnAgain,
      afterStop,
      afterPreviewStop,
    };
  },

  async otherPreviews(videoDeviceId: string) {
    const { sdk } = await loadSdk();
    const room = await connectVonageRoom(
      withOfflineSession(sdk),
      { applicationId: "offline", roomId: "offline", token: "offline" },
      { streamAdded() {}, streamRemoved() {}, disconnected() {} },
    );
    const previewOf = async (publication: LocalPublication) => {
      const element = document.createElement("div");
      document.body.appendChild(element);
      const preview = await publication.preview?.(element);
      const facts = await shown(element);
      const track = previewTrack(element);
      await publication.stop();
      const trackAfterStop = track?.readyState ?? null;
      await preview?.stop();
      element.remove();
      return { ...facts, trackAfterStop };
    };
    // A camera published already on (no R-PERM-3 entry): its preview plays the camera at once.
    const cameraOn = await previewOf(
      await room.publishCamera({ videoDeviceId, publishVideo: true, publishAudio: false }),
    );
    // No device chosen at entry: the browser's default camera opens when turned on.
    const defaultCamera = await room.publishCamera({ publishVideo: false, publishAudio: true });
    await defaultCamera.setVideo(true);
    const cameraDefaultDevice = await previewOf(defaultCamera);
    const screen = await previewOf(await room.publishScreen());
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("no 2d context");
    // A bar sweeping across, like a page being drawn: two frames apart differ.
    const draw = () => {
      const x = Math.floor(performance.now() / 10) % 320;
      context.fillStyle = "#2a9d8f";
      context.fillRect(0, 0, 320, 240);
      context.fillStyle = "#e76f51";
      context.fillRect(x, 0, 40, 240);
    };
    draw();
    const timer = setInterval(draw, 50);
    const [original] = canvas.captureStream(20).getVideoTracks();
    if (original === undefined) throw new Error("no canvas track");
    const custom = await previewOf(await room.publishTrack(original, { name: "slides" }));
    const originalAfterStop = original.readyState;
    clearInterval(timer);
    original.stop();
    await room.leave();
    return { cameraOn, cameraDefaultDevice, screen, custom, originalAfterStop };
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
