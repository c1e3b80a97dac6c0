// The demo platform as an Express app: the onair router under /api, the demo's sign-in and
// simulated clients under /demo, and the pages. Built from injected parts (clock, provider,
// store, change feed) and never listening by itself, so tests drive it as it runs.
// On the mock provider (default) the browsers' media relay and stage recordings stand in for
// what Vonage does; with `vonage`, the browsers connect to Vonage themselves, Vonage's signed
// callbacks arrive at POST /api/webhooks/provider, and the replay is Vonage's archive.
import {
  type ChangeFeed,
  type Clock,
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type LiveProvider,
  type LiveService,
  type LiveServiceOptions,
  type Logger,
  randomIds,
  type SessionStore,
  silentLogger,
  systemClock,
} from "@onair/core";
import { createLiveRouter, type LiveRouter, type LiveRouterSettings } from "@onair/express";
import { createMockLiveProvider, type MockLiveProvider } from "@onair/testing";
import type { VonageProvider } from "@onair/vonage";
import express, { type Express } from "express";
import { createDemoIdentity } from "./demo-identity.js";
import { createDemoMedia, type DemoMedia } from "./demo-media.js";
import { adminEmail } from "./demo-people.js";
import { createDemoRoutes } from "./demo-routes.js";
import { mountPages } from "./pages.js";
import { createSessionCatalogue, type SessionCatalogue } from "./session-catalogue.js";

/** What both providers' demos take. */
export interface DemoAppBaseOptions {
  /** Default: the mock provider's clock when one is given, otherwise the system clock. */
  readonly clock?: Clock;
  /** Default: the in-memory store. */
  readonly store?: SessionStore;
  /** Default: the in-memory change feed. */
  readonly changes?: ChangeFeed;
  readonly serviceOptions?: LiveServiceOptions;
  /** Passed to the live router (e.g. a manual SSE scheduler in tests). */
  readonly routerSettings?: LiveRouterSettings;
  readonly logger?: Logger;
  /** Signs the identity cookie. Default: random bytes, so a restart signs everyone out. */
  readonly cookieSecret?: Uint8Array;
  /**
   * How often `tick()` runs on its own, in milliseconds; null never (tests call `tick()`).
   * Default 1000.
   */
  readonly tickEveryMs?: number | null;
}

/** The demo on the mock provider (the embedded defaults). */
export interface DemoAppOptions extends DemoAppBaseOptions {
  /** Default: a mock provider on `clock`, disposed by `close()`. */
  readonly provider?: MockLiveProvider<Clock>;
  /** With the default provider: time from a stopped recording to its replay (default 30 s). */
  readonly processingMs?: number;
  readonly vonage?: undefined;
}

/** The demo on Vonage. */
export interface VonageDemoAppOptions extends DemoAppBaseOptions {
  /**
   * The Vonage provider (`createVonageProvider`), closed by `close()` after the router, as its
   * webhooks still being processed need it. The audience gets the HLS broadcast unless
   * `serviceOptions.audienceDelivery` says otherwise.
   */
  readonly vonage: VonageProvider;
}

export interface DemoApp<P extends LiveProvider = MockLiveProvider<Clock>> {
  readonly app: Express;
  readonly service: LiveService;
  /** Which provider runs the rooms. */
  readonly providerName: "mock" | "vonage";
  readonly provider: P;
  readonly router: LiveRouter;
  readonly catalogue: SessionCatalogue;
  /**
   * The browsers' media relay (WebRTC signalling) and the stage recordings they upload, mounted
   * at /demo/media on the mock provider only (on Vonage the media and the replay are Vonage's).
   */
  readonly media: DemoMedia;
  /**
   * What the platform's timer does: lets the provider stop what is due (idle rooms, maximum
   * durations, processing done) and ticks every live session (idle alerts, new segments).
   */
  tick(): Promise<void>;
  /** Stops the timer, ends the event streams and waits for work in flight. */
  close(): Promise<void>;
}

export function createDemoApp(options?: DemoAppOptions): DemoApp;
export function createDemoApp(options: VonageDemoAppOptions): DemoApp<VonageProvider>;
export function createDemoApp(
  options: DemoAppOptions | VonageDemoAppOptions = {},
): DemoApp<MockLiveProvider<Clock>> | DemoApp<VonageProvider> {
  const vonage = options.vonage ?? null;
  const mockOptions: DemoAppOptions = vonage === null ? (options as DemoAppOptions) : {};
  const clock = options.clock ?? mockOptions.provider?.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const ownsMock = vonage === null && mockOptions.provider === undefined;
  const mock: MockLiveProvider<Clock> | null =
    vonage !== null
      ? null
      : (mockOptions.provider ??
        createMockLiveProvider<Clock>({
          clock,
          // A database outlives this process: the next one must not reuse its room ids.
          ...(options.store === undefined ? {} : { ids: randomIds }),
          ...(mockOptions.processingMs === undefined
            ? {}
            : { processingMs: mockOptions.processingMs }),
        }));
  const provider: LiveProvider = vonage ?? (mock as MockLiveProvider<Clock>);
  const catalogue = createSessionCatalogue(options.store ?? createInMemoryStore());
  const service = createLiveService({
    store: catalogue.store,
    provider,
    changes: options.changes ?? createInMemoryChangeFeed(),
    clock,
    logger,
    ...options.serviceOptions,
  });
  // Mock webhooks, in-process: what the mock reports reaches the service as a verified delivery
  // to POST /api/webhooks/provider would. Vonage's arrive at that route, signed.
  const stopListening = mock?.onEvent((event) => service.handleProviderEvent(event)) ?? (() => {});

  const identity = createDemoIdentity(options.cookieSecret);
  const router = createLiveRouter({
    service,
    provider,
    identify: (req) => identity.identify(req),
    authorizeAdmin: (req) =>
      identity.identify(req)?.email === adminEmail ? { adminId: "Ada" } : false,
    clock,
    logger,
    ...options.routerSettings,
  });

  const media = createDemoMedia({ identity, logger });
  const app = express();
  app.disable("x-powered-by");
  // The replay the moderator's browser recorded, once uploaded, stands in for the mock's
  // recording (whose link goes nowhere); until then the router answers as usual. On Vonage
  // nothing is uploaded (no /demo/media): the router's redirect to a fresh link of the archive.
  app.get("/api/sessions/:id/replay", async (req, res, next) => {
    try {
      const id = req.params.id;
      const session = media.recording(id) === undefined ? null : await service.getSession(id);
      if (
        session?.status !== "published" ||
        (session.live.replay !== "ready" && session.live.replay !== "partial")
      ) {
        next();
        return;
      }
      res.setHeader("Cache-Control", "no-store");
      res.redirect(302, `/demo/media/${encodeURIComponent(id)}/recording`);
    } catch {
      next();
    }
  });
  app.use("/api", router);
  if (mock !== null) app.use("/demo/media", media.router);
  app.use("/demo", createDemoRoutes({ service, provider: mock, catalogue, identity, logger }));
  mountPages(app, { vonage: vonage !== null });

  const settle = async () => {
    if (mock === null) return;
    try {
      await mock.settle();
    } catch (error) {
      logger.warn(
        { error: error instanceof Error ? error.name : typeof error },
        "a provider event could not be processed",
      );
    }
  };

  const tickOnce = async () => {
    // The mock stops what Vonage would stop by itself; Vonage tells it through its callbacks.
    mock?.tick();
    await settle();
    // Every live session the service has seen start (idle alerts, new segments, lost starts).
    await service.tickAll();
    await settle();
  };

  // One tick at a time: a timer tick and a manual one never overlap.
  let running: Promise<void> | null = null;
  const tick = async () => {
    while (running !== null) await running;
    running = tickOnce().finally(() => {
      running = null;
    });
    return running;
  };

  const tickEveryMs = options.tickEveryMs === undefined ? 1000 : options.tickEveryMs;
  const timer =
    tickEveryMs === null
      ? null
      : setInterval(() => {
          void tick();
        }, tickEveryMs);
  timer?.unref();

  const common = {
    app,
    service,
    router,
    catalogue,
    media,
    tick,
    async close() {
      if (timer !== null) clearInterval(timer);
      await running;
      media.close();
      await router.close();
      stopListening();
      await settle();
      if (ownsMock) mock?.dispose();
      await vonage?.close();
    },
  };
  return vonage !== null
    ? { ...common, providerName: "vonage", provider: vonage }
    : { ...common, providerName: "mock", provider: mock as MockLiveProvider<Clock> };
}
