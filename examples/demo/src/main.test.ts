// `pnpm demo:script` tells the story of one session; its history must name who did what.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const script = fileURLToPath(new URL("./main.ts", import.meta.url));

it("demo:script attributes the admin's back-office actions to the admin, not to system", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--conditions=@onair/source", script],
    { cwd: fileURLToPath(new URL("..", import.meta.url)), timeout: 60_000 },
  );
  const history = stdout.slice(stdout.indexOf("History"));
  const actorOf = (type: string) =>
    history
      .split("\n")
      .filter((line) => line.includes(` ${type} `))
      .map((line) => line.trim().split(/\s+/)[2]);
  expect(actorOf("session-created")).toEqual(["admin-1"]);
  expect(actorOf("participant-added")).toEqual(["admin-1", "admin-1"]);
  expect(actorOf("session-published")).toEqual(["admin-1"]);
  expect(actorOf("live-started")).toEqual(["lea"]);
}, 60_000);
