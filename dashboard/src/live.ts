// The live order feed (CONTRACTS.md): Server-Sent Events read with fetch() and a stream reader (so the bearer
// header works), resumed with Last-Event-ID after a drop, reconnecting with exponential backoff; or an API Gateway
// WebSocket where config.json says so. Each event names an order that changed; views re-fetch what they show.
export interface LiveEvent {
  eventId: string;
  orderId: string;
  state?: string;
  previousState?: string;
  version?: number;
  at?: string;
  shopId?: string;
}

export type LiveStatus = "connecting" | "open" | "reconnecting" | "unavailable" | "stopped";

export interface LiveConfig { transport: "sse" | "websocket"; url: string }

export const DEFAULT_LIVE: LiveConfig = { transport: "sse", url: "/v1/events/stream" };

export interface LiveOptions {
  config: LiveConfig;
  token: () => string | null;
  onEvent: (event: LiveEvent) => void;
  onStatus?: (status: LiveStatus, detail?: string) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  fetchImpl?: typeof fetch;
  webSocketImpl?: typeof WebSocket;
  lastEventId?: string | null;
}

/** One SSE field block at a time: feed it text as it arrives, take complete events out. */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private id: string | null = null;
  private type = "message";

  push(text: string): { id: string | null; event: string; data: string }[] {
    this.buffer += text;
    const out: { id: string | null; event: string; data: string }[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      if (line === "") {
        if (this.data.length) out.push({ id: this.id, event: this.type, data: this.data.join("\n") });
        this.data = [];
        this.type = "message";
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") this.data.push(value);
      else if (field === "event") this.type = value;
      else if (field === "id" && !value.includes("\0")) this.id = value;
    }
    return out;
  }
}

/** The backoff before reconnect attempt n (0-based): doubling from the initial delay up to the maximum. */
export function backoff(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
}

export class LiveClient {
  private attempt = 0;
  private stopped = true;
  private abort: AbortController | null = null;
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seen: string[] = [];
  lastEventId: string | null;
  status: LiveStatus = "stopped";

  constructor(private readonly options: LiveOptions) {
    this.lastEventId = options.lastEventId ?? null;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort?.abort();
    this.socket?.close();
    this.setStatus("stopped");
  }

  private setStatus(status: LiveStatus, detail?: string) {
    this.status = status;
    this.options.onStatus?.(status, detail);
  }

  private connect() {
    if (this.stopped) return;
    this.setStatus(this.attempt === 0 ? "connecting" : "reconnecting");
    if (this.options.config.transport === "websocket") this.connectSocket();
    else void this.connectSse();
  }

  private retry(unavailable?: string) {
    if (this.stopped) return;
    if (unavailable) this.setStatus("unavailable", unavailable);
    else this.setStatus("reconnecting");
    const delay = backoff(this.attempt++, this.options.initialDelayMs ?? 500, this.options.maxDelayMs ?? 30_000);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private deliver(event: LiveEvent) {
    if (!event || !event.orderId) return;
    if (event.eventId) {
      if (this.seen.includes(event.eventId)) return;
      this.seen.push(event.eventId);
      if (this.seen.length > 200) this.seen.shift();
      this.lastEventId = event.eventId;
    }
    this.options.onEvent(event);
  }

  private async connectSse() {
    const token = this.options.token();
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (token) headers["Authorization"] = "Bearer " + token;
    if (this.lastEventId) headers["Last-Event-ID"] = this.lastEventId;
    this.abort = new AbortController();
    const doFetch = this.options.fetchImpl ?? fetch.bind(globalThis);
    try {
      const response = await doFetch(this.options.config.url, { headers, signal: this.abort.signal, cache: "no-store" });
      if (response.status === 401 || response.status === 403) {
        this.stopped = true;
        this.setStatus("stopped", "not allowed (" + response.status + ")");
        return;
      }
      if (!response.ok || !response.body) {
        this.retry("the live feed answered " + response.status);
        return;
      }
      this.attempt = 0;
      this.setStatus("open");
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const message of parser.push(value)) {
          if (message.event !== "order") continue;
          try {
            const event = JSON.parse(message.data) as LiveEvent;
            if (!event.eventId && message.id) event.eventId = message.id;
            this.deliver(event);
          } catch {
            // a malformed event is skipped; the next one carries on
          }
        }
      }
      this.retry();
    } catch (error) {
      if (!this.stopped) this.retry();
    }
  }

  private connectSocket() {
    const Impl = this.options.webSocketImpl ?? WebSocket;
    const url = new URL(this.options.config.url, location.href);
    url.searchParams.set("token", this.options.token() ?? "");
    const socket = new Impl(url.toString());
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus("open");
      if (this.lastEventId) socket.send(JSON.stringify({ action: "resume", after: this.lastEventId }));
    };
    socket.onmessage = (message) => {
      try {
        this.deliver(JSON.parse(String(message.data)) as LiveEvent);
      } catch {
        // not an order event
      }
    };
    socket.onclose = () => {
      if (this.socket === socket) this.retry();
    };
  }
}

/** The dashboard's config.json beside index.html; missing (or without live) means SSE at /v1/events/stream. */
export async function loadLiveConfig(fetchImpl: typeof fetch = fetch.bind(globalThis)): Promise<LiveConfig> {
  try {
    const response = await fetchImpl("config.json", { cache: "no-store" });
    if (!response.ok) return DEFAULT_LIVE;
    const live = (await response.json())?.live;
    if (live && (live.transport === "sse" || live.transport === "websocket") && typeof live.url === "string") {
      return { transport: live.transport, url: live.url };
    }
  } catch {
    // no config: the default
  }
  return DEFAULT_LIVE;
}
