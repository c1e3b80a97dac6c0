// Decides whether a file may be shared in the live (R-PERM-4): a supported type, by its content,
// and within the size limit of its kind, judged from the declared size before the file is read.
import { LiveError } from "../errors.js";
import type { Advice } from "../preflight/advice.js";
import type { ContentKind } from "../session/model.js";
import type { DetectedKind } from "./detect-content.js";
import { detectContentKind } from "./detect-content.js";

export interface ContentCheck {
  readonly kind: Exclude<ContentKind, "screen">;
  readonly mimeType: string;
  readonly size: number;
}

/** Largest accepted size of each kind of content, in bytes. */
export type ContentLimits = Readonly<Record<DetectedKind, number>>;

const MiB = 1024 * 1024;

export const defaultContentLimits: ContentLimits = {
  video: 500 * MiB,
  image: 20 * MiB,
  pdf: 50 * MiB,
};

const supportedTypesAdvice: Advice = {
  code: "content-supported-types",
  text: {
    en: "Share a PDF, a PNG or JPEG image, or an MP4 video; export other documents to PDF first.",
    fr: "Partagez un PDF, une image PNG ou JPEG, ou une vidéo MP4 ; exportez d'abord les autres documents en PDF.",
  },
};

const compressAdvice: Advice = {
  code: "content-compress",
  text: {
    en: "Compress the file (for a presentation, export a compressed PDF) and share it again.",
    fr: "Compressez le fichier (pour une présentation, exportez un PDF compressé) et partagez-le à nouveau.",
  },
};

const kindNames: Readonly<Record<DetectedKind, string>> = {
  video: "video",
  image: "image",
  pdf: "PDF",
};

function inMiB(bytes: number): string {
  const value = bytes / MiB;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

function tooLarge(what: string, limit: number): LiveError {
  return new LiveError(
    "CONTENT_TOO_LARGE",
    `This ${what} is too large to share: the limit is ${inMiB(limit)}.`,
    {
      advice: [compressAdvice],
    },
  );
}

/**
 * Checks a file before it is shared, from its first bytes (at least CONTENT_HEAD_BYTES, or the
 * whole file) and its declared size. Throws LiveError INVALID_INPUT, CONTENT_TOO_LARGE or
 * UNSUPPORTED_CONTENT; returns what the file is.
 */
export function checkContent(
  file: { readonly headBytes: Uint8Array; readonly size: number },
  limits: ContentLimits = defaultContentLimits,
): ContentCheck {
  const { headBytes, size } = file;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new LiveError("INVALID_INPUT", "The file size must be a whole number of bytes.", {
      issues: [{ path: "size", message: "Expected a whole, non-negative number of bytes." }],
    });
  }
  if (!(headBytes instanceof Uint8Array) || headBytes.length > size) {
    throw new LiveError(
      "INVALID_INPUT",
      "The first bytes of the file are missing or do not match its size.",
      {
        issues: [{ path: "headBytes", message: "Expected the first bytes of the file." }],
      },
    );
  }
  for (const kind of ["video", "image", "pdf"] as const) {
    // A broken limit (NaN, negative) would let every file through: refuse loudly instead.
    if (!(limits[kind] >= 0)) {
      throw new LiveError(
        "INVALID_INPUT",
        `The ${kind} size limit must be a non-negative number.`,
        {
          issues: [{ path: `limits.${kind}`, message: "Expected a non-negative number of bytes." }],
        },
      );
    }
  }
  // Larger than any kind allows: refused before its bytes are even looked at.
  const largest = Math.max(limits.video, limits.image, limits.pdf);
  if (size > largest) throw tooLarge("file", largest);

  const detected = detectContentKind(headBytes);
  if (detected === null) {
    throw new LiveError("UNSUPPORTED_CONTENT", "This type of file cannot be shared in the live.", {
      advice: [supportedTypesAdvice],
    });
  }
  if (size > limits[detected.kind]) throw tooLarge(kindNames[detected.kind], limits[detected.kind]);
  return { kind: detected.kind, mimeType: detected.mimeType, size };
}
