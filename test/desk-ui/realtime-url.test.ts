import { expect } from "chai";
import {
  RECONNECT_BASE_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
  reconnectDelayMs,
} from "../../desk-ui/src/realtime/reconnectDelay.js";
import { DEFAULT_SOCKETIO_PORT, socketioUrl } from "../../desk-ui/src/realtime/socketUrl.js";

describe("socketioUrl", () => {
  describe("when desk runs behind nginx", () => {
    it("uses the page origin and the site namespace", () => {
      const url = socketioUrl({
        origin: "https://erp.example.com",
        sitename: "erp.example.com",
        socketioPort: 9000,
        devServer: false,
      });
      expect(url).to.equal("https://erp.example.com/erp.example.com");
    });

    it("keeps a non-default port of the page", () => {
      const url = socketioUrl({
        origin: "http://127.0.0.1:8080",
        sitename: "site1.local",
        socketioPort: 9000,
        devServer: false,
      });
      expect(url).to.equal("http://127.0.0.1:8080/site1.local");
    });
  });

  describe("when desk runs under bench start", () => {
    it("swaps the port for socketio_port", () => {
      const url = socketioUrl({
        origin: "http://wix.localhost:8000",
        sitename: "wix.localhost",
        socketioPort: 9001,
        devServer: true,
      });
      expect(url).to.equal("http://wix.localhost:9001/wix.localhost");
    });

    it("falls back to Frappe's default port", () => {
      const url = socketioUrl({
        origin: "http://127.0.0.1:8000",
        sitename: "wix.localhost",
        socketioPort: null,
        devServer: true,
      });
      expect(url).to.equal(`http://127.0.0.1:${DEFAULT_SOCKETIO_PORT}/wix.localhost`);
    });

    it("adds a port to an origin that had none", () => {
      const url = socketioUrl({
        origin: "http://wix.localhost",
        sitename: "wix.localhost",
        socketioPort: 9000,
        devServer: true,
      });
      expect(url).to.equal("http://wix.localhost:9000/wix.localhost");
    });
  });
});

describe("reconnectDelayMs", () => {
  describe("when there is no jitter", () => {
    it("doubles from the base delay", () => {
      const delays = [1, 2, 3, 4].map((attempt) => reconnectDelayMs(attempt, () => 0));
      expect(delays).to.deep.equal([
        RECONNECT_BASE_DELAY_MS,
        RECONNECT_BASE_DELAY_MS * 2,
        RECONNECT_BASE_DELAY_MS * 4,
        RECONNECT_BASE_DELAY_MS * 8,
      ]);
    });

    it("stops at the maximum", () => {
      expect(reconnectDelayMs(50, () => 0)).to.equal(RECONNECT_MAX_DELAY_MS);
    });
  });

  describe("when jitter is at its largest", () => {
    it("takes off at most a fifth", () => {
      expect(reconnectDelayMs(1, () => 1)).to.equal(RECONNECT_BASE_DELAY_MS * 0.8);
      expect(reconnectDelayMs(50, () => 0.999)).to.be.at.least(RECONNECT_MAX_DELAY_MS * 0.8);
    });
  });
});
