// An error the HTTP layer raises for transport problems that are not product rules
// (wrong media type, missing length). Product problems stay `LiveError`s.
import type { HttpProblemCode } from "./problem-status.js";

export class HttpProblem extends Error {
  override readonly name = "HttpProblem";
  readonly code: HttpProblemCode;

  constructor(code: HttpProblemCode, detail: string) {
    super(detail);
    this.code = code;
  }
}
