import { expect } from "chai";
import { errorMessageFrom } from "../../desk-ui/src/data/api.js";
import { readDeskBoot } from "../../desk-ui/src/boot.js";
import {
  formatAge,
  formatRate,
  formatRelative,
  itemRoute,
  logRoute,
  parseTimestamp,
  statusTheme,
} from "../../desk-ui/src/lib/format.js";
import { __ } from "../../desk-ui/src/lib/translate.js";
import { scopeSelector } from "../../desk-ui/vite-plugins/scopeToRoot.js";

const ROOT = "#wix-integration-root";

describe("scopeSelector", () => {
  const cases: [string, string][] = [
    [".px-2", `${ROOT} .px-2`],
    ["*", `${ROOT} *`],
    ["::backdrop", `${ROOT} ::backdrop`],
    [":root", ROOT],
    ["html", ROOT],
    ["body", ROOT],
    [":host", ROOT],
    ['[data-theme="dark"]', `[data-theme="dark"] ${ROOT}`],
    [
      "[data-theme='dark'] [type='checkbox']:checked",
      `[data-theme='dark'] ${ROOT} [type='checkbox']:checked`,
    ],
    ['html[data-theme="dark"] img', `[data-theme="dark"] ${ROOT} img`],
    [`${ROOT} .px-2`, `${ROOT} .px-2`],
    [`${ROOT}:hover`, `${ROOT}:hover`],
    [`[data-theme=dark] ${ROOT} .x`, `[data-theme=dark] ${ROOT} .x`],
    [
      ".dark\\:bg-x:where([data-theme=dark], [data-theme=dark] *)",
      `${ROOT} .dark\\:bg-x:where([data-theme=dark], [data-theme=dark] *)`,
    ],
  ];
  for (const [selector, expected] of cases) {
    it(`scopes ${selector}`, () => {
      expect(scopeSelector(selector, ROOT)).to.equal(expected);
    });
  }

  it("does not take a longer id for the root", () => {
    expect(scopeSelector(`${ROOT}-other .x`, ROOT)).to.equal(`${ROOT} ${ROOT}-other .x`);
  });
});

describe("errorMessageFrom", () => {
  describe("when frappe.throw sent _server_messages", () => {
    it("returns the message without HTML", () => {
      const body = {
        exc_type: "ValidationError",
        _server_messages: JSON.stringify([
          JSON.stringify({ message: "Item <b>MUG-9</b> not found", indicator: "red" }),
        ]),
      };
      expect(errorMessageFrom(body, "fallback")).to.equal("Item MUG-9 not found");
    });
  });

  describe("when only the exception is there", () => {
    it("drops the exception class", () => {
      const body = { exception: "frappe.exceptions.PermissionError: Not permitted" };
      expect(errorMessageFrom(body, "fallback")).to.equal("Not permitted");
    });
  });

  describe("when the body is empty or malformed", () => {
    it("returns the fallback", () => {
      expect(errorMessageFrom(null, "health failed with HTTP 502")).to.equal(
        "health failed with HTTP 502",
      );
      expect(errorMessageFrom({ _server_messages: "not json" }, "fallback")).to.equal("fallback");
    });
  });
});

describe("readDeskBoot", () => {
  describe("when desk set its globals", () => {
    it("reads the token, site and socketio port", () => {
      const boot = readDeskBoot({
        frappe: {
          csrf_token: "token-1",
          session: { user: "manager@example.com" },
          boot: {
            sitename: "wix.localhost",
            socketio_port: "9000",
            time_zone: { system: "Asia/Kolkata" },
          },
        },
        dev_server: "1",
        location: { hostname: "127.0.0.1" },
      });
      expect(boot).to.deep.equal({
        csrfToken: "token-1",
        sitename: "wix.localhost",
        socketioPort: 9000,
        devServer: true,
        user: "manager@example.com",
        systemTimeZone: "Asia/Kolkata",
      });
    });
  });

  describe("when desk globals are missing", () => {
    it("falls back to the host name and no dev server", () => {
      const boot = readDeskBoot({ location: { hostname: "erp.example.com" } });
      expect(boot).to.deep.equal({
        csrfToken: "",
        sitename: "erp.example.com",
        socketioPort: null,
        devServer: false,
        user: "",
        systemTimeZone: null,
      });
    });
  });
});

describe("format", () => {
  describe("formatRate", () => {
    it("shows a fraction as a percentage", () => {
      expect([1, 0, 0.5, 0.8512, null].map(formatRate)).to.deep.equal([
        "100 %",
        "0 %",
        "50 %",
        "85.1 %",
        "—",
      ]);
    });

    it("never rounds a rate with failures up to 100 %", () => {
      expect(formatRate(0.99996)).to.equal("99.9 %");
    });
  });

  it("formats ages in the largest whole unit", () => {
    expect([0, 59, 61, 3599, 7200, 172800].map(formatAge)).to.deep.equal([
      "0 s",
      "59 s",
      "1 min",
      "59 min",
      "2 h",
      "2 d",
    ]);
  });

  describe("parseTimestamp", () => {
    it("reads a Frappe datetime in the site's zone", () => {
      expect(parseTimestamp("2026-12-04 17:30:00", "Asia/Kolkata")?.toISOString()).to.equal(
        "2026-12-04T12:00:00.000Z",
      );
      expect(parseTimestamp("2026-07-01 08:00:00.5", "America/New_York")?.toISOString()).to.equal(
        "2026-07-01T12:00:00.500Z",
      );
    });

    it("uses the daylight-saving offset of that date", () => {
      expect(parseTimestamp("2026-03-08 03:30:00", "America/New_York")?.toISOString()).to.equal(
        "2026-03-08T07:30:00.000Z",
      );
      expect(parseTimestamp("2026-11-01 12:00:00", "Europe/Berlin")?.toISOString()).to.equal(
        "2026-11-01T11:00:00.000Z",
      );
    });

    it("reads a Frappe datetime as browser time without a zone", () => {
      const date = parseTimestamp("2026-12-04 09:05:07.250000", null);
      expect(date?.getHours()).to.equal(9);
      expect(date?.getMilliseconds()).to.equal(250);
    });

    it("reads an ISO timestamp with its offset", () => {
      expect(parseTimestamp("2026-12-04T12:00:00.000Z")?.toISOString()).to.equal(
        "2026-12-04T12:00:00.000Z",
      );
    });

    it("returns null for text it cannot read", () => {
      expect(parseTimestamp("yesterday")).to.equal(null);
    });
  });

  it("formats relative times", () => {
    const now = new Date("2026-12-04T12:10:00.000Z");
    expect(formatRelative("2026-12-04T12:09:55.000Z", now)).to.equal("just now");
    expect(formatRelative("2026-12-04T12:05:00.000Z", now)).to.equal("5 min ago");
    expect(formatRelative("soon", now)).to.equal("soon");
  });

  it("maps log statuses to badge colours", () => {
    expect(["Success", "Failed", "Queued", "Superseded", "Other"].map(statusTheme)).to.deep.equal([
      "green",
      "red",
      "blue",
      "orange",
      "gray",
    ]);
  });

  it("encodes names in desk routes", () => {
    expect(itemRoute("MUG 1/2")).to.equal("/app/item/MUG%201%2F2");
    expect(logRoute("a1b2c3")).to.equal("/app/wix-integration-log/a1b2c3");
  });
});

describe("__", () => {
  describe("when desk's translator is absent", () => {
    it("fills numbered placeholders", () => {
      expect(__("{0} of {1} items", [3, 10])).to.equal("3 of 10 items");
      expect(__("{0} and {2}", ["a"])).to.equal("a and {2}");
    });
  });
});
