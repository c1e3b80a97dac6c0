// Join storm: autocannon (in its own process) on POST /sessions/:id/join through the router with
// the Vonage provider, against a hand-written Express handler that calls the SDK's
// generateClientToken directly, in the same run; then with client tokens signed by a worker pool.
// JOIN_STORM_SECONDS and JOIN_STORM_POOL change the measured duration and the pool size.
import { availableParallelism } from "node:os";
import { runJoinStorm } from "../packages/adapter-express/bench/join-storm.js";

await runJoinStorm({
  connections: 32,
  warmupSeconds: 2,
  durationSeconds: Number(process.env.JOIN_STORM_SECONDS ?? 8),
  poolSize: Number(process.env.JOIN_STORM_POOL ?? availableParallelism()),
});
