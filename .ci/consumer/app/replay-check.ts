// Runs the server of docs/http.md (server.ts, extracted as is, plus an export of its provider and
// server) and drives it over HTTP as the back office, the moderator and an attendee would, until
// the replay redirect. The moderator's browser is simulated with the mock's own client.
import type { AddressInfo } from "node:net";
import { provider, server } from "./server.ts";

if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;
const deadline = Date.now() + 90_000;

async function call(method: string, path: string, sid: string | null, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    redirect: "manual",
    headers: {
      ...(sid === null ? {} : { cookie: `sid=${sid}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? safeJson(text) : null };
}
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
function expectStatus(what: string, actual: { status: number; json: unknown }, expected: number) {
  if (actual.status !== expected) {
    throw new Error(
      `${what}: HTTP ${actual.status}, expected ${expected}: ${JSON.stringify(actual.json)}`,
    );
  }
}

const year = new Date().getUTCFullYear() + 1;
const created = await call("POST", "/sessions", "s1", {
  title: "Opening keynote",
  startsAt: `${year}-06-01T09:00:00+02:00`,
  endsAt: `${year}-06-01T10:00:00+02:00`,
  timeZone: "Europe/Paris",
  participants: [
    { email: "lea@example.com", role: "moderator" },
    { email: "sam@example.com", role: "speaker" },
  ],
});
expectStatus("create", created, 201);
const id = (created.json as { id: string }).id;
expectStatus("publish", await call("POST", `/sessions/${id}/publish`, "s1", {}), 200);

const join = await call("POST", `/sessions/${id}/join`, "s1", {});
expectStatus("join", join, 200);
const grant = (join.json as { connection: { roomId: string; token: string } }).connection;
const connectionId = provider.connect(grant.roomId, { token: grant.token });
provider.publish(grant.roomId, connectionId);

expectStatus("start", await call("POST", `/sessions/${id}/live/start`, "s1", {}), 200);
expectStatus("stop", await call("POST", `/sessions/${id}/live/stop`, "s1", {}), 200);
provider.leave(grant.roomId, connectionId);
console.log("live started and stopped; waiting for the replay (the mock processes for 30 s)");

for (;;) {
  const replay = await call("GET", `/sessions/${id}/replay`, null);
  if (replay.status === 302) {
    console.log(`replay reached: 302 to ${replay.headers.get("location")}`);
    break;
  }
  expectStatus("replay while processing", replay, 409);
  if (Date.now() > deadline) throw new Error("the replay never became ready");
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
server.close();
process.exit(0);
