// PDF pages through pdf.js (`pdfjs-dist`), loaded lazily: it is ~490 kB gz and only presenters
// need it. Eval stays off (`isEvalSupported: false`) and versions before 4.2.67 are refused: they
// run code embedded in fonts (CVE-2024-4367).
import { LiveError } from "@onair/core/browser";

/** The parts of pdf.js used here, written structurally so `pdfjs-dist` stays an optional peer. */
export interface PdfJs {
  readonly version: string;
  readonly GlobalWorkerOptions: { workerSrc: string; workerPort: unknown };
  getDocument(source: { data: Uint8Array; isEvalSupported: boolean }): {
    readonly promise: Promise<PdfJsDocument>;
    destroy(): Promise<void>;
  };
}

export interface PdfJsDocument {
  readonly numPages: number;
  getPage(pageNumber: number): Promise<PdfJsPage>;
  destroy(): Promise<void>;
}

export interface PdfJsPage {
  getViewport(options: { scale: number }): { width: number; height: number };
  render(options: {
    canvas: HTMLCanvasElement;
    canvasContext: CanvasRenderingContext2D;
    viewport: { width: number; height: number };
  }): { readonly promise: Promise<void> };
  cleanup(): unknown;
}

export interface PdfOptions {
  /** Loads pdf.js; defaults to `import("pdfjs-dist")`. */
  readonly loadPdfJs?: () => Promise<unknown>;
  /**
   * URL of pdf.js's worker (`pdfjs-dist/build/pdf.worker.min.mjs`) as your site serves it. Needed
   * unless `GlobalWorkerOptions.workerSrc` or `workerPort` is already set.
   */
  readonly pdfWorkerSrc?: string;
}

const minimumVersion = [4, 2, 67] as const;

function isRecentEnough(version: string): boolean {
  const parts = version.split(".").map((part) => Number.parseInt(part, 10));
  for (const [index, minimum] of minimumVersion.entries()) {
    const part = parts[index] ?? 0;
    if (Number.isNaN(part)) return false;
    if (part !== minimum) return part > minimum;
  }
  return true;
}

async function loadPdfJs(options: PdfOptions): Promise<PdfJs> {
  let module: unknown;
  try {
    module = await (options.loadPdfJs ?? (() => import("pdfjs-dist")))();
  } catch (error) {
    throw new LiveError("UNSUPPORTED_CONTENT", "Could not load pdf.js: install pdfjs-dist.", {
      retriable: true,
      cause: error,
    });
  }
  const candidate = module as Partial<PdfJs> & { default?: Partial<PdfJs> };
  const pdfjs = (typeof candidate.getDocument === "function" ? candidate : candidate.default) as
    | PdfJs
    | undefined;
  if (pdfjs === undefined || typeof pdfjs.getDocument !== "function") {
    throw new LiveError("UNSUPPORTED_CONTENT", "The loaded module is not pdf.js (pdfjs-dist).");
  }
  if (!isRecentEnough(pdfjs.version)) {
    throw new LiveError(
      "UNSUPPORTED_CONTENT",
      `pdf.js ${pdfjs.version} is too old to open shared files safely: use pdfjs-dist 4.2.67 or later.`,
    );
  }
  if (options.pdfWorkerSrc !== undefined) {
    pdfjs.GlobalWorkerOptions.workerSrc = options.pdfWorkerSrc;
  }
  const { workerSrc, workerPort } = pdfjs.GlobalWorkerOptions;
  if (!workerSrc && !workerPort) {
    // pdf.js would fail later with a message about its internals: say what the host must do.
    throw new LiveError(
      "UNSUPPORTED_CONTENT",
      "pdf.js needs its worker: serve pdfjs-dist/build/pdf.worker.min.mjs and pass its URL as pdfWorkerSrc.",
    );
  }
  return pdfjs;
}

export interface PdfPages {
  readonly pageCount: number;
  /** Renders a page (1-based) into a fresh hidden canvas. */
  render(pageNumber: number, fit: { width: number; height: number }): Promise<HTMLCanvasElement>;
  close(): Promise<void>;
}

export async function openPdf(
  file: Blob,
  options: PdfOptions,
  document: Document,
): Promise<PdfPages> {
  const pdfjs = await loadPdfJs(options);
  const data = new Uint8Array(await file.arrayBuffer());
  let pdf: PdfJsDocument;
  try {
    pdf = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
  } catch (error) {
    throw new LiveError("UNSUPPORTED_CONTENT", "This PDF could not be opened.", { cause: error });
  }
  return {
    pageCount: pdf.numPages,
    async render(pageNumber, fit) {
      const page = await pdf.getPage(pageNumber);
      const natural = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({
        scale: Math.min(fit.width / natural.width, fit.height / natural.height),
      });
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.floor(viewport.width));
      canvas.height = Math.max(1, Math.floor(viewport.height));
      const canvasContext = canvas.getContext("2d");
      if (canvasContext === null)
        throw new LiveError("UNSUPPORTED_CONTENT", "This browser cannot draw on a canvas.");
      await page.render({ canvas, canvasContext, viewport }).promise;
      page.cleanup();
      return canvas;
    },
    close: () => pdf.destroy(),
  };
}
