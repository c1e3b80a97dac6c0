// The join-storm benchmark's load client, run in its own process so that it never shares the
// server's event loop: autocannon against one URL, the result sent back over IPC.
/// <reference path="./autocannon.d.ts" />
import autocannon from "autocannon";

export interface LoadOptions {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly latencyP50: number;
  readonly latencyP99: number;
  readonly non2xx: number;
  readonly errors: number;
}

// Ends with the benchmark that forked it.
process.once("disconnect", () => process.exit(1));

const options = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;
const result = await autocannon({
  url: options.url,
  method: options.method,
  headers: options.headers,
  body: options.body,
  connections: options.connections,
  duration: options.durationSeconds,
});
const summary: LoadResult = {
  requestsPerSecond: result.requests.average,
  total: result.requests.total,
  latencyP50: result.latency.p50,
  latencyP99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
};
process.send?.(summary, () => process.exit(0));
