// The bench's webhook endpoint with forged, expired, unsigned and replayed JWTs, and a secret scan of
// the admin API's responses. Both change Wix Settings for the duration (a test public key, a canary
// API key) and restore the previous values afterwards.
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";

import { expect } from "chai";

import { call, stopBenchServer, type Auth } from "./bench-client.js";
import { adminOrSkip } from "./bench-suite.js";

const API = "wix_integration.api";

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString("base64url");
}

function keyPair(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

/** Build a Wix-shaped webhook JWT: RS256 over a `data` claim that contains JSON strings. */
function webhookToken(
  privateKey: KeyObject,
  options: { eventId?: string; issuedAt?: number; expiresIn?: number; alg?: string } = {},
): string {
  const now = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const inner = {
    id: options.eventId ?? randomUUID(),
    entityFqdn: "wix.stores.catalog.v3.product",
    slug: "updated",
    entityId: randomUUID(),
    eventTime: new Date().toISOString(),
  };
  const claims = {
    data: JSON.stringify({
      eventType: "wix.stores.catalog.v3.product_updated",
      instanceId: "c0ffee00-1234-4bcd-9abc-0123456789ab",
      data: JSON.stringify(inner),
      identity: JSON.stringify({ identityType: "APP" }),
    }),
    iat: now,
    exp: now + (options.expiresIn ?? 300),
  };
  const alg = options.alg ?? "RS256";
  const signingInput = `${base64url(JSON.stringify({ alg, typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  if (alg !== "RS256") return `${signingInput}.`;
  return `${signingInput}.${base64url(sign("sha256", Buffer.from(signingInput), privateKey))}`;
}

async function postWebhook(token: string): Promise<number> {
  const response = await call("POST", `${API}.webhook.receive`, null, {
    raw: token,
    contentType: "text/plain",
  });
  return response.status;
}

describe("bench API security", function () {
  this.timeout(180_000);
  let admin: Auth;
  let previousPublicKey: string | null = null;
  const wix = keyPair();
  const stranger = keyPair();

  before(async function () {
    admin = await adminOrSkip(this);
    const settings = await call("GET", `${API}.admin.get_settings`, admin);
    previousPublicKey =
      ((settings.json?.message ?? {}) as { webhook_public_key?: string | null })
        .webhook_public_key ?? null;
    const saved = await call("POST", `${API}.admin.save_settings`, admin, {
      settings: { webhook_public_key: wix.publicPem },
    });
    expect(saved.json?.message, saved.text.slice(0, 300)).to.deep.equal({ ok: true });
  });

  after(async () => {
    if (admin) {
      await call("POST", `${API}.admin.save_settings`, admin, {
        settings: { webhook_public_key: previousPublicKey ?? "" },
      });
    }
    await stopBenchServer();
  });

  describe("when a webhook carries a genuine token", () => {
    it("accepts it once and rejects the replay", async () => {
      const token = webhookToken(wix.privateKey);

      expect(await postWebhook(token)).to.equal(200);
      expect(await postWebhook(token)).to.equal(401);
    });

    it("rejects a re-signed token with a seen event id", async () => {
      const eventId = randomUUID();
      const now = Math.floor(Date.now() / 1000);

      expect(await postWebhook(webhookToken(wix.privateKey, { eventId, issuedAt: now }))).to.equal(
        200,
      );
      expect(
        await postWebhook(webhookToken(wix.privateKey, { eventId, issuedAt: now - 1 })),
      ).to.equal(401);
    });
  });

  describe("when a webhook token is forged", () => {
    it("rejects a bad signature", async () => {
      const [header, payload, signature] = webhookToken(wix.privateKey).split(".");
      const otherPayload = webhookToken(wix.privateKey).split(".")[1];

      expect(payload).to.not.equal(otherPayload);
      expect(await postWebhook(`${header}.${otherPayload}.${signature}`)).to.equal(401);
    });

    it("rejects a token signed with another key", async () => {
      expect(await postWebhook(webhookToken(stranger.privateKey))).to.equal(401);
    });

    it("rejects an expired token", async () => {
      const issuedAt = Math.floor(Date.now() / 1000) - 7200;

      expect(await postWebhook(webhookToken(wix.privateKey, { issuedAt, expiresIn: 60 }))).to.equal(
        401,
      );
    });

    it("rejects alg none", async () => {
      expect(await postWebhook(webhookToken(wix.privateKey, { alg: "none" }))).to.equal(401);
    });

    it("rejects a body that is not a JWT", async () => {
      expect(await postWebhook(`not a jwt ${randomBytes(8).toString("hex")}`)).to.equal(401);
    });
  });
});

describe("bench admin API secrets", function () {
  this.timeout(180_000);
  let admin: Auth;
  let previousKey = "";
  const canary = `IST.canary-${randomBytes(16).toString("hex")}`;
  const responses: { name: string; text: string }[] = [];

  before(async function () {
    admin = await adminOrSkip(this);
    const stored = await call("POST", "frappe.client.get_password", admin, {
      doctype: "Wix Settings",
      name: "Wix Settings",
      fieldname: "api_key",
    });
    previousKey = stored.status === 200 ? String(stored.json?.message ?? "") : "";
    const saved = await call("POST", `${API}.admin.save_settings`, admin, {
      settings: { api_key: canary },
    });
    expect(saved.json?.message, saved.text.slice(0, 300)).to.deep.equal({ ok: true });

    const record = async (name: string, method: "GET" | "POST", path: string, body?: unknown) => {
      const response = await call(method, path, admin, body);
      responses.push({ name, text: `${response.status} ${response.text}` });
    };
    await record("get_settings", "GET", `${API}.admin.get_settings`);
    await record("health", "GET", `${API}.admin.health`);
    await record("save_settings with the key in site_id", "POST", `${API}.admin.save_settings`, {
      settings: { site_id: canary },
    });
    await record("test_connection", "POST", `${API}.admin.test_connection`);
  });

  after(async () => {
    if (admin) {
      // save_settings keeps the stored key when sent an empty one, so clearing goes through set_value.
      if (previousKey) {
        await call("POST", `${API}.admin.save_settings`, admin, {
          settings: { api_key: previousKey },
        });
      } else {
        await call("POST", "frappe.client.set_value", admin, {
          doctype: "Wix Settings",
          name: "Wix Settings",
          fieldname: "api_key",
          value: "",
        });
      }
    }
    await stopBenchServer();
  });

  it("reports the key as set without its value", () => {
    const settings = responses.find((response) => response.name === "get_settings")!;

    expect(settings.text).to.include('"api_key_set":true');
  });

  it("returns no API key in any response", () => {
    const leaks = responses
      .filter((response) => response.text.includes(canary))
      .map((response) => `${response.name}: ${response.text.slice(0, 300)}`);

    expect(leaks).to.deep.equal([]);
  });
});
