// A pino-compatible logger shape. Never log secrets (keys, tokens) or emails.

export interface LogFn {
  (obj: Record<string, unknown>, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop = (() => {}) as LogFn;

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
