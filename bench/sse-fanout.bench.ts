// SSE fan-out: 10,000 viewers of one live on one server process (the viewers' client runs in
// another process, all on 127.0.0.1). Prints the time from stopLive to the last viewer holding the
// new state and the server's RSS per viewer, against a bare node:http SSE loop measured in the
// same run (floors: no later than it, ≤ 17 KB per viewer; target: ≤ 1.2× its memory).
// SSE_VIEWERS changes the audience size.
import { runSseFanout } from "../packages/adapter-express/bench/sse-fanout.js";

await runSseFanout(Number(process.env.SSE_VIEWERS ?? 10_000));
