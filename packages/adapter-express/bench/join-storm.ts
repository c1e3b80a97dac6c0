// Join-storm benchmark: requests per second on POST /sessions/:id/join through the router with the
// Vonage provider, against a hand-written Express handler calling the SDK's generateClientToken,
// measured in the same run. Each server runs in its own process, the load client in another.
import { fork } from "node:child_process";
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
}

function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const client = fork(clientScript, [JSON.stringify(options)], {
      execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    client.once("message", (result: LoadResult) => resolve(result));
    client.once("exit", (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
  });
}

/** Every mode must hand out a token Vonage would accept: RS256 with the application's key. */
async function checkToken(target: JoinStormTarget, publicKey: string): Promise<void> {
  const answer = await fetch(target.url, { method: "POST", headers: target.headers, body: "{}" });
  const { token } = (await answer.json()) as { token: string };
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
  const server = fork(serverScript, [JSON.stringify(args)], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const target = await new Promise<JoinStormTarget>((resolve, reject) => {
    server.once("message", (message: { type: string; target: JoinStormTarget }) =>
      resolve(message.target),
    );
    server.once("exit", (code) => reject(new Error(`${args.mode} server exited with ${code}`)));
  });
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
  server.send({ type: "close" });
  await new Promise((resolve) => server.once("exit", resolve));
  return result;
}

export async function runJoinStorm(options: JoinStormOptions): Promise<void> {
  const credentials = createVonageTestCredentials();
  const modes: [JoinStormMode, string][] = [
    ["baseline", "hand-written handler + SDK generateClientToken (baseline)"],
    ["router", "createLiveRouter + core + @onair/vonage"],
    ["router-pool", `same, signing: { threads: ${options.signingThreads} }`],
    ["fetch", "@onair/http fetch handler on Hono (@hono/node-server)"],
    ["fetch-pool", `fetch handler, signing: { threads: ${options.signingThreads} }`],
  ];
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
    results.get(mode)!.requestsPerSecond / baseline.requestsPerSecond;
  console.log(
    `router: ${ratio("router").toFixed(2)}× the baseline (goal ≥ 0.9×: ${ratio("router") >= 0.9 ? "met" : "missed"})`,
  );
  console.log(
    `router with signing threads: ${ratio("router-pool").toFixed(2)}× the baseline (goal ≥ 1.7×: ${ratio("router-pool") >= 1.7 ? "met" : "missed"}), ${(ratio("router-pool") / ratio("router")).toFixed(2)}× the router alone`,
  );
  console.log(
    `fetch handler on Hono: ${ratio("fetch").toFixed(2)}× the baseline, ${ratio("fetch-pool").toFixed(2)}× with signing threads (floor 1.5×: ${ratio("fetch-pool") >= 1.5 ? "met" : "missed"})`,
  );
}
