// A shared file as a stream (R-PERM-4, seed: "broadcast a PDF"): images and PDF pages drawn on a
// canvas, an mp4 played into a track. The file must have passed the server's check by its bytes
// first (LiveClient.checkContent); the kind given here is the one that check answered.
import { type ContentKind, LiveError } from "@onair/core/browser";
import type { ContentSource } from "../types.js";
import { type CanvasStage, createCanvasStage } from "./canvas-stage.js";
import { openPdf, type PdfOptions, type PdfPages } from "./pdf-document.js";
import { playVideoFile } from "./video-file-source.js";

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
  switch (kind) {
    case "image":
      return imageSource(file, document, options);
    case "pdf":
      return pdfSource(file, document, options);
    case "video":
      return videoSource(file, document, options);
    case "screen":
      throw new LiveError(
        "INVALID_INPUT",
        "A screen is not a file: share it with VideoRoom.publishScreen().",
      );
  }
}

function stageFor(document: Document, options: ContentSourceOptions): CanvasStage {
  return createCanvasStage({
    width: options.width ?? 1280,
    height: options.height ?? 720,
    keepAliveMs: options.keepAliveMs ?? 1000,
    document,
  });
}

async function imageSource(
  file: Blob,
  document: Document,
  options: ContentSourceOptions,
): Promise<FileContentSource> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (error) {
    throw new LiveError("UNSUPPORTED_CONTENT", "This image could not be decoded.", {
      cause: error,
    });
  }
  const stage = stageFor(document, options);
  stage.show(bitmap, bitmap.width, bitmap.height);
  let stopped = false;
  return {
    kind: "image",
    track: stage.track,
    pageCount: 1,
    page: () => 1,
    goTo: async () => {},
    stop: async () => {
      if (stopped) return;
      stopped = true;
      stage.stop();
      bitmap.close();
    },
  };
}

async function pdfSource(
  file: Blob,
  document: Document,
  options: ContentSourceOptions,
): Promise<FileContentSource> {
  const pdf: PdfPages = await openPdf(file, options, document);
  const stage = stageFor(document, options);
  const fit = { width: options.width ?? 1280, height: options.height ?? 720 };
  let current = 0;
  let stopped = false;
  // Page turns are applied in order; a click during a render waits for it.
  let rendering: Promise<void> = Promise.resolve();

  const show = (page: number): Promise<void> => {
    const target = Math.min(Math.max(1, Math.trunc(page) || 1), pdf.pageCount);
    rendering = rendering
      .catch(() => {})
      .then(async () => {
        if (stopped || target === current) return;
        const picture = await pdf.render(target, fit);
        if (stopped) return;
        stage.show(picture, picture.width, picture.height);
        current = target;
      });
    return rendering;
  };

  try {
    await show(1);
  } catch (error) {
    stage.stop();
    await pdf.close();
    throw error;
  }
  return {
    kind: "pdf",
    track: stage.track,
    pageCount: pdf.pageCount,
    page: () => current,
    goTo: show,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      stage.stop();
      await pdf.close();
    },
  };
}

async function videoSource(
  file: Blob,
  document: Document,
  options: ContentSourceOptions,
): Promise<FileContentSource> {
  const source = await playVideoFile(file, document, options.loadTimeoutMs ?? 10_000);
  let stopped = false;
  return {
    kind: "video",
    track: source.track,
    pageCount: 1,
    page: () => 1,
    goTo: async () => {},
    stop: async () => {
      if (stopped) return;
      stopped = true;
      source.stop();
    },
  };
}
