// Starts the demo on the embedded defaults: in-memory store and change feed, the mock provider on
// the system clock; with DATABASE_URL, on PostgreSQL; with VONAGE_APPLICATION_ID and its key, on
// Vonage (the audience gets the HLS broadcast, the replay is Vonage's archive). Listens on
// 127.0.0.1 only (port from PORT, default 3000). The configuration is checked first: one message
// per bad value.
import { isLiveError, type Logger, systemClock } from "@onair/core";
import { createPostgresChangeFeed, createPostgresStore } from "@onair/postgres";
import { createVonageProvider, type VonageProvider } from "@onair/vonage";
import { createDemoApp, type DemoApp } from "./create-demo-app.js";
import { readDemoConfig, webhookUrlOf } from "./demo-config.js";
import { seedDemo } from "./demo-seed.js";

const checked = readDemoConfig(process.env);
if (!checked.ok) {
  console.error("The demo's configuration has problems:");
  for (const problem of checked.problems) console.error(`  - ${problem}`);
  process.exit(1);
}
const { port, databaseUrl, vonage } = checked.config;

// Warnings and errors only: no secret or email is ever passed to the logger.
const print =
  (write: (...data: unknown[]) => void, level: string) => (obj: unknown, msg?: string) =>
    msg === undefined ? write(level, obj) : write(level, msg, obj);
const consoleLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: print(console.warn, "warn"),
  error: print(console.error, "error"),
};

let storage = {};
let closeStorage = async () => {};
if (databaseUrl !== null) {
  const store = createPostgresStore({ connectionString: databaseUrl });
  try {
    await store.migrate();
  } catch (error) {
    console.error(
      `The demo could not reach PostgreSQL at DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  const changes = createPostgresChangeFeed({ store, logger: consoleLogger });
  await changes.ready();
  storage = { store, changes };
  closeStorage = async () => {
    await changes.close();
    await store.close();
  };
}

const onNotification = (n: { kind: string; sessionId: string; data: unknown }) =>
  console.log(`platform notification: ${n.kind} (session ${n.sessionId})`, n.data);

let vonageProvider: VonageProvider | null = null;
if (vonage !== null) {
  try {
    vonageProvider = createVonageProvider({
      applicationId: vonage.applicationId,
      privateKey: vonage.privateKey,
      signatureSecret: [...vonage.signatureSecrets],
      logger: consoleLogger,
    });
  } catch (error) {
    // The provider names the refused fields, never their values.
    console.error(
      `The Vonage settings were refused: ${isLiveError(error) ? error.message : String(error)}`,
    );
    await closeStorage();
    process.exit(1);
  }
}

const demo: DemoApp<VonageProvider> | DemoApp =
  vonageProvider !== null
    ? createDemoApp({
        ...storage,
        vonage: vonageProvider,
        logger: consoleLogger,
        // The audience gets Vonage's HLS broadcast (the core's default delivery).
        serviceOptions: { onNotification },
      })
    : createDemoApp({
        ...storage,
        logger: consoleLogger,
        // The replay is ready a few seconds after the stop (Vonage takes minutes).
        processingMs: 5_000,
        serviceOptions: {
          // The event page plays the stage itself, peer-to-peer between the demo's tabs.
          audienceDelivery: "subscribers",
          onNotification,
        },
      });
const seed = await seedDemo(demo.service, systemClock);

const server = demo.app.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`;
  const lines = [
    ["Home: choose who you are", "/"],
    ["Back office: sign in as Ada", "/backoffice"],
    ['Control room of "Opening keynote"', `/sessions/${seed.keynoteId}/control`],
    ['Event page of "Opening keynote"', `/sessions/${seed.keynoteId}`],
  ];
  const store = databaseUrl === null ? "in-memory store" : "PostgreSQL store";
  console.log(
    vonage === null
      ? `onair demo on ${base}: mock provider, ${store}, audience by subscribers (peer-to-peer between this browser's tabs)${databaseUrl === null ? ", nothing leaves this machine" : ""}.\n`
      : `onair demo on ${base}: Vonage provider (application ${vonage.applicationId}), ${store}, audience by HLS broadcast, replay from Vonage's archives.\n`,
  );
  for (const [label, path] of lines) console.log(`  ${`${label}:`.padEnd(36)} ${base}${path}`);
  if (vonage !== null) {
    console.log(
      `\nIn the Vonage dashboard, set the Video capability's callback URLs (session monitoring, archive status, broadcast status), signed, to:\n  ${webhookUrlOf(vonage.publicUrl)}\n(PUBLIC_URL must forward to ${base}.)`,
    );
  }
  console.log(
    "\nSign in as Léa (moderator) in one window, open the event page in another. Ctrl+C stops.",
  );
});
server.on("error", (error) => {
  console.error(`The demo could not listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  void demo
    .close()
    .then(closeStorage)
    .then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
