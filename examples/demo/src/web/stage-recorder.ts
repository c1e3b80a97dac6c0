// Records the stage as the audience sees it, in the moderator's browser: the videos on stage are
// drawn side by side on a canvas, recorded with MediaRecorder while the session is live, and the
// recording is uploaded to the demo server when the live stops, which serves it as the replay.
// (With Vonage the provider records; this stands in for it on the mock provider.)

export interface StageRecorder {
  /** Which streams are on stage now (their videos are found by `data-stream-id`). */
  setStage(streamIds: readonly string[]): void;
  /** Stops and uploads; resolves once the server has the recording. */
  finish(): Promise<void>;
}

const width = 640;
const height = 360;
const framesPerSecond = 15;

function videoOf(streamId: string): HTMLVideoElement | null {
  const holder = document.querySelector(`[data-stream-id="${CSS.escape(streamId)}"]`);
  if (holder instanceof HTMLVideoElement) return holder;
  return holder?.querySelector("video") ?? null;
}

export function startStageRecorder(sessionId: string): StageRecorder | null {
  if (typeof MediaRecorder === "undefined") return null;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (context === null) return null;
  let stage: readonly string[] = [];

  const draw = () => {
    context.fillStyle = "#111";
    context.fillRect(0, 0, width, height);
    const videos = stage.map(videoOf).filter((v): v is HTMLVideoElement => v !== null);
    const tileWidth = width / Math.max(1, videos.length);
    videos.forEach((video, index) => {
      if (video.videoWidth === 0) return;
      const scale = Math.min(tileWidth / video.videoWidth, height / video.videoHeight);
      const w = video.videoWidth * scale;
      const h = video.videoHeight * scale;
      context.drawImage(video, index * tileWidth + (tileWidth - w) / 2, (height - h) / 2, w, h);
    });
  };
  const timer = window.setInterval(draw, 1000 / framesPerSecond);
  draw();

  const stream = canvas.captureStream(framesPerSecond);
  const mimeType = ["video/webm;codecs=vp8", "video/webm"].find((t) =>
    MediaRecorder.isTypeSupported(t),
  );
  const recorder = new MediaRecorder(stream, mimeType === undefined ? {} : { mimeType });
  const chunks: Blob[] = [];
  recorder.addEventListener("dataavailable", (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  recorder.start(1000);

  return {
    setStage(streamIds) {
      stage = streamIds;
    },
    async finish() {
      window.clearInterval(timer);
      if (recorder.state !== "inactive") {
        const stopped = new Promise((resolve) => recorder.addEventListener("stop", resolve));
        recorder.stop();
        await stopped;
      }
      for (const track of stream.getTracks()) track.stop();
      const body = new Blob(chunks, { type: "video/webm" });
      if (body.size === 0) return;
      await fetch(`/demo/media/${encodeURIComponent(sessionId)}/recording`, {
        method: "PUT",
        headers: { "Content-Type": "video/webm" },
        body,
        credentials: "same-origin",
      });
    },
  };
}
