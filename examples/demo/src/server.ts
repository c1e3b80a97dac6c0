// Starts the demo on the embedded defaults: in-memory store and change feed, the mock provider on
// the system clock. Listens on 127.0.0.1 only (port from PORT, default 3000).
import type { Logger } from "@onair/core";
import { createDemoApp } from "./create-demo-app.js";
import { seedDemo } from "./demo-seed.js";

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}".`);
  process.exit(1);
}

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

const demo = createDemoApp({
  logger: consoleLogger,
  // The replay is ready a few seconds after the stop (Vonage takes minutes).
  processingMs: 5_000,
  serviceOptions: {
    // The event page plays the stage itself (peer-to-peer here, Vonage subscribers otherwise).
    audienceDelivery: "subscribers",
    onNotification: (n) =>
      console.log(`platform notification: ${n.kind} (session ${n.sessionId})`, n.data),
  },
});
const seed = await seedDemo(demo.service, demo.provider.clock);

const server = demo.app.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`;
  const lines = [
    ["Home: choose who you are", "/"],
    ["Back office: sign in as Ada", "/backoffice"],
    ['Control room of "Opening keynote"', `/sessions/${seed.keynoteId}/control`],
    ['Event page of "Opening keynote"', `/sessions/${seed.keynoteId}`],
  ];
  console.log(
    `onair demo on ${base}: mock provider, in-memory store, nothing leaves this machine.\n`,
  );
  for (const [label, path] of lines) console.log(`  ${`${label}:`.padEnd(36)} ${base}${path}`);
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
  void demo.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
