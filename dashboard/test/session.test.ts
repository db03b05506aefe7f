import { describe, expect, it } from "vitest";
import { sessionOf, withApiRole } from "../src/session";

const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "");
const token = "h." + b64({ "custom:tenant_id": "t-1", member_id: "pat" }) + ".s";
const answer = (status: number, body: unknown = {}) => (async () =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } })) as typeof fetch;

describe("session role", () => {
  it("defaults to owner from a token without a role claim", () => {
    expect(sessionOf(token).role).toBe("owner");
  });

  it("takes the role the API enforces, not the token's", async () => {
    let asked: RequestInit | undefined;
    const fetcher = (async (url: string, init: RequestInit) => {
      asked = init;
      expect(url).toBe("/v1/team/me");
      return answer(200, { tenantId: "t-1", memberId: "pat", role: "packer" })(url, init);
    }) as typeof fetch;
    const session = await withApiRole(sessionOf(token), fetcher);
    expect(session).toMatchObject({ tenant: "t-1", member: "pat", role: "packer" });
    expect((asked?.headers as Record<string, string>).Authorization).toBe("Bearer " + token);
  });

  it("keeps the claim only when the API cannot be reached", async () => {
    const offline = (async () => { throw new TypeError("Failed to fetch"); }) as typeof fetch;
    expect((await withApiRole(sessionOf(token), offline))?.role).toBe("owner");
  });

  it("signs out on 401 and falls to the least role on 403", async () => {
    expect(await withApiRole(sessionOf(token), answer(401))).toBeNull();
    expect((await withApiRole(sessionOf(token), answer(403)))?.role).toBe("viewer");
  });
});
