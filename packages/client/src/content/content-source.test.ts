// The checks createContentSource makes before touching any media (the media paths themselves run
// in Chromium: test/browser/content-sharing.browser.test.ts).
import { isLiveError } from "@onair/core/browser";
import { describe, expect, it } from "vitest";
import { createContentSource } from "./content-source.js";

const pdfBytes = new Blob(["%PDF-1.4\n"]);
const noDocument = {} as Document; // never reached: pdf.js is refused first

/** A pdf.js stand-in of the given version, recording whether it was asked to open anything. */
function pdfJsOf(version: string) {
  const opened: unknown[] = [];
  return {
    opened,
    module: {
      version,
      GlobalWorkerOptions: { workerSrc: "", workerPort: null },
      getDocument(source: unknown) {
        opened.push(source);
        return { promise: Promise.reject(new Error("not a real PDF")), destroy: async () => {} };
      },
    },
  };
}

describe("createContentSource", () => {
  it("refuses a screen: it is shared through VideoRoom.publishScreen, not as a file", async () => {
    await expect(
      createContentSource(new Blob([]), "screen", { document: noDocument }),
    ).rejects.toSatisfy((error) => isLiveError(error, "INVALID_INPUT"));
  });

  it("R-PERM-4: refuses pdf.js before 4.2.67 (it ran code embedded in fonts), without opening the file", async () => {
    for (const version of ["4.2.66", "3.11.174", "2.16.105"]) {
      const pdfjs = pdfJsOf(version);
      await expect(
        createContentSource(pdfBytes, "pdf", {
          document: noDocument,
          loadPdfJs: async () => pdfjs.module,
        }),
      ).rejects.toSatisfy((error) => isLiveError(error, "UNSUPPORTED_CONTENT"));
      expect(pdfjs.opened).toEqual([]);
    }
  });

  it("R-PERM-4: opens PDFs with eval off and the worker the host serves", async () => {
    for (const version of ["4.2.67", "4.10.38", "5.7.284"]) {
      const pdfjs = pdfJsOf(version);
      await expect(
        createContentSource(pdfBytes, "pdf", {
          document: noDocument,
          pdfWorkerSrc: "/assets/pdf.worker.min.mjs",
          loadPdfJs: async () => ({ default: pdfjs.module }),
        }),
      ).rejects.toSatisfy((error) => isLiveError(error, "UNSUPPORTED_CONTENT")); // not a real PDF
      expect(pdfjs.opened).toEqual([{ data: expect.any(Uint8Array), isEvalSupported: false }]);
      expect(pdfjs.module.GlobalWorkerOptions.workerSrc).toBe("/assets/pdf.worker.min.mjs");
    }
  });

  it("says how to fix a missing pdf.js worker, and uses one the page already set", async () => {
    const bare = pdfJsOf("5.7.284");
    await expect(
      createContentSource(pdfBytes, "pdf", {
        document: noDocument,
        loadPdfJs: async () => bare.module,
      }),
    ).rejects.toMatchObject({
      code: "UNSUPPORTED_CONTENT",
      message: expect.stringContaining("pdfWorkerSrc"),
    });
    expect(bare.opened).toEqual([]);

    const configured = pdfJsOf("5.7.284");
    configured.module.GlobalWorkerOptions.workerSrc = "/static/pdf.worker.mjs";
    await createContentSource(pdfBytes, "pdf", {
      document: noDocument,
      loadPdfJs: async () => configured.module,
    }).catch(() => undefined);
    expect(configured.opened).toHaveLength(1);
  });

  it("says how to fix a missing pdf.js", async () => {
    await expect(
      createContentSource(pdfBytes, "pdf", {
        document: noDocument,
        loadPdfJs: () => Promise.reject(new Error("Cannot find package 'pdfjs-dist'")),
      }),
    ).rejects.toMatchObject({
      code: "UNSUPPORTED_CONTENT",
      message: expect.stringContaining("pdfjs-dist"),
    });
  });
});
