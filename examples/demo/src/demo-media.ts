// The demo's media relay: with the mock provider, browsers send each other real audio and video
// peer-to-peer (WebRTC), and this router only passes their signalling messages along (offers,
// answers; no STUN or TURN server: the demo's browsers are on this machine). A page opens one
// event stream per peer id; a publisher announces the streams it owns; a viewer asks for a
// stream, and the relay forwards the request to its owner. Recordings of the stage, made in the
// moderator's browser, are uploaded here and served as the session's replay.
import { LiveError, type Logger } from "@onair/core";
import express, { type Request, type Response, type Router } from "express";
import type { DemoIdentity } from "./demo-identity.js";
import { demoProblems } from "./demo-problems.js";

const peerPattern = /^[A-Za-z0-9_-]{8,64}$/;
const idPattern = /^[A-Za-z0-9_-]{1,100}$/;
const kinds = ["want", "offer", "answer"] as const;
type SignalKind = (typeof kinds)[number];
/** Recordings are kept in memory: a demo's few minutes of video. */
const maxRecordingBytes = 200 * 1024 * 1024;

export interface DemoMedia {
  readonly router: Router;
  /** The uploaded recording of a session's stage, if any. */
  recording(sessionId: string): { readonly type: string; readonly body: Buffer } | undefined;
  close(): void;
}

function invalid(path: string, message: string): LiveError {
  return new LiveError("INVALID_INPUT", "The request is not valid.", {
    issues: [{ path, message }],
  });
}

function param(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string" || !idPattern.test(value)) {
    throw invalid(name, "Expected 1 to 100 letters, digits, '-' or '_'.");
  }
  return value;
}

export function createDemoMedia(options: {
  readonly identity: DemoIdentity;
  readonly logger: Logger;
}): DemoMedia {
  const { identity, logger } = options;
  /** Open event streams, by session then peer. */
  const peers = new Map<string, Map<string, Response>>();
  /** Who owns each announced stream, by session then stream id. */
  const owners = new Map<string, Map<string, string>>();
  const recordings = new Map<string, { type: string; body: Buffer }>();
  const router = express.Router();

  const deliver = (sessionId: string, to: string, message: unknown): boolean => {
    const stream = peers.get(sessionId)?.get(to);
    if (stream === undefined) return false;
    stream.write(`data: ${JSON.stringify(message)}\n\n`);
    return true;
  };

  router.get("/:sessionId/events", (req, res) => {
    const sessionId = param(req, "sessionId");
    const peer = typeof req.query.peer === "string" ? req.query.peer : "";
    if (!peerPattern.test(peer)) throw invalid("peer", "Expected 8 to 64 letters or digits.");
    res.status(200);
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.flushHeaders();
    res.write(": connected\n\n");
    const session = peers.get(sessionId) ?? new Map<string, Response>();
    peers.set(sessionId, session);
    session.get(peer)?.end();
    session.set(peer, res);
    req.on("close", () => {
      if (session.get(peer) === res) session.delete(peer);
      const owned = owners.get(sessionId);
      for (const [streamId, owner] of owned ?? []) if (owner === peer) owned?.delete(streamId);
    });
  });

  router.post("/:sessionId/announce", express.json({ limit: 4096 }), (req, res) => {
    const sessionId = param(req, "sessionId");
    if (identity.identify(req) === null) {
      throw new LiveError("UNAUTHORIZED", "Sign in on the home page first.");
    }
    const { peer, streamId } = (req.body ?? {}) as { peer?: unknown; streamId?: unknown };
    if (typeof peer !== "string" || !peerPattern.test(peer))
      throw invalid("peer", "Expected a peer id.");
    if (typeof streamId !== "string" || !idPattern.test(streamId)) {
      throw invalid("streamId", "Expected a stream id.");
    }
    const owned = owners.get(sessionId) ?? new Map<string, string>();
    owners.set(sessionId, owned);
    owned.set(streamId, peer);
    res.status(204).end();
  });

  router.post("/:sessionId/signal", express.json({ limit: 64 * 1024 }), (req, res) => {
    const sessionId = param(req, "sessionId");
    const body = (req.body ?? {}) as Record<string, unknown>;
    const kind = kinds.find((k) => k === body.kind) as SignalKind | undefined;
    if (kind === undefined) throw invalid("kind", 'Expected "want", "offer" or "answer".');
    const { from, streamId, sdp } = body;
    if (typeof from !== "string" || !peerPattern.test(from))
      throw invalid("from", "Expected a peer id.");
    if (typeof streamId !== "string" || !idPattern.test(streamId)) {
      throw invalid("streamId", "Expected a stream id.");
    }
    if (kind !== "want" && (typeof sdp !== "string" || sdp.length > 60_000)) {
      throw invalid("sdp", "Expected a session description.");
    }
    const to = kind === "want" ? owners.get(sessionId)?.get(streamId) : body.to;
    if (typeof to !== "string" || !deliver(sessionId, to, { kind, from, streamId, sdp })) {
      // The owner is not (or no longer) here: the viewer asks again a moment later. Not an HTTP
      // error: the request was right, only its addressee is away (a 404 would be a console error).
      res.json({ delivered: false });
      return;
    }
    res.json({ delivered: true });
  });

  router.put(
    "/:sessionId/recording",
    express.raw({ type: ["video/webm", "video/mp4"], limit: maxRecordingBytes }),
    (req, res) => {
      const sessionId = param(req, "sessionId");
      if (identity.identify(req) === null) {
        throw new LiveError("UNAUTHORIZED", "Sign in on the home page first.");
      }
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw invalid("", "Expected the recording as video/webm or video/mp4.");
      }
      const type = req.is("video/mp4") ? "video/mp4" : "video/webm";
      recordings.set(sessionId, { type, body: req.body });
      res.status(204).end();
    },
  );

  router.get("/:sessionId/recording", (req, res) => {
    const recording = recordings.get(param(req, "sessionId"));
    if (recording === undefined) {
      res.status(404).end();
      return;
    }
    res.setHeader("Content-Type", recording.type);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Accept-Ranges", "none");
    res.end(recording.body);
  });

  router.use(demoProblems(logger));

  return {
    router,
    recording: (sessionId) => recordings.get(sessionId),
    close() {
      for (const session of peers.values()) for (const stream of session.values()) stream.end();
      peers.clear();
    },
  };
}
