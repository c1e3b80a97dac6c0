import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readHead } from "./node-head.js";

function chunkedSource(total: number, chunkSize: number) {
  let produced = 0;
  const stream = new Readable({
    highWaterMark: chunkSize,
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      const size = Math.min(chunkSize, total - produced);
      this.push(Buffer.alloc(size, produced % 251));
      produced += size;
    },
  });
  return { stream, produced: () => produced };
}

describe("readHead", () => {
  it("R-PERM-4: returns the first bytes and stops reading a large body", async () => {
    const source = chunkedSource(100 * 1024 * 1024, 1024);
    const head = await readHead(source.stream, 4100);
    expect(head.byteLength).toBe(4100);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(source.produced()).toBeLessThan(64 * 1024);
  });

  it("returns the whole body when it is shorter than the head", async () => {
    const head = await readHead(
      Readable.from([Buffer.from([0x25, 0x50]), Buffer.from([0x44, 0x46])]),
      64,
    );
    expect([...head]).toEqual([0x25, 0x50, 0x44, 0x46]);
  });

  it("keeps the bytes in order across chunks and cuts inside a chunk", async () => {
    const head = await readHead(Readable.from([Buffer.from("abc"), Buffer.from("defgh")]), 5);
    expect(Buffer.from(head).toString()).toBe("abcde");
  });

  it("rejects when the upload is aborted before its head arrived", async () => {
    const stream = new Readable({ read() {} });
    const pending = readHead(stream, 10);
    stream.push(Buffer.from("ab"));
    stream.destroy();
    await expect(pending).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
