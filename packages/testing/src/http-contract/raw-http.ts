// Requests that HTTP client libraries will not send: a request with a Content-Type but neither a
// body nor a length, and a header sent twice.
import { request } from "node:http";
import { connect } from "node:net";

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function decodeChunked(text: string): string {
  let body = "";
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    if (lineEnd < 0) return body;
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return body;
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/** Writes `head` (request line and headers, without the blank line) as is, then reads the answer. */
export function sendRawHead(base: string, head: readonly string[]): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("end", () => {
      const split = received.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = received.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const raw = received.slice(split + 4);
      resolve({
        status: Number(statusLine.split(" ")[1]),
        headers,
        body: headers["transfer-encoding"] === "chunked" ? decodeChunked(raw) : raw,
      });
    });
    socket.write(`${[...head, `Host: ${hostname}`, "Connection: close"].join("\r\n")}\r\n\r\n`);
  });
}

/** POSTs `body` with `headers`, and `repeated` sent as several header lines of one name. */
export function postWithRepeatedHeader(
  url: string,
  headers: Readonly<Record<string, string>>,
  repeated: { readonly name: string; readonly values: readonly string[] },
  body: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "POST" }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === "string") answerHeaders[name] = value;
        }
        resolve({ status: res.statusCode ?? 0, headers: answerHeaders, body: text });
      });
    });
    outgoing.on("error", reject);
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() !== repeated.name.toLowerCase()) outgoing.setHeader(name, value);
    }
    outgoing.setHeader(repeated.name, [...repeated.values]);
    outgoing.end(body);
  });
}
