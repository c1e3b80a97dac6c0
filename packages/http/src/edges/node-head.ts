// Reads only the first bytes of an upload, then stops reading: enough to recognise a file by
// its content (R-PERM-4) without ever holding the whole file.
import type { Readable } from "node:stream";
import { LiveError } from "@onair/core";

/** Resolves with at most `maxBytes` bytes: fewer only when the body is shorter. */
export function readHead(body: Readable, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;

    const finish = (error?: unknown) => {
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
      body.off("close", onClose);
      if (error !== undefined) {
        reject(error);
        return;
      }
      body.pause();
      const head = Buffer.concat(chunks, received);
      resolve(new Uint8Array(head.buffer, head.byteOffset, Math.min(received, maxBytes)));
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      received += bytes.length;
      if (received >= maxBytes) finish();
    };
    const onEnd = () => finish();
    const onError = (error: unknown) => finish(error);
    const onClose = () =>
      finish(new LiveError("INVALID_INPUT", "The upload ended before its first bytes arrived."));

    if (maxBytes <= 0 || body.readableEnded) {
      resolve(new Uint8Array(0));
      return;
    }
    body.on("data", onData);
    body.on("end", onEnd);
    body.on("error", onError);
    body.on("close", onClose);
  });
}
