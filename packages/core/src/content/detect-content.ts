// Tells what a shared file really is from its first bytes (R-PERM-4): names and declared MIME
// types are set by the sender, the magic bytes are not.

export type DetectedKind = "video" | "image" | "pdf";

export interface DetectedContent {
  readonly kind: DetectedKind;
  readonly mimeType: string;
}

/** How many leading bytes callers must pass: the MP4 `ftyp` box with its first brands fits. */
export const CONTENT_HEAD_BYTES = 64;

const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpeg = [0xff, 0xd8, 0xff];
const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** ISO BMFF brands of MP4 video. QuickTime (`qt  `) and 3GPP files are not MP4 to a player. */
const mp4Brands = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "iso7",
  "iso8",
  "iso9",
  "mp41",
  "mp42",
  "avc1",
  "mp4v",
  "dash",
  "M4V ",
]);

/** HEIF, HEIC and AVIF are still images (or image sequences) in the same container. */
const imageContainerBrands = new Set([
  "mif1",
  "mif2",
  "msf1",
  "heic",
  "heix",
  "heim",
  "heis",
  "hevc",
  "hevx",
  "hevm",
  "hevs",
  "avif",
  "avis",
  "avio",
]);

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function isMp4(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || fourCC(bytes, 4) !== "ftyp") return false;
  // Box size (big-endian): header, major brand and minor version, then 4-byte compatible brands.
  const size =
    (((bytes[0] ?? 0) << 24) |
      ((bytes[1] ?? 0) << 16) |
      ((bytes[2] ?? 0) << 8) |
      (bytes[3] ?? 0)) >>>
    0;
  if (size < 16 || (size - 16) % 4 !== 0) return false;
  if (!mp4Brands.has(fourCC(bytes, 8))) return false;
  const end = Math.min(size, bytes.length - (bytes.length % 4));
  for (let offset = 16; offset + 4 <= end; offset += 4) {
    if (imageContainerBrands.has(fourCC(bytes, offset))) return false;
  }
  return true;
}

/**
 * The kind and MIME type of a file from its first bytes (pass at least CONTENT_HEAD_BYTES, or the
 * whole file if shorter), or null when it is not a supported type: MP4 video, PNG, JPEG or PDF.
 */
export function detectContentKind(headBytes: Uint8Array): DetectedContent | null {
  if (startsWith(headBytes, png)) return { kind: "image", mimeType: "image/png" };
  if (startsWith(headBytes, jpeg)) return { kind: "image", mimeType: "image/jpeg" };
  if (startsWith(headBytes, pdf)) return { kind: "pdf", mimeType: "application/pdf" };
  if (isMp4(headBytes)) return { kind: "video", mimeType: "video/mp4" };
  return null;
}
