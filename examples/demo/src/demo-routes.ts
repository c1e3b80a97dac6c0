// Routes that exist only in the demo, under /demo: the sign-in picker, the list of sessions, and
// the browser clients the mock provider stands in for. With Vonage, a browser connects to the
// room itself with its grant's token (the client SDK); here these routes do it on the mock, for
// the signed-in user, with the token that user's page received from POST /api/sessions/:id/join.
// On Vonage (no mock provider) those client routes refuse: the page's Vonage client connects.
import {
  type Clock,
  type Identity,
  isValidEmail,
  LiveError,
  type LiveService,
  type LiveSession,
  type Logger,
  normalizeEmail,
  rolesOf,
} from "@onair/core";
import type { MockLiveProvider } from "@onair/testing";
import express, { type Request, type RequestHandler, type Router } from "express";
import type { DemoIdentity } from "./demo-identity.js";
import { adminEmail, demoPeople, personOfEmail } from "./demo-people.js";
import { demoProblems, problem, sendProblem } from "./demo-problems.js";
import type { SessionCatalogue } from "./session-catalogue.js";

export interface DemoRoutesOptions {
  readonly service: LiveService;
  /** The mock provider the simulated clients connect to; null on Vonage. */
  readonly provider: MockLiveProvider<Clock> | null;
  readonly catalogue: SessionCatalogue;
  readonly identity: DemoIdentity;
  readonly logger: Logger;
}

/** A simulated browser client: the one connection a user has in a session's room. */
interface SimulatedClient {
  readonly roomId: string;
  readonly connectionId: string;
}

/** A connection opened through these routes, with the user (`clientKey`) who opened it. */
interface OpenedConnection extends SimulatedClient {
  readonly owner: string;
}

const sessionIdPattern = /^[A-Za-z0-9_-]{1,100}$/;
const videoTypes = ["camera", "screen"] as const;

function invalid(path: string, message: string): LiveError {
  return new LiveError("INVALID_INPUT", "The request body is not valid.", {
    issues: [{ path, message }],
  });
}

/** State-changing demo routes take JSON only, like the live router (no cross-site form posts). */
const requireJson: RequestHandler = (req, res, next) => {
  if (req.is("application/json") !== "application/json") {
    sendProblem(
      res,
      problem("UNSUPPORTED_MEDIA_TYPE", "Send a JSON body with Content-Type: application/json."),
    );
    return;
  }
  next();
};

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid("", "Expected a JSON object.");
  }
  return body as Record<string, unknown>;
}

function sessionIdOf(req: Request): string {
  const id = req.params.id;
  if (typeof id !== "string" || !sessionIdPattern.test(id)) {
    throw new LiveError("INVALID_INPUT", "The session id is not valid.", {
      issues: [{ path: "id", message: "Expected 1 to 100 letters, digits, '-' or '_'." }],
    });
  }
  return id;
}

export function createDemoRoutes(options: DemoRoutesOptions): Router {
  const { service, provider: mock, catalogue, identity, logger } = options;
  const clients = new Map<string, SimulatedClient>();
  /**
   * Every connection opened here and not yet left, by id: a leave names the connection it ends,
   * so a reloaded tab's late leave (sent as the old page went away) never ends the new tab's.
   */
  const opened = new Map<string, OpenedConnection>();
  const router = express.Router();
  router.use(express.json({ limit: 16 * 1024, strict: true }));

  const signedIn = (req: Request): Identity => {
    const who = identity.identify(req);
    if (who === null) throw new LiveError("UNAUTHORIZED", "Sign in on the home page first.");
    return who;
  };

  /** The session, for someone who takes part in it (a moderator or a speaker). */
  const asParticipant = async (req: Request) => {
    const who = signedIn(req);
    const session = await service.getSession(sessionIdOf(req));
    if (rolesOf(session, who.email).length === 0) {
      throw new LiveError("NOT_A_PARTICIPANT", "Only the session's participants see its room.");
    }
    return { who, session };
  };

  const clientKey = (sessionId: string, who: Identity) => `${sessionId} ${who.email}`;

  /** The mock provider, for the simulated clients' routes; refused on Vonage. */
  const mockProvider = (): MockLiveProvider<Clock> => {
    if (mock === null) {
      throw new LiveError(
        "CONFLICT",
        "This demo runs on Vonage: the page connects to the room itself with Vonage's client SDK.",
      );
    }
    return mock;
  };

  /** Whether the provider still has this connection (it may have dropped it: a take-over). */
  const isAlive = (client: SimulatedClient): boolean =>
    mock
      ?.connections(client.roomId)
      .some((connection) => connection.connectionId === client.connectionId) === true;

  /** This user's simulated client, if it is still connected (the provider may have dropped it). */
  const clientOf = (session: LiveSession, who: Identity): SimulatedClient | null => {
    const client = clients.get(clientKey(session.id, who));
    if (client === undefined || mock === null) return null;
    const alive = isAlive(client);
    if (!alive) clients.delete(clientKey(session.id, who));
    return alive ? client : null;
  };

  /** Forgets the connections of this user that the provider no longer has. */
  const forgetEnded = (owner: string) => {
    for (const [connectionId, connection] of opened) {
      if (connection.owner === owner && !isAlive(connection)) opened.delete(connectionId);
    }
  };

  /** Lets the service handle what the provider just emitted, as a webhook would be processed. */
  const settle = async () => {
    if (mock === null) return;
    try {
      await mock.settle();
    } catch (error) {
      logger.warn(
        { error: error instanceof Error ? error.name : typeof error },
        "a provider event could not be processed",
      );
    }
  };

  const roomOf = async (req: Request) => {
    const { who, session } = await asParticipant(req);
    const client = clientOf(session, who);
    const names = new Map(
      session.participants.map((p) => [p.personKey, personOfEmail(p.email)?.name ?? p.email]),
    );
    return {
      sessionId: session.id,
      phase: session.live.phase,
      stage: session.live.stage,
      streams: session.live.streams.map((stream) => ({
        streamId: stream.streamId,
        videoType: stream.videoType,
        publisher: stream.personKey === null ? null : (names.get(stream.personKey) ?? null),
        mine: client !== null && stream.connectionId === client.connectionId,
      })),
      client:
        client === null
          ? null
          : {
              connectionId: client.connectionId,
              streams: session.live.streams
                .filter((stream) => stream.connectionId === client.connectionId)
                .map((stream) => ({ streamId: stream.streamId, videoType: stream.videoType })),
            },
    };
  };

  router.get("/me", (req, res) => {
    const who = identity.identify(req);
    const person = who === null ? undefined : personOfEmail(who.email);
    res.setHeader("Cache-Control", "no-store");
    res.json({
      user:
        who === null
          ? null
          : {
              email: who.email,
              name: person?.name ?? who.email,
              kind: person?.kind ?? null,
              admin: who.email === adminEmail,
            },
      people: demoPeople,
    });
  });

  router.post("/sign-in", requireJson, (req, res) => {
    const { email } = bodyOf(req);
    if (typeof email !== "string" || email.length > 320 || !isValidEmail(email)) {
      throw invalid("email", "Expected an email address.");
    }
    const normalized = normalizeEmail(email);
    identity.signIn(res, normalized);
    res.json({ email: normalized });
  });

  router.post("/sign-out", requireJson, (_req, res) => {
    identity.signOut(res);
    res.status(204).end();
  });

  // The programme: published sessions for everyone, drafts too for the back office.
  router.get("/sessions", async (req, res) => {
    const who = identity.identify(req);
    const admin = who?.email === adminEmail;
    const sessions = await catalogue.list();
    res.setHeader("Cache-Control", "no-store");
    res.json(
      sessions
        .filter((session) => admin || session.status === "published")
        .map((session) => ({
          id: session.id,
          title: session.title,
          room: session.room,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          timeZone: session.timeZone,
          status: session.status,
          streamType: session.streamType,
          phase: session.live.phase,
          replay: session.live.replay,
          myRoles: who === null ? [] : rolesOf(session, who.email),
        })),
    );
  });

  // What the user's client sees in the room: the streams published, the stage, its own client.
  router.get("/sessions/:id/room", async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json(await roomOf(req));
  });

  router.post("/sessions/:id/client/connect", requireJson, async (req, res) => {
    const provider = mockProvider();
    const { who, session } = await asParticipant(req);
    const { token } = bodyOf(req);
    if (typeof token !== "string" || token.length === 0 || token.length > 8192) {
      throw invalid("token", "Expected the token of a grant from POST /api/sessions/:id/join.");
    }
    if (session.live.roomId === null) {
      throw new LiveError("UNAUTHORIZED", "The token is for another room.");
    }
    // The mock checks the token as the provider would: its room, its expiry (R-PERM-5).
    const connectionId = provider.connect(session.live.roomId, { token });
    const owner = clientKey(session.id, who);
    forgetEnded(owner);
    opened.set(connectionId, { roomId: session.live.roomId, connectionId, owner });
    clients.set(owner, { roomId: session.live.roomId, connectionId });
    await settle();
    res.json(await roomOf(req));
  });

  router.post("/sessions/:id/client/publish", requireJson, async (req, res) => {
    const provider = mockProvider();
    const { who, session } = await asParticipant(req);
    const { videoType } = bodyOf(req);
    const type = videoTypes.find((candidate) => candidate === videoType);
    if (type === undefined) throw invalid("videoType", 'Expected "camera" or "screen".');
    const client = clientOf(session, who);
    if (client === null) throw new LiveError("INVALID_INPUT", "Connect your client first.");
    provider.publish(client.roomId, client.connectionId, type);
    await settle();
    res.json(await roomOf(req));
  });

  router.post("/sessions/:id/client/unpublish", requireJson, async (req, res) => {
    const provider = mockProvider();
    const { who, session } = await asParticipant(req);
    const { streamId } = bodyOf(req);
    const client = clientOf(session, who);
    const own = session.live.streams.find(
      (stream) => stream.streamId === streamId && stream.connectionId === client?.connectionId,
    );
    if (own === undefined) throw invalid("streamId", "Expected one of your published streams.");
    provider.unpublish(own.streamId);
    await settle();
    res.json(await roomOf(req));
  });

  // Ends the connection the body names, one of the user's own, and only that one: a tab that is
  // reloaded sends its leave as the old page goes away, and that request may reach the server
  // after the new page connected again. Leaving a connection that already ended does nothing.
  router.post("/sessions/:id/client/leave", requireJson, async (req, res) => {
    const provider = mockProvider();
    const { who, session } = await asParticipant(req);
    const { connectionId } = bodyOf(req);
    if (
      typeof connectionId !== "string" ||
      connectionId.length === 0 ||
      connectionId.length > 200
    ) {
      throw invalid("connectionId", "Expected the id of the connection your client opened.");
    }
    const owner = clientKey(session.id, who);
    const named = opened.get(connectionId);
    if (named !== undefined && named.owner === owner) {
      opened.delete(connectionId);
      if (clients.get(owner)?.connectionId === connectionId) clients.delete(owner);
      if (isAlive(named)) {
        provider.leave(named.roomId, named.connectionId);
        await settle();
      }
    }
    res.json(await roomOf(req));
  });

  router.use(demoProblems(logger));
  return router;
}
