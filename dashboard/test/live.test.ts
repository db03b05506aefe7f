import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoff, LiveClient, loadLiveConfig, SseParser, type LiveEvent } from "../src/live";

const event = (id: string) => `id: ${id}\nevent: order\ndata: {"eventId":"${id}","orderId":"o-${id}","state":"READY"}\n\n`;

/** A fetch that answers each call with the next scripted stream (chunks, then end or error). */
function scriptedFetch(streams: (string[] | number | "hang")[]) {
  const calls: { headers: Record<string, string> }[] = [];
  const impl = vi.fn(async (_url: string, init: RequestInit) => {
    calls.push({ headers: init.headers as Record<string, string> });
    const next = streams.shift() ?? "hang";
    if (typeof next === "number") return new Response("", { status: next });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (next === "hang") return;
        for (const chunk of next) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
  });
  return { impl: impl as unknown as typeof fetch, calls };
}

describe("SSE parsing", () => {
  it("joins events split across chunks and skips comments", () => {
    const parser = new SseParser();
    expect(parser.push(": ping\n\nid: 1\nevent: ord")).toEqual([]);
    expect(parser.push("er\r\ndata: {\"a\":\n")).toEqual([]);
    expect(parser.push("data: 1}\n\n")).toEqual([{ id: "1", event: "order", data: "{\"a\":\n1}" }]);
  });
});

describe("live client", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("backs off doubling up to the maximum", () => {
    expect([0, 1, 2, 3, 10].map((n) => backoff(n, 500, 5000))).toEqual([500, 1000, 2000, 4000, 5000]);
  });

  it("sends the bearer token, then resumes after a drop with Last-Event-ID and skips replayed events", async () => {
    const { impl, calls } = scriptedFetch([[event("1"), event("2")], [event("2"), event("3")], "hang"]);
    const seen: LiveEvent[] = [];
    const statuses: string[] = [];
    const client = new LiveClient({ config: { transport: "sse", url: "/v1/events/stream" }, token: () => "tok",
      onEvent: (e) => seen.push(e), onStatus: (s) => statuses.push(s), fetchImpl: impl, initialDelayMs: 100 });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[0].headers["Authorization"]).toBe("Bearer tok");
    expect(calls[0].headers["Last-Event-ID"]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls[1].headers["Last-Event-ID"]).toBe("2");
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.map((e) => e.orderId)).toEqual(["o-1", "o-2", "o-3"]);
    expect(client.lastEventId).toBe("3");
    expect(statuses).toContain("reconnecting");
    client.stop();
  });

  it("keeps retrying with growing delays while the feed is unavailable, and stops on 401", async () => {
    const { impl, calls } = scriptedFetch([503, 503, 503, 401]);
    const statuses: string[] = [];
    const client = new LiveClient({ config: { transport: "sse", url: "/x" }, token: () => "t", onEvent: () => {},
      onStatus: (s) => statuses.push(s), fetchImpl: impl, initialDelayMs: 100, maxDelayMs: 1000 });
    client.start();
    // [ms to advance, attempts made by then]: 100 ms, then 200 ms, then 400 ms apart; none after the 401
    for (const [ms, attempts] of [[0, 1], [100, 2], [150, 2], [50, 3], [400, 4], [10_000, 4]]) {
      await vi.advanceTimersByTimeAsync(ms);
      expect(calls.length).toBe(attempts);
    }
    expect(statuses).toContain("unavailable");
    expect(client.status).toBe("stopped");
  });

  it("resumes a WebSocket with a resume message after reconnecting", async () => {
    const sockets: FakeSocket[] = [];
    class FakeSocket {
      sent: string[] = [];
      onopen: (() => void) | null = null;
      onmessage: ((m: { data: string }) => void) | null = null;
      onclose: (() => void) | null = null;
      constructor(readonly url: string) { sockets.push(this); }
      send(text: string) { this.sent.push(text); }
      close() {}
    }
    const seen: string[] = [];
    const client = new LiveClient({ config: { transport: "websocket", url: "wss://example.test/live" }, token: () => "jwt",
      onEvent: (e) => seen.push(e.eventId), webSocketImpl: FakeSocket as unknown as typeof WebSocket, initialDelayMs: 50 });
    client.start();
    expect(sockets[0].url).toBe("wss://example.test/live?token=jwt");
    sockets[0].onopen!();
    sockets[0].onmessage!({ data: JSON.stringify({ eventId: "e7", orderId: "o" }) });
    sockets[0].onclose!();
    await vi.advanceTimersByTimeAsync(50);
    sockets[1].onopen!();
    expect(sockets[1].sent).toEqual([JSON.stringify({ action: "resume", after: "e7" })]);
    expect(seen).toEqual(["e7"]);
    client.stop();
  });
});

describe("live config", () => {
  it("reads the transport from config.json and falls back to SSE", async () => {
    const ws = async () => new Response(JSON.stringify({ live: { transport: "websocket", url: "wss://x" } }),
      { headers: { "Content-Type": "application/json" } });
    expect(await loadLiveConfig(ws as unknown as typeof fetch)).toEqual({ transport: "websocket", url: "wss://x" });
    const missing = async () => new Response("", { status: 404 });
    expect(await loadLiveConfig(missing as unknown as typeof fetch)).toEqual({ transport: "sse", url: "/v1/events/stream" });
  });
});
