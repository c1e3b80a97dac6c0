// Join-storm benchmark: requests per second on POST /sessions/:id/join through the router with the
// Vonage provider, against a hand-written Express handler calling the SDK's generateClientToken,
// measured in the same run. Each server runs in its own process, the load client in another.
import { type ChildProcess, fork } from "node:child_process";
import { verify } from "node:crypto";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { createVonageTestCredentials } from "@onair/testing/vonage-msw";
import type { JoinStormMode, JoinStormServerArgs, JoinStormTarget } from "./join-storm-server.js";
import type { LoadOptions, LoadResult } from "./load-client.js";

const serverScript = fileURLToPath(new URL("./join-storm-server.ts", import.meta.url));
const clientScript = fileURLToPath(new URL("./load-client.ts", import.meta.url));
const execArgv = ["--import", "tsx", "--conditions=@onair/source"];

export interface JoinStormOptions {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly signingThreads: number;
  /** Only these modes (the baseline always runs); default all. */
  readonly modes?: readonly string[];
  /** Writes a CPU profile (`node --cpu-prof`) of every server into this folder. */
  readonly profileDir?: string;
}

// Every server and load client still running: a failed run ends them all, so that no forked
// process keeps listening (and holds the terminal) after the benchmark has given up.
const running = new Set<ChildProcess>();

function start(script: string, args: unknown, flags: readonly string[] = []): ChildProcess {
  const child = fork(script, [JSON.stringify(args)], {
    execArgv: [...execArgv, ...flags],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

function stopAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
process.once("exit", stopAll);

function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const client = start(clientScript, options);
    client.once("message", (result: LoadResult) => resolve(result));
    client.once("exit", (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
  });
}

/** Every mode must hand out a token Vonage would accept: RS256 with the application's key. */
async function checkToken(target: JoinStormTarget, publicKey: string): Promise<void> {
  const answer = await fetch(target.url, { method: "POST", headers: target.headers, body: "{}" });
  if (answer.status !== 200) throw new Error(`${target.url} answered ${answer.status}`);
  // The grant carries the token in its provider-tagged connection (the baseline answers alike).
  const grant = (await answer.json()) as { connection?: { provider?: string; token?: unknown } };
  const token = grant.connection?.token;
  if (grant.connection?.provider !== "vonage" || typeof token !== "string") {
    throw new Error(`${target.url} answers without a Vonage connection token`);
  }
  const [header = "", claims = "", signature = ""] = token.split(".");
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${claims}`),
    publicKey,
    Buffer.from(signature, "base64url"),
  );
  const payload = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as {
    role?: string;
  };
  if (!valid || payload.role !== "moderator")
    throw new Error(`${target.url} hands out an invalid token`);
}

async function measure(args: JoinStormServerArgs, options: JoinStormOptions): Promise<LoadResult> {
  const profile =
    options.profileDir === undefined
      ? []
      : [
          "--cpu-prof",
          `--cpu-prof-dir=${options.profileDir}`,
          `--cpu-prof-name=${args.mode}.cpuprofile`,
        ];
  const server = start(serverScript, args, profile);
  const target = await new Promise<JoinStormTarget>((resolve, reject) => {
    server.once("message", (message: { type: string; target: JoinStormTarget }) =>
      resolve(message.target),
    );
    server.once("exit", (code) => reject(new Error(`${args.mode} server exited with ${code}`)));
  });
  try {
    await checkToken(target, args.credentials.publicKey);
    const run = (durationSeconds: number) =>
      load({
        url: target.url,
        method: "POST",
        headers: target.headers,
        body: "{}",
        connections: options.connections,
        durationSeconds,
      });
    await run(options.warmupSeconds);
    const result = await run(options.durationSeconds);
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.send({ type: "close" });
    await exited;
    return result;
  } catch (error) {
    stopAll();
    throw error;
  }
}

export async function runJoinStorm(options: JoinStormOptions): Promise<void> {
  const credentials = createVonageTestCredentials();
  const modes: [JoinStormMode, string][] = [
    ["baseline", "hand-written handler + SDK generateClientToken (baseline)"],
    ["router-inline", "createLiveRouter + core + @onair/vonage, signing: { threads: 0 }"],
    ["router", "same, default signing (one thread on 2+ cores)"],
    ["router-pool", `same, signing: { threads: ${options.signingThreads} }`],
    ["fetch", "@onair/http fetch handler on Hono (@hono/node-server), default signing"],
    ["fetch-pool", `fetch handler, signing: { threads: ${options.signingThreads} }`],
  ];
  const chosen = options.modes;
  if (chosen !== undefined) {
    const known = new Set<string>(modes.map(([mode]) => mode));
    const unknown = chosen.filter((mode) => !known.has(mode));
    if (unknown.length > 0) throw new Error(`Unknown join-storm modes: ${unknown.join(", ")}`);
    modes.splice(
      0,
      modes.length,
      ...modes.filter(([mode]) => mode === "baseline" || chosen.includes(mode)),
    );
  }
  const results = new Map<JoinStormMode, LoadResult>();
  for (const [mode] of modes) {
    results.set(
      mode,
      await measure({ mode, credentials, signingThreads: options.signingThreads }, options),
    );
  }
  const baseline = results.get("baseline")!;
  const table: Record<string, Record<string, string | number>> = {};
  for (const [mode, label] of modes) {
    const result = results.get(mode)!;
    table[label] = {
      "requests/s": Math.round(result.requestsPerSecond),
      "vs baseline": `${(result.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}×`,
      "p50 ms": result.latencyP50,
      "p99 ms": result.latencyP99,
      "non-2xx": result.non2xx,
      errors: result.errors,
    };
  }
  console.log(
    `POST /sessions/:id/join, ${options.connections} connections, ${options.durationSeconds} s after ${options.warmupSeconds} s of warm-up, ${availableParallelism()} cores`,
  );
  console.table(table);
  const ratio = (mode: JoinStormMode) =>
    (results.get(mode)?.requestsPerSecond ?? Number.NaN) / baseline.requestsPerSecond;
  const verdict = (value: number, floor: number, target?: number) =>
    `floor ${floor}×: ${value >= floor ? "met" : "MISSED"}${target === undefined ? "" : `; target ${target}×: ${value >= target ? "met" : "missed"}`}`;
  const lines: [JoinStormMode, string][] = [
    ["router-inline", "router signing inline (threads: 0)"],
    ["router", `router, default signing: ${verdict(ratio("router"), 1.9, 2.3)}`],
    [
      "router-pool",
      `router, ${options.signingThreads} signing threads: ${verdict(ratio("router-pool"), 3.6, 4)}`,
    ],
    ["fetch", `fetch handler on Hono, default signing: ${verdict(ratio("fetch"), 1.5)}`],
    ["fetch-pool", `fetch handler on Hono, ${options.signingThreads} signing threads`],
  ];
  for (const [mode, line] of lines) {
    if (results.has(mode)) console.log(`${ratio(mode).toFixed(2)}× the baseline: ${line}`);
  }
}
