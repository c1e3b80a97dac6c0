import { describe, expect, it } from "vitest";
import type { ContractContext } from "./steps.js";

export function preflightCases(ctx: ContractContext): void {
  const { api } = ctx;
  describe("preflight", () => {
    const report = {
      role: "speaker",
      page: {
        secureContext: true,
        protocol: "https:",
        hostname: "event.example.com",
        site: "preview",
      },
      webrtc: { supported: true },
      camera: { permission: "granted", count: 1 },
      microphone: { permission: "denied", count: 1 },
      browser: { name: "chrome", version: 130 },
      network: { uploadMbps: 12, udp: "ok", relay: "none" },
    };

    it("R-PRE-6: evaluates a report with the core's rules and localizes the advice", async () => {
      const english = await api().post("/live/preflight").send(report);
      expect(english.status).toBe(200);
      expect(english.body.overall).toBe("blocked");
      expect(english.body.checks.find((c: { id: string }) => c.id === "microphone").verdict).toBe(
        "fail",
      );
      expect(english.body.advice[0]).toEqual({
        code: expect.any(String),
        message: expect.any(String),
      });
      const french = await api().post("/live/preflight").set("accept-language", "fr").send(report);
      expect(french.headers["content-language"]).toBe("fr");
      expect(french.body.advice.map((a: { code: string }) => a.code)).toEqual(
        english.body.advice.map((a: { code: string }) => a.code),
      );
      expect(french.body.advice[0].message).not.toBe(english.body.advice[0].message);
    });

    it("refuses an invalid report (400 with issues) and a non-JSON one (415)", async () => {
      const invalid = await api()
        .post("/live/preflight")
        .send({ ...report, role: "admin" });
      expect(invalid.status).toBe(400);
      expect(invalid.body.issues[0].path).toBe("role");
      const form = await api().post("/live/preflight").type("form").send("role=speaker");
      expect(form.status).toBe(415);
    });
  });
}
