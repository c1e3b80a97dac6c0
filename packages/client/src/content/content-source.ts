// A shared file as a stream (R-PERM-4, seed: "broadcast a PDF"): images and PDF pages drawn on a
// canvas, an mp4 played into a track. The file must have passed the server's check by its bytes
// first (LiveClient.checkContent); the kind given here is the one that check answered.
import { type ContentKind, LiveError } from "@onair/core/browser";
import type { ContentSource } from "../types.js";
import type { PdfOptions } from "./pdf-document.js";

export interface ContentSourceOptions extends PdfOptions {
  /** Size of the published picture (default 1280×720); pictures are letterboxed into it. */
  readonly width?: number;
  readonly height?: number;
  /** How often an unchanged page is sent again, for late joiners (default 1000 ms). */
  readonly keepAliveMs?: number;
  /** How long a video file may take to start playing (default 10 s). */
  readonly loadTimeoutMs?: number;
  /** The document to create elements in (default: the global one). */
  readonly document?: Document;
}

/**
 * A file turned into a video track, ready for `VideoRoom.publishTrack`: the control room's
 * `ContentSource`, plus what it is and the page it shows.
 */
export interface FileContentSource extends ContentSource {
  readonly kind: Exclude<ContentKind, "screen">;
  /** The live track; `publishTrack` publishes a clone, so this one stays yours to stop. */
  readonly track: MediaStreamTrack;
  /** PDF: its pages; an image or a video: 1. */
  readonly pageCount: number;
  /** The page shown, 1-based. */
  page(): number;
  /** Shows a page (clamped to 1…pageCount); resolves once its frame was sent. */
  goTo(page: number): Promise<void>;
  /** Stops the track and releases the file. Safe to call twice. */
  stop(): Promise<void>;
}

export async function createContentSource(
  file: Blob,
  kind: ContentKind,
  options: ContentSourceOptions = {},
): Promise<FileContentSource> {
  const document = options.document ?? globalThis.document;
  if (document === undefined) {
    throw new LiveError("UNSUPPORTED_CONTENT", "Content can only be shared from a browser page.");
  }
  if (kind === "screen") {
    throw new LiveError(
      "INVALID_INPUT",
      "A screen is not a file: share it with VideoRoom.publishScreen().",
    );
  }
  // The media code (and pdf.js behind it) is loaded on the first share only.
  const { openFileContent } = await import("./file-content.js");
  return openFileContent(file, kind, document, options);
}
