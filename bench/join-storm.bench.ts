// Join storm: autocannon (in its own process) on POST /sessions/:id/join through the router with
// the Vonage provider, against a hand-written Express handler that calls the SDK's
// generateClientToken directly, in the same run: signing inline (`signing: { threads: 0 }`), with
// the provider's default (one signing thread on 2+ cores), and with more worker threads
// (`createVonageProvider({ signing: { threads: 2 } })`); then the fetch handler on Hono.
// JOIN_STORM_SECONDS and JOIN_STORM_THREADS change the measured duration and the number of threads;
// JOIN_STORM_MODES (comma-separated, e.g. "router-inline,router") runs only those modes beside the
// baseline; JOIN_STORM_PROFILE=<folder> writes a CPU profile of each server there.
import { runJoinStorm } from "../packages/adapter-express/bench/join-storm.js";

const modes = process.env.JOIN_STORM_MODES;
const profileDir = process.env.JOIN_STORM_PROFILE;
await runJoinStorm({
  connections: 32,
  warmupSeconds: 2,
  durationSeconds: Number(process.env.JOIN_STORM_SECONDS ?? 8),
  signingThreads: Number(process.env.JOIN_STORM_THREADS ?? 2),
  ...(modes ? { modes: modes.split(",") } : {}),
  ...(profileDir ? { profileDir } : {}),
});
