// A canvas published as a video track. Two traps (verified in Chromium): a captured canvas that
// does not change sends no frame, so late joiners would see nothing (and `requestFrame()` alone
// does not count as a change: an untouched canvas still sends nothing, to a clone or the original
// alike); and drawing a pdf.js page straight into a captured canvas sends stale frames. So
// pictures are prepared elsewhere, copied in with one drawImage, and a frame is requested after
// each copy and on a keep-alive timer that first marks the canvas as drawn again.
import { LiveError } from "@onair/core/browser";

/** `canvas.captureStream(0)` tracks have `requestFrame()`; the DOM lib does not always say so. */
interface CanvasCaptureTrack extends MediaStreamTrack {
  requestFrame?: () => void;
}

export interface CanvasStageOptions {
  readonly width: number;
  readonly height: number;
  /** How often a frame is sent while nothing changes (late joiners need one). */
  readonly keepAliveMs: number;
  readonly document: Document;
}

export interface CanvasStage {
  readonly track: MediaStreamTrack;
  /** Copies `picture` in, letterboxed on black, and sends a frame. */
  show(picture: CanvasImageSource, width: number, height: number): void;
  stop(): void;
}

export function createCanvasStage(options: CanvasStageOptions): CanvasStage {
  const canvas = options.document.createElement("canvas");
  canvas.width = options.width;
  canvas.height = options.height;
  const context = canvas.getContext("2d");
  if (context === null)
    throw new LiveError("UNSUPPORTED_CONTENT", "This browser cannot draw on a canvas.");
  context.fillStyle = "#000";
  context.fillRect(0, 0, canvas.width, canvas.height);
  // Frame rate 0: frames are sent only when requested, right after a complete picture is drawn.
  const track = canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureTrack | undefined;
  if (track === undefined)
    throw new LiveError("UNSUPPORTED_CONTENT", "This browser cannot capture a canvas.");
  // A page or a picture: keep its resolution, let the frame rate give way. Without the hint,
  // Chromium starts a fresh peer connection at a quarter of the width (320 of 1280), and text is
  // unreadable until the estimate grows; with it, the full width from the first frames.
  track.contentHint = "detail";
  let drawn = false; // no frame before the first picture: viewers never get a black one
  const sendFrame = () => {
    if (drawn && track.readyState === "live") track.requestFrame?.();
  };
  const keepAlive = setInterval(() => {
    if (!drawn) return;
    // An invisible draw: the picture is unchanged, but the canvas counts as changed, so the
    // requested frame is really captured and reaches viewers who connected since the last one.
    context.fillStyle = "rgba(0, 0, 0, 0)";
    context.fillRect(0, 0, 1, 1);
    sendFrame();
  }, options.keepAliveMs);

  return {
    track,
    show(picture, width, height) {
      const scale = Math.min(canvas.width / width, canvas.height / height);
      const drawnWidth = Math.round(width * scale);
      const drawnHeight = Math.round(height * scale);
      context.fillStyle = "#000";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(
        picture,
        Math.round((canvas.width - drawnWidth) / 2),
        Math.round((canvas.height - drawnHeight) / 2),
        drawnWidth,
        drawnHeight,
      );
      drawn = true;
      sendFrame();
    },
    stop() {
      clearInterval(keepAlive);
      track.stop();
    },
  };
}
