// What the snippets of the docs take from their surroundings, declared with the real types so that
// `pnpm check` type-checks how they use it. A block that declares the same name uses its own.
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
  /** A signed-in user of the platform. */
  const user: { email: string; isAdmin: boolean };
  const sessionId: string;
  /** The router's hooks, as a platform writes them. */
  const identify: LiveRouterOptions["identify"];
  const authorizeAdmin: LiveRouterOptions["authorizeAdmin"];
  const authorizeAudience: NonNullable<LiveRouterOptions["authorizeAudience"]>;
  /** What the page measured (see the preflight guide). */
  const report: PreflightReport;
}
