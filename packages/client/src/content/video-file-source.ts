// An mp4 shared as a stream: played in a hidden <video> and captured (`captureStream()` gives a
// live track at the video's frame rate). Muted locally: the presenter hears nothing twice.
import { LiveError } from "@onair/core/browser";

interface CapturableVideo extends HTMLVideoElement {
  captureStream?: () => MediaStream;
}

export interface VideoFileSource {
  readonly track: MediaStreamTrack;
  readonly video: HTMLVideoElement;
  stop(): void;
}

function once(target: EventTarget, success: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new LiveError("UNSUPPORTED_CONTENT", "This video could not be played in time."));
    }, timeoutMs);
    const onSuccess = () => {
      cleanup();
      resolve();
    };
    const onError = () => {
      cleanup();
      reject(new LiveError("UNSUPPORTED_CONTENT", "This browser cannot play this video file."));
    };
    const cleanup = () => {
      clearTimeout(timer);
      target.removeEventListener(success, onSuccess);
      target.removeEventListener("error", onError);
    };
    target.addEventListener(success, onSuccess);
    target.addEventListener("error", onError);
  });
}

export async function playVideoFile(
  file: Blob,
  document: Document,
  timeoutMs: number,
): Promise<VideoFileSource> {
  const video = document.createElement("video") as CapturableVideo;
  if (typeof video.captureStream !== "function") {
    throw new LiveError("UNSUPPORTED_CONTENT", "This browser cannot share a video file.");
  }
  const url = URL.createObjectURL(file);
  const release = () => {
    video.pause();
    video.removeAttribute("src");
    video.load();
    URL.revokeObjectURL(url);
  };
  try {
    video.muted = true;
    video.playsInline = true;
    video.preload = "auto";
    const loaded = once(video, "loadeddata", timeoutMs);
    video.src = url;
    await loaded;
    await video.play();
    const stream = video.captureStream();
    let track = stream.getVideoTracks()[0];
    if (track === undefined) {
      await once(stream, "addtrack", timeoutMs);
      track = stream.getVideoTracks()[0];
    }
    if (track === undefined) {
      throw new LiveError("UNSUPPORTED_CONTENT", "This video file has no picture to share.");
    }
    const captured = track;
    for (const other of stream.getTracks()) if (other !== captured) other.stop();
    return {
      track: captured,
      video,
      stop() {
        captured.stop();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
