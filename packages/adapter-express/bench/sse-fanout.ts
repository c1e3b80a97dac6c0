// SSE fan-out benchmark: each configuration runs in its own server process (the viewers' client
// in yet another), one after the other, and the figures are printed side by side. The baseline is
// a bare node:http SSE loop measured in the same run, so the ratios compare like with like.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FanoutFigures, FanoutServerArgs } from "./sse-fanout-server.js";

interface Configuration {
  readonly name: string;
  readonly mode: FanoutServerArgs["mode"];
  readonly nodeFlags: readonly string[];
}

const serverScript = fileURLToPath(new URL("./sse-fanout-server.ts", import.meta.url));
const clientScript = fileURLToPath(new URL("../../../bench/http-sse-viewers.ts", import.meta.url));

function runServer(configuration: Configuration, viewers: number): Promise<FanoutFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(
      serverScript,
      [JSON.stringify({ mode: configuration.mode, viewers, clientScript })],
      {
        execArgv: ["--import", "tsx", "--conditions=@onair/source", ...configuration.nodeFlags],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    child.on("message", (message: { type: string; figures: FanoutFigures }) => {
      if (message.type === "figures") resolve(message.figures);
    });
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`${configuration.name}: server exited with ${code}`));
    });
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

export async function runSseFanout(viewers: number): Promise<void> {
  const configurations: Configuration[] = [
    { name: "bare node:http (baseline)", mode: "bare", nodeFlags: [] },
    { name: "onair router", mode: "router", nodeFlags: [] },
    // The young generation grows to its maximum under a connection storm and keeps that memory;
    // an SSE server is memory-bound, not allocation-bound, so a small one suits it.
    {
      name: "onair router, --max-semi-space-size=2",
      mode: "router",
      nodeFlags: ["--max-semi-space-size=2"],
    },
    { name: "fetch handler on Hono", mode: "fetch", nodeFlags: [] },
  ];
  const results: [Configuration, FanoutFigures][] = [];
  for (const configuration of configurations) {
    results.push([configuration, await runServer(configuration, viewers)]);
  }
  const baseline = results[0]![1];
  // One row per figure, one column per configuration.
  const table: Record<string, Record<string, string>> = {};
  const row = (figure: string, name: string, value: string) => {
    table[figure] = { ...table[figure], [name]: value };
  };
  for (const [configuration, figures] of results) {
    const name = configuration.name;
    row(
      "viewers connected",
      name,
      `${figures.connected}${figures.failed > 0 ? ` (${figures.failed} failed)` : ""}`,
    );
    row(
      "service subscriptions",
      name,
      figures.subscriptions === null ? "-" : String(figures.subscriptions),
    );
    row("all connected in", name, `${(figures.connectMs / 1000).toFixed(1)} s`);
    row("stop → median viewer", name, ms(figures.p50Ms));
    row("stop → p99 viewer", name, ms(figures.p99Ms));
    row("stop → last viewer", name, ms(figures.lastMs));
    row("last viewer vs baseline", name, `${(figures.lastMs / baseline.lastMs).toFixed(2)}×`);
    row("server RSS per viewer, storm peak", name, kb(figures.rssPerViewer));
    row(
      "storm peak vs baseline",
      name,
      `${(figures.rssPerViewer / baseline.rssPerViewer).toFixed(2)}×`,
    );
    row("server RSS per viewer, steady", name, kb(figures.steadyRssPerViewer));
    row(
      "steady vs baseline",
      name,
      `${(figures.steadyRssPerViewer / baseline.steadyRssPerViewer).toFixed(2)}×`,
    );
    row("server JS heap per viewer", name, kb(figures.heapPerViewer));
  }
  console.log(
    `${viewers} SSE viewers on one server process; floors: last viewer no later than bare node:http, steady RSS ≤ 17 KB per viewer; target: steady RSS ≤ 1.2× bare node:http`,
  );
  console.log(
    "storm peak: right after the last viewer connected; steady: highest reading 10–25 s later, idle, heartbeats included",
  );
  console.table(table);
  for (const [configuration, figures] of results.slice(1)) {
    const latency = figures.lastMs / baseline.lastMs;
    const steady = figures.steadyRssPerViewer / baseline.steadyRssPerViewer;
    const floorOf = (met: boolean) => (met ? "met" : "MISSED");
    // The floors and the target are the Express router's; the fetch handler's fan-out is reported.
    if (!configuration.name.startsWith("onair router")) {
      console.log(
        `${configuration.name} (reported, no floor): last viewer ${latency.toFixed(2)}× bare; steady RSS ${(figures.steadyRssPerViewer / 1024).toFixed(1)} KB per viewer, ${steady.toFixed(2)}× bare`,
      );
      continue;
    }
    console.log(
      `${configuration.name}: last viewer ${latency.toFixed(2)}× bare (floor ≤ 1×: ${floorOf(latency <= 1)}); steady RSS ${(figures.steadyRssPerViewer / 1024).toFixed(1)} KB per viewer (floor ≤ 17 KB: ${floorOf(figures.steadyRssPerViewer <= 17 * 1024)}), ${steady.toFixed(2)}× bare (target ≤ 1.2×: ${steady <= 1.2 ? "met" : "missed"})`,
    );
  }
}
