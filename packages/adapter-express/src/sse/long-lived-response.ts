// A stream lives for hours, so what its request and response keep alive is multiplied by every
// viewer. Once the stream is open, this lets go of what only mattered while routing.
import type { Request, Response } from "express";

export function releaseRoutingState(req: Request, res: Response): void {
  // Express's continuation (and the routers' state it closes over): a stream never calls it.
  req.next = undefined;
  // Node builds the status line and headers by concatenation and keeps the result; V8 holds it as
  // a tree of pieces until something reads it as a whole. Reading it once flattens it in place.
  const header = (res as unknown as { _header?: unknown })._header;
  if (typeof header === "string") Number(header);
}
