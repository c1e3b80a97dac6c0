// The media side of createContentSource: canvas pages (images, PDF) and mp4 playback. A separate
// chunk, loaded on the first share, so pages that never share pay nothing for it.
import { LiveError } from "@onair/core/browser";
import { type CanvasStage, createCanvasStage } from "./canvas-stage.js";
import type { ContentSourceOptions, FileContentSource } from "./content-source.js";
import { openPdf, type PdfPages } from "./pdf-document.js";
import { playVideoFile } from "./video-file-source.js";

/** Opens a file of a kind that the server's byte check answered. */
export function openFileContent(
  file: Blob,
  kind: FileContentSource["kind"],
  document: Document,
  options: ContentSourceOptions,
): Promise<FileContentSource> {
  switch (kind) {
    case "image":
      return imageSource(file, document, options);
    case "pdf":
      return pdfSource(file, document, options);
    case "video":
      return videoSource(file, document, options);
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
  return singlePage("image", stage.track, () => {
    stage.stop();
    bitmap.close();
  });
}

/** A source with one page (an image, a video): turning pages does nothing; stop releases once. */
function singlePage(
  kind: "image" | "video",
  track: MediaStreamTrack,
  release: () => void,
): FileContentSource {
  let stopped = false;
  return {
    kind,
    track,
    pageCount: 1,
    page: () => 1,
    goTo: async () => {},
    stop: async () => {
      if (stopped) return;
      stopped = true;
      release();
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
  return singlePage("video", source.track, () => source.stop());
}
