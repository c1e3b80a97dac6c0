// Tracks for the fake video client: real ones where the page has media (getUserMedia, a canvas),
// stand-ins elsewhere (Node), so "every track ended after leave" can be asserted in both.

/** Where the fake gets its tracks. "auto": real media when the page has it, stand-ins otherwise. */
export type FakeMediaMode = "auto" | "real" | "synthetic";

export interface CameraRequest {
  readonly videoDeviceId?: string | undefined;
  readonly audioDeviceId?: string | undefined;
}

let syntheticIds = 0;

/** A MediaStreamTrack stand-in for runtimes without media (its `stop()` ends it, `clone()` copies). */
export function syntheticTrack(kind: "audio" | "video", label: string): MediaStreamTrack {
  syntheticIds += 1;
  const listeners = new Set<() => void>();
  const track = {
    id: `synthetic-${syntheticIds}`,
    kind,
    label,
    enabled: true,
    muted: false,
    readyState: "live" as MediaStreamTrackState,
    contentHint: "",
    onended: null,
    onmute: null,
    onunmute: null,
    stop() {
      if (track.readyState === "ended") return;
      track.readyState = "ended";
      for (const listener of listeners) listener();
    },
    clone: () => syntheticTrack(kind, label),
    getSettings: () => ({}),
    getConstraints: () => ({}),
    getCapabilities: () => ({}),
    applyConstraints: async () => {},
    addEventListener(type: string, listener: () => void) {
      if (type === "ended") listeners.add(listener);
    },
    removeEventListener(type: string, listener: () => void) {
      if (type === "ended") listeners.delete(listener);
    },
    dispatchEvent: () => true,
  };
  return track as unknown as MediaStreamTrack;
}

function hasUserMedia(): boolean {
  return typeof globalThis.navigator?.mediaDevices?.getUserMedia === "function";
}

function useReal(mode: FakeMediaMode): boolean {
  if (mode === "synthetic") return false;
  if (mode === "real" && !hasUserMedia()) {
    throw new Error("The fake video client was asked for real media, but getUserMedia is missing.");
  }
  return hasUserMedia();
}

/** Opens the camera and/or the microphone (the chosen devices when given). */
export async function cameraTracks(
  mode: FakeMediaMode,
  request: CameraRequest,
  want: { readonly video: boolean; readonly audio: boolean },
): Promise<MediaStreamTrack[]> {
  if (!want.video && !want.audio) return [];
  if (!useReal(mode)) {
    return [
      ...(want.video ? [syntheticTrack("video", "fake camera")] : []),
      ...(want.audio ? [syntheticTrack("audio", "fake microphone")] : []),
    ];
  }
  const device = (id: string | undefined) =>
    id === undefined ? true : { deviceId: { exact: id } };
  const stream = await navigator.mediaDevices.getUserMedia({
    video: want.video ? device(request.videoDeviceId) : false,
    audio: want.audio ? device(request.audioDeviceId) : false,
  });
  return stream.getTracks();
}

/** The screen: getDisplayMedia where present, otherwise a moving canvas (still a real track). */
export async function screenTrack(mode: FakeMediaMode): Promise<MediaStreamTrack> {
  if (!useReal(mode)) return syntheticTrack("video", "fake screen");
  if (typeof navigator.mediaDevices.getDisplayMedia === "function") {
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const [track] = stream.getVideoTracks();
      if (track !== undefined) return track;
    } catch {
      // Headless browsers without a fake screen refuse: fall back to a canvas.
    }
  }
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext("2d");
  const [track] = canvas.captureStream(10).getVideoTracks();
  if (context === null || track === undefined) return syntheticTrack("video", "fake screen");
  let frame = 0;
  const timer = setInterval(() => {
    frame += 1;
    context.fillStyle = `hsl(${(frame * 7) % 360} 60% 50%)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
  }, 100);
  track.addEventListener("ended", () => clearInterval(timer));
  // A stop() does not fire "ended" on the track itself: wrap it so the timer stops too.
  const stop = track.stop.bind(track);
  track.stop = () => {
    clearInterval(timer);
    stop();
  };
  return track;
}
