import { describe, expect, it } from "vitest";
import { as, people } from "./harness.js";
import { type ContractContext, newSession, problemType } from "./steps.js";

export function adminCases(ctx: ContractContext): void {
  const { api, harness, start } = ctx;
  describe("admin routes", () => {
    it("creates (201 + Location), reads, updates, publishes and lists the history of a session", async () => {
      const created = await api()
        .post("/live/sessions")
        .set(as(people.admin))
        .send({
          title: "Closing panel",
          startsAt: "2026-01-02T10:00:00Z",
          endsAt: "2026-01-02T11:00:00Z",
          timeZone: "Europe/Paris",
          participants: [{ email: "  Host@Example.COM ", role: "moderator" }],
        });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(created.headers.location).toBe(`/live/sessions/${id}`);
      expect(created.body).toMatchObject({
        status: "draft",
        participants: [{ email: "host@example.com" }],
      });

      const read = await api().get(`/live/sessions/${id}`).set(as(people.admin));
      expect(read.status).toBe(200);
      expect(read.body.title).toBe("Closing panel");

      const updated = await api()
        .patch(`/live/sessions/${id}`)
        .set(as(people.admin))
        .send({ title: "Panel" });
      expect(updated.status).toBe(200);
      expect(updated.body.title).toBe("Panel");

      const published = await api()
        .post(`/live/sessions/${id}/publish`)
        .set(as(people.admin))
        .send({});
      expect(published.status).toBe(200);
      expect(published.body.status).toBe("published");

      const unpublished = await api()
        .post(`/live/sessions/${id}/unpublish`)
        .set(as(people.admin))
        .send({});
      expect(unpublished.body.status).toBe("draft");

      const history = await api().get(`/live/sessions/${id}/history`).set(as(people.admin));
      expect(history.status).toBe(200);
      expect(history.body.map((entry: { type: string }) => entry.type)).toEqual(
        expect.arrayContaining(["session-created", "session-published"]),
      );
      expect(
        history.body.find((e: { type: string }) => e.type === "session-published").actor,
      ).toEqual({
        kind: "admin",
        id: "admin-1",
      });
    });

    it("adds and removes participants; R-SES-3: never leaves a published session without a moderator (409)", async () => {
      const id = await ctx.h.session();
      const added = await api()
        .post(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: "guest@example.com", role: "speaker" });
      expect(added.status).toBe(200);
      expect(added.body.participants.map((p: { email: string }) => p.email)).toContain(
        "guest@example.com",
      );
      const removed = await api()
        .delete(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: "guest@example.com", role: "speaker" });
      expect(removed.status).toBe(200);
      expect(removed.body.participants).toHaveLength(2);
      const lastModerator = await api()
        .delete(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: people.moderator, role: "moderator" });
      expect(lastModerator.status).toBe(409);
      expect(lastModerator.body.code).toBe("NO_MODERATOR");
      const noModerator = await ctx.h.session({
        draft: true,
        participants: [{ email: people.speaker, role: "speaker" }],
      });
      const publish = await api()
        .post(`/live/sessions/${noModerator}/publish`)
        .set(as(people.admin))
        .send({});
      expect(publish.status).toBe(409);
      expect(publish.body.code).toBe("NO_MODERATOR");
    });

    it("deletes a session (204), never while it is live (409 LIVE_IN_PROGRESS)", async () => {
      const id = await ctx.h.session();
      expect((await start(id)).status).toBe(200);
      const refused = await api().delete(`/live/sessions/${id}`).set(as(people.admin));
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe("LIVE_IN_PROGRESS");
      const other = await ctx.h.session();
      expect((await api().delete(`/live/sessions/${other}`).set(as(people.admin))).status).toBe(
        204,
      );
      expect((await api().get(`/live/sessions/${other}`).set(as(people.admin))).status).toBe(404);
    });

    it("answers 404 for an unknown session and 400 for a malformed id", async () => {
      const unknown = await api().get("/live/sessions/ses_unknown").set(as(people.admin));
      expect(unknown.status).toBe(404);
      expect(unknown.headers["content-type"]).toMatch(problemType);
      expect(unknown.body.code).toBe("SESSION_NOT_FOUND");
      const malformed = await api()
        .get(`/live/sessions/${"x".repeat(101)}`)
        .set(as(people.admin));
      expect(malformed.status).toBe(400);
      expect(malformed.body.issues).toEqual([expect.objectContaining({ path: "id" })]);
      const dotted = await api().get("/live/sessions/a.b").set(as(people.admin));
      expect(dotted.status).toBe(400);
    });

    it("validates bodies with field-level issues (400)", async () => {
      const missing = await api().post("/live/sessions").set(as(people.admin)).send({ title: "" });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe("INVALID_INPUT");
      expect(missing.body.issues.map((issue: { path: string }) => issue.path)).toEqual(
        expect.arrayContaining(["title", "startsAt"]),
      );
      const id = await ctx.h.session();
      const extra = await api()
        .patch(`/live/sessions/${id}`)
        .set(as(people.admin))
        .send({ status: "published" });
      expect(extra.status).toBe(400);
      const role = await api()
        .post(`/live/sessions/${id}/participants`)
        .set(as(people.admin))
        .send({ email: "a@example.com", role: "attendee" });
      expect(role.status).toBe(400);
    });

    it("sends Cache-Control: no-store with every admin answer", async () => {
      const admin = as(people.admin);
      const created = await api().post("/live/sessions").set(admin).send(newSession);
      const id = created.body.id as string;
      const answers = [
        created,
        await api().get(`/live/sessions/${id}`).set(admin),
        await api().patch(`/live/sessions/${id}`).set(admin).send({ title: "Panel" }),
        await api().post(`/live/sessions/${id}/publish`).set(admin).send({}),
        await api().post(`/live/sessions/${id}/unpublish`).set(admin).send({}),
        await api()
          .post(`/live/sessions/${id}/participants`)
          .set(admin)
          .send({ email: "guest@example.com", role: "speaker" }),
        await api()
          .delete(`/live/sessions/${id}/participants`)
          .set(admin)
          .send({ email: "guest@example.com", role: "speaker" }),
        await api().get(`/live/sessions/${id}/history`).set(admin),
        await api().delete(`/live/sessions/${id}`).set(admin),
      ];
      answers.forEach((answer, i) => {
        expect(answer.status, `answer ${i}`).toBeLessThan(300);
        expect(answer.headers["cache-control"], `answer ${i}`).toBe("no-store");
      });
    });

    it("R-SEC-2: back-office writes are rate-limited per identity (429 with Retry-After)", async () => {
      const limited = await harness({
        settings: { rateLimits: { admin: { capacity: 2, refillPerSecond: 0.5 } } },
      });
      const id = await limited.session({ draft: true });
      const admin = as(people.admin);
      const create = () => limited.api().post("/live/sessions").set(admin).send(newSession);
      expect((await create()).status).toBe(201);
      expect((await create()).status).toBe(201);
      const refused = await create();
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("2");
      expect(refused.headers["cache-control"]).toBe("no-store");
      expect(refused.body).toMatchObject({ code: "RATE_LIMITED", retriable: true });
      const participant = { email: "guest@example.com", role: "speaker" };
      const writes = [
        limited.api().patch(`/live/sessions/${id}`).set(admin).send({ title: "x" }),
        limited.api().post(`/live/sessions/${id}/publish`).set(admin).send({}),
        limited.api().post(`/live/sessions/${id}/unpublish`).set(admin).send({}),
        limited.api().post(`/live/sessions/${id}/participants`).set(admin).send(participant),
        limited.api().delete(`/live/sessions/${id}/participants`).set(admin).send(participant),
        limited.api().delete(`/live/sessions/${id}`).set(admin),
      ];
      for (const answer of await Promise.all(writes)) expect(answer.status).toBe(429);
      // Reads are not back-office writes.
      expect((await limited.api().get(`/live/sessions/${id}`).set(admin)).status).toBe(200);
      limited.subject.clock.advance(2_000);
      expect((await create()).status).toBe(201);

      const unlimited = await harness({ settings: { rateLimits: { admin: false } } });
      for (let i = 0; i < 35; i++) {
        const answer = await unlimited.api().post("/live/sessions").set(admin).send(newSession);
        expect(answer.status).toBe(201);
      }
    });

    it("R-SEC-2: never echoes a flood of unknown fields: at most 10 short issues", async () => {
      const longKey = "k".repeat(500);
      const flood: Record<string, unknown> = { ...newSession, [longKey]: 1 };
      for (let i = 0; flood && Object.keys(flood).length < 2_000; i++) {
        flood[`unknown_field_number_${i}_${"x".repeat(30)}`] = i;
      }
      const body = JSON.stringify(flood);
      expect(body.length).toBeGreaterThan(100_000);
      const answer = await api()
        .post("/live/sessions")
        .set(as(people.admin))
        .set("content-type", "application/json")
        .send(body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("INVALID_INPUT");
      expect(answer.body.issues.length).toBeGreaterThan(0);
      expect(answer.body.issues.length).toBeLessThanOrEqual(10);
      for (const issue of answer.body.issues as { path: string; message: string }[]) {
        expect(issue.path.length).toBeLessThanOrEqual(100);
        expect(issue.message.length).toBeLessThanOrEqual(100);
      }
      expect(answer.text.length).toBeLessThan(4_000);
      expect(answer.text).not.toContain(longKey.slice(0, 101));
    });

    it("R-SEC-2: a malformed JSON body is 400 and a body over the limit is 413", async () => {
      const small = await harness({ settings: { limits: { jsonBodyBytes: 512 } } });
      const malformed = await small
        .api()
        .post("/live/sessions")
        .set(as(people.admin))
        .set("content-type", "application/json")
        .send('{"title": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe("INVALID_INPUT");
      const large = await small
        .api()
        .post("/live/sessions")
        .set(as(people.admin))
        .send({ title: "x".repeat(2_000) });
      expect(large.status).toBe(413);
      expect(large.body.code).toBe("CONTENT_TOO_LARGE");
    });
  });
}
