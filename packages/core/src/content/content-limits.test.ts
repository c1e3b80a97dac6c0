import { describe, expect, it } from "vitest";
import type { LiveErrorCode } from "../errors.js";
import { LiveError } from "../errors.js";
import { checkContent, defaultContentLimits } from "./content-limits.js";

const MiB = 1024 * 1024;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pdf = new TextEncoder().encode("%PDF-1.4\n");
const mp4 = new Uint8Array([0, 0, 0, 16, ...new TextEncoder().encode("ftypmp42"), 0, 0, 0, 0]);
const zip = new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 6, 0]);

function failure(run: () => unknown, code: LiveErrorCode): LiveError {
  try {
    run();
  } catch (error) {
    if (error instanceof LiveError && error.code === code) return error;
    throw new Error(`expected ${code}, got ${String(error)}`);
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe("checkContent", () => {
  it("R-PERM-4: accepts supported files within their limit and says what they are", () => {
    expect(checkContent({ headBytes: png, size: 2 * MiB })).toEqual({
      kind: "image",
      mimeType: "image/png",
      size: 2 * MiB,
    });
    expect(checkContent({ headBytes: pdf, size: 9 })).toEqual({
      kind: "pdf",
      mimeType: "application/pdf",
      size: 9,
    });
    expect(checkContent({ headBytes: mp4, size: 400 * MiB })).toMatchObject({ kind: "video" });
  });

  it("R-PERM-4: the defaults allow 500 MiB of video, 20 MiB images and 50 MiB PDFs", () => {
    expect(defaultContentLimits).toEqual({ video: 500 * MiB, image: 20 * MiB, pdf: 50 * MiB });
    expect(checkContent({ headBytes: png, size: 20 * MiB }).kind).toBe("image");
    const error = failure(
      () => checkContent({ headBytes: png, size: 20 * MiB + 1 }),
      "CONTENT_TOO_LARGE",
    );
    expect(error.message).toContain("20 MiB");
    expect(error.advice.map((item) => item.code)).toEqual(["content-compress"]);
    failure(() => checkContent({ headBytes: pdf, size: 50 * MiB + 1 }), "CONTENT_TOO_LARGE");
    expect(checkContent({ headBytes: mp4, size: 50 * MiB + 1 }).kind).toBe("video");
  });

  it("R-PERM-4: refuses an oversized file from its declared size, before looking at its bytes", () => {
    // A head whose bytes cannot be read without notice.
    const watched = new Proxy(new Uint8Array(zip), {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) throw new Error("bytes were read");
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    failure(() => checkContent({ headBytes: watched, size: 501 * MiB }), "CONTENT_TOO_LARGE");
    // Within the limits, the bytes are read (which this head reports).
    expect(() => checkContent({ headBytes: watched, size: 1000 })).toThrow("bytes were read");
  });

  it("R-PERM-4: refuses unsupported content with advice on what to share", () => {
    const error = failure(
      () => checkContent({ headBytes: zip, size: 1000 }),
      "UNSUPPORTED_CONTENT",
    );
    expect(error.advice).toHaveLength(1);
    expect(error.advice[0]?.code).toBe("content-supported-types");
    expect(error.advice[0]?.text.en).toMatch(/PDF.*PNG.*JPEG.*MP4/);
    expect(error.advice[0]?.text.fr).toMatch(/PDF.*PNG.*JPEG.*MP4/);
    failure(() => checkContent({ headBytes: new Uint8Array(0), size: 0 }), "UNSUPPORTED_CONTENT");
  });

  it("R-PERM-4: follows configured limits", () => {
    const limits = { video: 10 * MiB, image: 1 * MiB, pdf: 5 * MiB };
    failure(() => checkContent({ headBytes: mp4, size: 11 * MiB }, limits), "CONTENT_TOO_LARGE");
    failure(() => checkContent({ headBytes: png, size: 2 * MiB }, limits), "CONTENT_TOO_LARGE");
    expect(checkContent({ headBytes: pdf, size: 5 * MiB }, limits).kind).toBe("pdf");
    const tiny = failure(
      () => checkContent({ headBytes: png, size: 1_572_864 }, limits),
      "CONTENT_TOO_LARGE",
    );
    expect(tiny.message).toContain("1 MiB");
  });

  it.each([
    ["negative", -1],
    ["fractional", 10.5],
    ["not a number", Number.NaN],
    ["infinite", Number.POSITIVE_INFINITY],
    ["beyond safe integers", 2 ** 60],
    ["a string", "1000"],
  ])("refuses a %s size as INVALID_INPUT", (_why, size) => {
    const error = failure(
      () => checkContent({ headBytes: png, size: size as number }),
      "INVALID_INPUT",
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(["size"]);
  });

  it("refuses a head longer than the declared size, or missing", () => {
    failure(() => checkContent({ headBytes: png, size: 4 }), "INVALID_INPUT");
    failure(
      () => checkContent({ headBytes: [0x89] as unknown as Uint8Array, size: 10 }),
      "INVALID_INPUT",
    );
  });

  it("refuses broken limits instead of letting everything through", () => {
    const error = failure(
      () =>
        checkContent({ headBytes: png, size: 100 }, { ...defaultContentLimits, image: Number.NaN }),
      "INVALID_INPUT",
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(["limits.image"]);
  });
});
