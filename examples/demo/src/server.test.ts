// `pnpm demo` itself: the configuration checked before anything starts, on Vonage a start-up
// that says what runs and the callback URL to set (no Vonage call is made until someone joins), and
// on PostgreSQL (when DATABASE_URL names a server) a live that outlives a restart.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createVonageTestCredentials } from "@onair/testing/vonage-msw";
import request from "supertest";
import { afterEach, expect, it } from "vitest";

const script = fileURLToPath(new URL("./server.ts", import.meta.url));
const demoDir = fileURLToPath(new URL("..", import.meta.url));
const configNames = [
  "PORT",
  "DATABASE_URL",
  "VONAGE_APPLICATION_ID",
  "VONAGE_PRIVATE_KEY",
  "VONAGE_PRIVATE_KEY_PATH",
  "VONAGE_SIGNATURE_SECRET",
  "PUBLIC_URL",
];

let child: ChildProcess | null = null;
afterEach(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
  child = null;
});

/** Starts the demo server with exactly `config` as its configuration. */
function startServer(config: Record<string, string>) {
  const env = { ...process.env };
  for (const name of configNames) delete env[name];
  const started = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@onair/source", script],
    { cwd: demoDir, env: { ...env, ...config }, stdio: ["ignore", "pipe", "pipe"] },
  );
  child = started;
  let stdout = "";
  let stderr = "";
  started.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  started.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => started.on("exit", resolve));
  return {
    process: started,
    exited,
    output: () => ({ stdout, stderr }),
    async until(text: string, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes(text)) {
        if (started.exitCode !== null || Date.now() > deadline) {
          throw new Error(`The demo did not print "${text}".\n${stdout}\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

it("refuses to start on a bad configuration, with one message per bad value and no secret", async () => {
  const server = startServer({
    PORT: "0",
    VONAGE_APPLICATION_ID: "0d8f7a2e-3c1b-4e5f-9a6b-7c8d9e0f1a2b",
    VONAGE_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\\nnot-a-key\\n-----END PRIVATE KEY-----",
    VONAGE_SIGNATURE_SECRET: "short-secret",
    PUBLIC_URL: "http://localhost:3000",
  });
  expect(await server.exited).toBe(1);
  const { stdout, stderr } = server.output();
  expect(stdout).toBe("");
  const problems = stderr.split("\n").filter((line) => line.startsWith("  - "));
  expect(problems.map((line) => line.slice(4).split(" ")[0])).toEqual([
    "VONAGE_SIGNATURE_SECRET",
    "PUBLIC_URL",
  ]);
  expect(stderr).not.toContain("short-secret");
}, 60_000);

it("starts on Vonage: says what runs and the callback URL to set, and stops cleanly", async () => {
  const credentials = createVonageTestCredentials();
  const server = startServer({
    PORT: "0",
    VONAGE_APPLICATION_ID: credentials.applicationId,
    VONAGE_PRIVATE_KEY: credentials.privateKey.replaceAll("\n", "\\n"),
    VONAGE_SIGNATURE_SECRET: credentials.signatureSecret,
    PUBLIC_URL: "https://demo-tunnel.example.com/",
  });
  await server.until("Ctrl+C stops.");
  const { stdout, stderr } = server.output();
  expect(stdout).toContain(
    `Vonage provider (application ${credentials.applicationId}), in-memory store, audience by HLS broadcast, replay from Vonage's archives.`,
  );
  expect(stdout).toContain("\n  https://demo-tunnel.example.com/api/webhooks/provider\n");
  expect(stderr).toContain("with the Vonage client SDK");
  expect(`${stdout}${stderr}`).not.toContain(credentials.signatureSecret);
  expect(`${stdout}${stderr}`).not.toContain("PRIVATE KEY");
  server.process.kill("SIGTERM");
  expect(await server.exited).toBe(0);
}, 90_000);

const databaseUrl = process.env.DATABASE_URL;

it.runIf(databaseUrl !== undefined && databaseUrl !== "")(
  "runs on PostgreSQL with DATABASE_URL: a live started and stopped is still ended after a restart",
  async () => {
    const config = { PORT: "0", DATABASE_URL: databaseUrl ?? "" };
    const first = startServer(config);
    await first.until("Ctrl+C stops.");
    const printed = first.output().stdout;
    expect(printed).toContain("mock provider, PostgreSQL store");
    const base = /onair demo on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
    const id = /\/sessions\/(ses_[0-9a-f]+)\/control/.exec(printed)?.[1];
    expect(base).toBeDefined();
    expect(id).toBeDefined();

    // Léa, the keynote's moderator, joins, connects the simulated client, starts and stops.
    const lea = request.agent(base!);
    await lea.post("/demo/sign-in").send({ email: "lea@example.com" }).expect(200);
    const joined = await lea.post(`/api/sessions/${id}/join`).send({});
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const grant = joined.body;
    await lea
      .post(`/demo/sessions/${id}/client/connect`)
      .send({ token: grant.connection.token })
      .expect(200);
    await lea.post(`/api/sessions/${id}/live/start`).send({}).expect(200);
    const stopped = await lea.post(`/api/sessions/${id}/live/stop`).send({}).expect(200);
    expect(stopped.body).toMatchObject({ phase: "ended" });
    first.process.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    // A new process on the same database reads the ended live back: it was saved there.
    const second = startServer(config);
    await second.until("Ctrl+C stops.");
    const again = /onair demo on (http:\/\/127\.0\.0\.1:\d+)/.exec(second.output().stdout)?.[1];
    const view = await request(again!).get(`/api/sessions/${id}/audience`).expect(200);
    expect(["replay-processing", "replay"]).toContain(view.body.screen);
    second.process.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  },
  120_000,
);
