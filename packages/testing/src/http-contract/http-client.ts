// A small request builder over fetch for the contract: the calls read like the requests they
// send (`api().post(path).set(headers).send(body)`), and work against a URL or a fetch handler.

export interface ContractAnswer {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON for JSON and problem answers; `{}` otherwise. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field.
  readonly body: any;
  readonly text: string;
}

export type ContractFetch = (request: Request) => Promise<Response>;

export class RequestBuilder implements PromiseLike<ContractAnswer> {
  private readonly headers = new Headers();
  private body: BodyInit | null = null;
  private follow = false;

  constructor(
    private readonly fetcher: ContractFetch,
    private readonly method: string,
    private readonly url: string,
  ) {}

  /** Sets headers (a record, or one name and value). */
  set(name: string | Readonly<Record<string, string>>, value?: string): this {
    if (typeof name === "string") this.headers.set(name, value ?? "");
    else for (const [key, each] of Object.entries(name)) this.headers.set(key, each);
    return this;
  }

  /** `form` or `json` shortcuts, or a media type. */
  type(type: string): this {
    const media =
      type === "form"
        ? "application/x-www-form-urlencoded"
        : type === "json"
          ? "application/json"
          : type;
    return this.set("content-type", media);
  }

  /** A multipart form with one field. */
  field(name: string, value: string): this {
    const form = new FormData();
    form.set(name, value);
    this.body = form;
    return this;
  }

  /** An object goes as JSON; a string as a form unless a type was set; bytes as they are. */
  send(body: unknown): this {
    if (typeof body === "string") {
      if (!this.headers.has("content-type")) this.type("form");
      this.body = body;
    } else if (body instanceof Uint8Array) {
      this.body = body as Uint8Array<ArrayBuffer>;
    } else {
      if (!this.headers.has("content-type")) this.type("json");
      this.body = JSON.stringify(body);
    }
    return this;
  }

  /** Whether to follow redirects (never by default). */
  redirects(count: number): this {
    this.follow = count > 0;
    return this;
  }

  async run(): Promise<ContractAnswer> {
    // What an HTTP client sends on the wire, also when a fetch handler is called directly.
    if (typeof this.body === "string") {
      this.headers.set("content-length", String(new TextEncoder().encode(this.body).byteLength));
    } else if (this.body instanceof Uint8Array) {
      this.headers.set("content-length", String(this.body.byteLength));
    }
    const response = await this.fetcher(
      new Request(this.url, {
        method: this.method,
        headers: this.headers,
        body: this.body,
        redirect: this.follow ? "follow" : "manual",
      }),
    );
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const type = headers["content-type"] ?? "";
    let body: unknown = {};
    if (/json/.test(type) && text !== "") body = JSON.parse(text);
    return { status: response.status, headers, body, text };
  }

  // biome-ignore lint/suspicious/noThenProperty: awaiting the builder sends the request.
  then<T = ContractAnswer, E = never>(
    onFulfilled?: ((value: ContractAnswer) => T | PromiseLike<T>) | null,
    onRejected?: ((reason: unknown) => E | PromiseLike<E>) | null,
  ): PromiseLike<T | E> {
    return this.run().then(onFulfilled, onRejected);
  }
}

export interface ContractApi {
  get(path: string): RequestBuilder;
  head(path: string): RequestBuilder;
  post(path: string): RequestBuilder;
  put(path: string): RequestBuilder;
  patch(path: string): RequestBuilder;
  delete(path: string): RequestBuilder;
}

export function contractApi(base: string, fetcher: ContractFetch): ContractApi {
  const make = (method: string) => (path: string) =>
    new RequestBuilder(fetcher, method, `${base}${path}`);
  return {
    get: make("GET"),
    head: make("HEAD"),
    post: make("POST"),
    put: make("PUT"),
    patch: make("PATCH"),
    delete: make("DELETE"),
  };
}
