import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTENT_HEAD_BYTES, detectContentKind } from "./detect-content.js";

/** Bytes from a mix of numbers and ASCII text, as file signatures are usually written. */
function bytes(...parts: (number | string)[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === "number") out.push(part);
    else for (const char of part) out.push(char.charCodeAt(0));
  }
  return new Uint8Array(out);
}

/** An ISO BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  return bytes(0, 0, 0, size, "ftyp", major, 0, 0, 2, 0, ...compatible, 0, 0, 0, 8, "free");
}

const png = bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, "IHDR");
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, "JFIF", 0);
const pdf = bytes("%PDF-1.7\n%", 0xe2, 0xe3, 0xcf, 0xd3);

describe("detectContentKind", () => {
  it.each([
    ["a PNG", png, "image", "image/png"],
    ["a JPEG (JFIF)", jpeg, "image", "image/jpeg"],
    ["a JPEG (Exif)", bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0x18, "Exif"), "image", "image/jpeg"],
    ["a PDF", pdf, "pdf", "application/pdf"],
    ["an MP4 (isom)", ftyp("isom", "isom", "iso2", "avc1", "mp41"), "video", "video/mp4"],
    ["an MP4 (mp42)", ftyp("mp42", "mp42", "isom"), "video", "video/mp4"],
    ["an MP4 (iso5, fragmented)", ftyp("iso5", "iso6", "mp41"), "video", "video/mp4"],
    ["an MP4 (dash)", ftyp("dash", "iso6", "avc1"), "video", "video/mp4"],
    ["an M4V", ftyp("M4V ", "M4V ", "M4A ", "mp42", "isom"), "video", "video/mp4"],
    ["an MP4 without compatible brands", ftyp("mp41"), "video", "video/mp4"],
  ])("R-PERM-4: recognizes %s by its bytes", (_why, head, kind, mimeType) => {
    expect(detectContentKind(head)).toEqual({ kind, mimeType });
  });

  // What a file claims (its name, its declared MIME type) plays no part: only the bytes count.
  it.each([
    ["slides.pdf", "application/pdf", png, { kind: "image", mimeType: "image/png" }],
    ["photo.png", "image/png", pdf, { kind: "pdf", mimeType: "application/pdf" }],
    ["clip.mp4", "video/mp4", jpeg, { kind: "image", mimeType: "image/jpeg" }],
    ["report.pdf", "application/pdf", bytes("MZ", 0x90, 0, 3, 0), null],
  ])(
    "R-PERM-4: a file named %s (declared %s) is judged by its content",
    (_name, _type, head, expected) => {
      expect(detectContentKind(head)).toEqual(expected);
    },
  );

  it.each([
    ["a Windows executable", bytes("MZ", 0x90, 0, 3, 0, 0, 0, 4, 0)],
    ["an ELF executable", bytes(0x7f, "ELF", 2, 1, 1)],
    ["a ZIP archive (or a .docx, .pptx)", bytes("PK", 3, 4, 20, 0, 6, 0)],
    ["a RAR archive", bytes("Rar!", 0x1a, 7, 1, 0)],
    ["an HTML page", bytes("<!DOCTYPE html><html><script>")],
    ["an HTML page with a byte order mark", bytes(0xef, 0xbb, 0xbf, "<html>")],
    ["an SVG image", bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ["an SVG image with an XML prolog", bytes('<?xml version="1.0"?><svg>')],
    ["a GIF", bytes("GIF89a", 1, 0, 1, 0)],
    ["a WebP", bytes("RIFF", 0x24, 0, 0, 0, "WEBPVP8 ")],
    ["a QuickTime MOV", ftyp("qt  ", "qt  ")],
    ["a QuickTime MOV without ftyp", bytes(0, 0, 0, 8, "wide", 0, 0, 0, 0, "mdat")],
    ["a HEIC photo", ftyp("heic", "mif1", "heic")],
    ["a HEIF photo", ftyp("mif1", "mif1", "heic")],
    ["an AVIF image", ftyp("avif", "avif", "mif1", "miaf")],
    ["an ISO file declaring image brands", ftyp("isom", "mif1", "avif")],
    ["a 3GP video", ftyp("3gp4", "isom", "3gp4")],
    ["an M4A audio file", ftyp("M4A ", "M4A ", "mp42", "isom")],
    ["a PDF header not at the start", bytes(" %PDF-1.7")],
    ["a plain text file", bytes("hello, world")],
    ["a truncated PNG signature", bytes(0x89, "PNG", 0x0d, 0x0a)],
    ["a truncated JPEG signature", bytes(0xff, 0xd8)],
    ["a truncated ftyp box", bytes(0, 0, 0, 24, "ftypisom")],
    ["an ftyp box with an impossible size", bytes(0, 0, 0, 10, "ftypisom", 0, 0, 0, 0)],
    ["an ftyp box with a ragged size", bytes(0, 0, 0, 18, "ftypisom", 0, 0, 0, 0, "is")],
    ["no bytes at all", new Uint8Array(0)],
  ])("R-PERM-4: refuses %s", (_why, head) => {
    expect(detectContentKind(head)).toBeNull();
  });

  it("R-PERM-4: needs no more than the documented head, and never throws on any bytes", () => {
    expect(CONTENT_HEAD_BYTES).toBeLessThanOrEqual(64);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }),
          fc.constantFrom(png, jpeg, pdf, ftyp("isom", "iso2", "avc1"), ftyp("heic", "mif1")),
        ),
        fc.uint8Array({ maxLength: 200 }),
        (head, tail) => {
          const whole = new Uint8Array(head.length + tail.length);
          whole.set(head);
          whole.set(tail, head.length);
          const result = detectContentKind(whole);
          expect(result).toEqual(detectContentKind(whole.subarray(0, CONTENT_HEAD_BYTES)));
          if (result !== null) expect(["video", "image", "pdf"]).toContain(result.kind);
        },
      ),
      { numRuns: 500 },
    );
  });
});
