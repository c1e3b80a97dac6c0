// What every group of contract cases shares: the harness of the running case, a builder for
// harnesses with other settings, and the steps cases repeat (join and connect, start, stop).
import type { JoinGrant } from "@onair/core";
import { afterEach, beforeEach, expect } from "vitest";
import { as, createHarness, type Harness, type HarnessOptions, people } from "./harness.js";
import type { LiveHttpHost } from "./host.js";
import type { ContractApi, RequestBuilder } from "./http-client.js";
import type { LiveHttpSubject } from "./subject.js";

export interface ContractContext {
  /** The running case's harness (default settings). */
  readonly h: Harness;
  /** Whether the host listens on a real socket (raw HTTP cases run only then). */
  readonly sockets: boolean;
  /** Another API on the same host, with other settings; closed after the case. */
  harness(options?: HarnessOptions): Promise<Harness>;
  api(): ContractApi;
  /** Joins as a participant and connects a publishing client with the grant. */
  joinAndConnect(
    sessionId: string,
    email: string,
  ): Promise<{ grant: JoinGrant; connectionId: string; streamId: string }>;
  start(sessionId: string, email?: string): RequestBuilder;
  stop(sessionId: string, email?: string): RequestBuilder;
}

export function contractContext(
  host: LiveHttpHost,
  makeSubject: () => LiveHttpSubject | Promise<LiveHttpSubject>,
  sockets: boolean,
): ContractContext {
  let current: Harness | undefined;
  const open: Harness[] = [];
  const harness = async (options?: HarnessOptions) => {
    const created = await createHarness(host, await makeSubject(), options);
    open.push(created);
    return created;
  };
  beforeEach(async () => {
    current = await harness();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((each) => each.close()));
  });
  const ctx: ContractContext = {
    get h() {
      if (current === undefined) throw new Error("No contract case is running.");
      return current;
    },
    sockets,
    harness,
    api: () => ctx.h.api(),
    async joinAndConnect(sessionId, email) {
      const joined = await ctx
        .api()
        .post(`/live/sessions/${sessionId}/join`)
        .set(as(email))
        .send({});
      expect(joined.status).toBe(200);
      const grant = joined.body as JoinGrant;
      const client = await ctx.h.subject.connectClient(grant.roomId, grant.token);
      return { grant, ...client };
    },
    start: (sessionId, email = people.moderator) =>
      ctx.api().post(`/live/sessions/${sessionId}/live/start`).set(as(email)).send({}),
    stop: (sessionId, email = people.moderator) =>
      ctx.api().post(`/live/sessions/${sessionId}/live/stop`).set(as(email)).send({}),
  };
  return ctx;
}

export const problemType = /^application\/problem\+json/;
export const pdfHead = new Uint8Array([
  ...new TextEncoder().encode("%PDF-1.7\n"),
  ...new Uint8Array(200).fill(0x20),
]);
export const exeHead = new Uint8Array([0x4d, 0x5a, ...new Uint8Array(200)]);
export const newSession = {
  title: "Closing panel",
  startsAt: "2026-01-02T10:00:00Z",
  endsAt: "2026-01-02T11:00:00Z",
  timeZone: "Europe/Paris",
  participants: [{ email: "host@example.com", role: "moderator" }],
};

/** A logger that keeps what it is asked to log, by level. */
export const recordingLogger = () => {
  const logged = { warn: [] as unknown[], error: [] as unknown[] };
  return {
    logged,
    logger: {
      debug() {},
      info() {},
      warn: (...args: unknown[]) => void logged.warn.push(args),
      error: (...args: unknown[]) => void logged.error.push(args),
    },
  };
};
