// A Server-Sent Events parser (the WHATWG event-stream format) over decoded text chunks.

export interface SseEvent {
  readonly id: string | null;
  readonly data: string;
}

export interface SseParser {
  /** Feeds decoded text; calls back for each complete event, each `retry:` and each comment. */
  push(text: string): void;
}

export function createSseParser(handlers: {
  event(event: SseEvent): void;
  retry?(ms: number): void;
  comment?(text: string): void;
}): SseParser {
  let buffer = "";
  let data: string[] = [];
  let id: string | null = null;

  const dispatch = () => {
    if (data.length > 0) handlers.event({ id, data: data.join("\n") });
    data = [];
    id = null;
  };

  const line = (text: string) => {
    if (text === "") return dispatch();
    if (text.startsWith(":")) return handlers.comment?.(text.slice(1).trimStart());
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "id" && !value.includes("\0")) id = value;
    else if (field === "retry" && /^\d+$/.test(value)) handlers.retry?.(Number(value));
  };

  return {
    push(text) {
      buffer += text;
      // Lines end with CRLF, LF or CR; a CR at the very end may be the first half of a CRLF.
      for (;;) {
        const match = /\r\n|\n|\r(?!$)/.exec(buffer);
        if (match === null) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
  };
}
