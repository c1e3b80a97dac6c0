import type { LiveService } from "@onair/core";
import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import { type ContractContext, problemType, recordingLogger } from "./steps.js";

export function errorCases(ctx: ContractContext): void {
  const { api, harness } = ctx;
  describe("errors", () => {
    it("R-SEC-2: an unexpected failure is a generic 500 problem, logged without request secrets", async () => {
      const logged: Record<string, unknown>[] = [];
      const broken = await harness({
        wrapService: (service: LiveService) => ({
          ...service,
          getSession: async () => {
            throw new Error("connect ECONNREFUSED password=hunter2");
          },
        }),
        settings: {
          logger: {
            debug() {},
            info() {},
            warn() {},
            error: (obj: unknown) => void logged.push(obj as Record<string, unknown>),
          },
        },
      });
      const answer = await broken
        .api()
        .get("/live/sessions/ses_1")
        .set(as(people.admin))
        .set("cookie", "platform_session=secret-cookie");
      expect(answer.status).toBe(500);
      expect(answer.headers["content-type"]).toMatch(problemType);
      expect(answer.body).toEqual({
        type: "urn:onair:problem:internal-error",
        code: "INTERNAL_ERROR",
        title: "Internal error",
        status: 500,
        detail: "An unexpected error occurred.",
        retriable: false,
      });
      expect(logged).toHaveLength(1);
      expect(JSON.stringify(logged[0])).not.toContain("secret-cookie");
      expect(JSON.stringify(logged[0])).not.toContain(people.admin);
      expect(logged[0]).toMatchObject({ status: 500, route: "/live/sessions/:id" });
    });

    it("R-SEC-2: a malformed percent-encoded path parameter is a 400 problem, not an error log", async () => {
      const { logger, logged } = recordingLogger();
      const watched = await harness({ settings: { logger } });
      const id = await watched.session();
      const answers = [
        await watched.api().get("/live/sessions/%E0%A4%A/audience"),
        await watched.api().get("/live/sessions/%ZZ").set(as(people.admin)),
        await watched.api().get("/live/sessions/%ZZ/events"),
        await watched
          .api()
          .post("/live/sessions/%E0%A4%A/live/start")
          .set(as(people.moderator))
          .send({}),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.headers["content-type"]).toMatch(problemType);
        expect(answer.body.code).toBe("INVALID_INPUT");
        expect(answer.text).not.toContain("%E0");
      }
      expect(logged.error).toEqual([]);
      expect((await watched.api().get(`/live/sessions/${id}/audience`)).status).toBe(200);
    });

    it("leaves unknown paths to the host app", async () => {
      expect((await api().get("/live/nowhere")).status).toBe(404);
      expect((await api().get("/live/nowhere")).headers["content-type"] ?? "").not.toMatch(
        problemType,
      );
    });
  });
}
