// What the snippets of the docs take from their surroundings, declared with the real types so that
// `pnpm check` type-checks how they use it. A block that declares the same name uses its own.

import type { ControlRoom, ControlRoomState, LiveClient, VideoRoom } from "@onair/client";
import type {
  ChangeFeed,
  Clock,
  IdGenerator,
  LiveProvider,
  LiveService,
  LiveServiceOptions,
  Logger,
  PreflightReport,
} from "@onair/core";
import type { LiveRouterOptions, Scheduler } from "@onair/express";
import type { PostgresStore } from "@onair/postgres";
import type { Express, Request } from "express";
import type { FastifyRequest } from "fastify";

/** The part of Bun's server API the Bun example uses (Bun's own types are `@types/bun`). */
interface BunServer {
  requestIP(request: globalThis.Request): { address: string; family: string; port: number } | null;
}

declare global {
  /** The service the server built with `createLiveService`, and what it was built with. */
  const service: LiveService;
  const provider: LiveProvider;
  /** A PostgresStore is a SessionStore plus `migrate`, `purgePresence`, `close`. */
  const store: PostgresStore;
  const changes: ChangeFeed;
  const clock: Clock;
  const ids: IdGenerator;
  const logger: Logger;
  const options: LiveServiceOptions;
  const scheduler: Scheduler;
  /** The platform's Express app. */
  const app: Express;
  /** The platform's own login: who is calling, or null. */
  function currentUser(req: Request): { email: string; isAdmin: boolean } | null;
  /** The same login read from a standard (fetch) Request, and from Fastify's request. */
  function sessionUserOf(request: globalThis.Request): { email: string; isAdmin: boolean } | null;
  function userOf(req: FastifyRequest): { email: string; isAdmin: boolean } | null;
  /** Whether the platform registered this user for this session (audience restriction). */
  function isRegistered(request: globalThis.Request, sessionId: string): boolean;
  /** Bun's runtime global, on Bun. */
  const Bun: {
    serve(options: {
      port?: number;
      idleTimeout?: number;
      fetch(
        request: globalThis.Request,
        server: BunServer,
      ): globalThis.Response | Promise<globalThis.Response>;
    }): BunServer;
  };
  /** A signed-in user of the platform. */
  const user: { email: string; isAdmin: boolean };
  const sessionId: string;
  /** The router's hooks, as a platform writes them. */
  const identify: LiveRouterOptions["identify"];
  const authorizeAdmin: LiveRouterOptions["authorizeAdmin"];
  const authorizeAudience: NonNullable<LiveRouterOptions["authorizeAudience"]>;
  /** What the page measured (see the preflight guide). */
  const report: PreflightReport;
  /** A page of the browser client's guides: its client, control room, room and files. */
  const live: LiveClient;
  const room: ControlRoom;
  const videoRoom: VideoRoom;
  const file: File;
  const pdfFile: File;
  /** The file the user picked in an <input type="file">. */
  const fileFromAnInput: File;
  const videoElement: HTMLVideoElement;
  /** Devices chosen in the preflight (or saved from last time). */
  const videoDeviceId: string;
  const audioDeviceId: string;
  const savedCameraId: string;
  /** What the page's own UI does: the guides leave it to you. */
  function render(state?: ControlRoomState | string): void;
  function show(message: string): void;
  function showHelp(message: string, advice: readonly { code: string; message: string }[]): void;
  function showOfflineBanner(): void;
  function showCountdown(startsAt: string, serverTime: number): void;
  function showSlate(): void;
  function play(hlsUrl: string | null): void;
  function playReplay(url: string): void;
}
