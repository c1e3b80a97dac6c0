import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import { type ContractContext, exeHead, pdfHead } from "./steps.js";

export function contentCases(ctx: ContractContext): void {
  const { api, harness } = ctx;
  describe("content checks", () => {
    const upload = (
      sessionId: string,
      email: string | null,
      body: Uint8Array,
      type = "application/octet-stream",
    ) => {
      const test = api().post(`/live/sessions/${sessionId}/content`).set("content-type", type);
      return (email === null ? test : test.set(as(email))).send(body);
    };

    it("R-PERM-4: recognises a file by its first bytes, whatever its declared type", async () => {
      const id = await ctx.h.session();
      const pdf = await upload(id, people.speaker, pdfHead, "image/png");
      expect(pdf.status).toBe(200);
      expect(pdf.body).toMatchObject({
        kind: "pdf",
        mimeType: "application/pdf",
        size: pdfHead.length,
      });
      const exe = await upload(id, people.speaker, exeHead, "application/pdf");
      expect(exe.status).toBe(422);
      expect(exe.body.code).toBe("UNSUPPORTED_CONTENT");
    });

    it("R-PERM-4: refuses by declared size (413) before reading, and needs a length (411)", async () => {
      const small = await harness({ settings: { limits: { contentBytes: 1_000 } } });
      const id = await small.session();
      const tooLarge = await small
        .api()
        .post(`/live/sessions/${id}/content`)
        .set(as(people.speaker))
        .set("content-type", "application/pdf")
        .send(new Uint8Array([...pdfHead, ...new Uint8Array(2_000)]));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.code).toBe("CONTENT_TOO_LARGE");
      // A body sent in chunks has no declared length.
      const chunks = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(pdfHead);
          controller.close();
        },
      });
      const answer = await small.host.fetch(
        new Request(`${small.base}/live/sessions/${id}/content`, {
          method: "POST",
          headers: { "x-user": people.speaker },
          body: chunks,
          duplex: "half",
        } as RequestInit),
      );
      const chunked = { status: answer.status, body: await answer.text() };
      expect(chunked.status).toBe(411);
      expect(JSON.parse(chunked.body).code).toBe("LENGTH_REQUIRED");
    });

    it.runIf(ctx.sockets)(
      "R-PERM-4: answers from the first bytes of a large upload without waiting for the rest",
      async () => {
        const id = await ctx.h.session();
        const { request: raw } = await import("node:http");
        const declared = 40 * 1024 * 1024;
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const outgoing = raw(
            `${ctx.h.base}/live/sessions/${id}/content`,
            {
              method: "POST",
              headers: {
                "x-user": people.speaker,
                "content-type": "application/pdf",
                "content-length": declared,
              },
            },
            (res) => {
              let body = "";
              res.on("data", (chunk) => {
                body += chunk;
              });
              res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          outgoing.on("error", reject);
          // Only the head is ever sent: an answer proves the router did not wait for the whole file.
          outgoing.write(pdfHead);
        });
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ kind: "pdf", size: declared });
      },
    );

    it.runIf(ctx.sockets)(
      "R-PERM-4: the core's per-kind limit applies to the declared size (413)",
      async () => {
        const id = await ctx.h.session();
        const { request: raw } = await import("node:http");
        const answer = await new Promise<number>((resolve, reject) => {
          const outgoing = raw(
            `${ctx.h.base}/live/sessions/${id}/content`,
            {
              method: "POST",
              headers: { "x-user": people.speaker, "content-length": 60 * 1024 * 1024 },
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          outgoing.on("error", reject);
          outgoing.write(pdfHead);
        });
        expect(answer).toBe(413);
      },
    );

    it("R-PERM-4: only participants may check content (401 anonymous, 403 others)", async () => {
      const id = await ctx.h.session();
      expect((await upload(id, null, pdfHead)).status).toBe(401);
      const stranger = await upload(id, people.stranger, pdfHead);
      expect(stranger.status).toBe(403);
      expect(stranger.body.code).toBe("NOT_A_PARTICIPANT");
      expect((await upload(id, people.moderator, pdfHead)).status).toBe(200);
    });
  });
}
