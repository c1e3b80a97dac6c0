// The demo app on an ephemeral 127.0.0.1 port with a test clock, for the demo's tests.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock, LiveNotification, LiveServiceOptions } from "@onair/core";
import type { Scheduler } from "@onair/express";
import {
  createMockLiveProvider,
  createTestClock,
  type MockLiveProvider,
  type TestClock,
} from "@onair/testing";
import request from "supertest";
import { createDemoApp, type DemoApp } from "../create-demo-app.js";

export interface DemoServer {
  readonly demo: DemoApp;
  readonly provider: MockLiveProvider<Clock>;
  readonly base: string;
  readonly server: Server;
  readonly notifications: LiveNotification[];
  /** What the demo logged as warnings and errors (level and message). */
  readonly warnings: string[];
  /** A browser signed in as `email` through the demo's sign-in (the cookie is kept). */
  as(email: string): Promise<request.Agent>;
  close(): Promise<void>;
}

/** Heartbeats never fire by themselves in tests. */
const noHeartbeats: Scheduler = { every: () => () => {} };

export async function startDemoServer(
  options: {
    readonly clock?: TestClock | Clock;
    readonly tickEveryMs?: number | null;
    readonly serviceOptions?: LiveServiceOptions;
  } = {},
): Promise<DemoServer> {
  const clock = options.clock ?? createTestClock(Date.parse("2026-06-01T08:00:00Z"));
  const provider = createMockLiveProvider<Clock>({ clock });
  const notifications: LiveNotification[] = [];
  const warnings: string[] = [];
  const record = (level: string) => (_obj: unknown, msg?: string) => {
    warnings.push(`${level}: ${msg ?? ""}`);
  };
  const demo = createDemoApp({
    provider,
    logger: { debug: () => {}, info: () => {}, warn: record("warn"), error: record("error") },
    tickEveryMs: options.tickEveryMs ?? null,
    routerSettings: { scheduler: noHeartbeats },
    serviceOptions: {
      ...options.serviceOptions,
      onNotification: (notification) => {
        notifications.push(notification);
      },
    },
  });
  const server = createServer(demo.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    demo,
    provider,
    base,
    server,
    notifications,
    warnings,
    async as(email) {
      const agent = request.agent(base);
      await agent.post("/demo/sign-in").send({ email }).expect(200);
      return agent;
    },
    async close() {
      await demo.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      provider.dispose();
    },
  };
}
