// The part of Frappe 15 desk that the Wix Integration Page JS relies on: `frappe.pages`,
// `frappe.ui.make_app_page`, `frappe.require` (fetch, then run as a global <script>), `__`,
// `frappe.csrf_token`, `frappe.boot.sitename`/`socketio_port` and `window.dev_server`.

export interface ShellBoot {
  sitename: string;
  socketioPort: number;
  csrfToken: string;
  user: string;
}

const SHIM = `
window.__ = (text, replace) => String(text).replace(/\\{(\\d+)\\}/g, (m, i) => (replace && replace[i] !== undefined ? replace[i] : m));
frappe.pages = { "wix-integration": {} };
frappe.route_options = null;
frappe.set_route = (...route) => { window.location.href = "/app/" + route.join("/").toLowerCase().replace(/ /g, "-"); };
frappe.ui = {
  make_app_page({ parent, title }) {
    parent.innerHTML = '<header class="page-head"><h1 class="title"></h1><div class="actions"></div></header><main class="layout-main"></main>';
    parent.querySelector(".title").textContent = title;
    const main = parent.querySelector(".layout-main");
    return {
      main: { get: () => main },
      add_inner_button(label, action) {
        const button = document.createElement("button");
        button.textContent = label;
        button.className = "btn btn-default btn-xs";
        button.addEventListener("click", action);
        parent.querySelector(".actions").appendChild(button);
      },
    };
  },
};
frappe.require = async (paths) => {
  for (const path of [].concat(paths)) {
    const text = await (await fetch(path)).text();
    if (path.endsWith(".css")) {
      const style = document.createElement("style");
      style.textContent = text;
      document.head.appendChild(style);
    } else {
      const script = document.createElement("script");
      script.textContent = text;
      document.head.appendChild(script);
    }
  }
};
`;

/** Desk-like styles, so the screenshots show the page among Bootstrap-style desk rules. */
const DESK_STYLE = `
body { margin: 0; font-family: system-ui, sans-serif; font-size: 13px; background: #f8f8f8; color: #1f272e; }
button { border-radius: 0; }
h1, h2 { margin-top: 0; margin-bottom: .5rem; line-height: 1.2; }
a { color: #2490ef; }
.page-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 12px 16px; background: #fff; border-bottom: 1px solid #ededed; }
.page-head .title { font-size: 20px; font-weight: 600; margin: 0; }
.page-head .actions { display: flex; gap: 6px; flex-wrap: wrap; }
.btn { font-size: 12px; padding: 4px 8px; border: 1px solid #d1d8dd; background: #f4f5f6; border-radius: 6px; }
.layout-main { padding: 16px; }
@media (max-width: 480px) { .page-head { flex-wrap: wrap; } .layout-main { padding: 10px; } }
`;

export function deskShell(boot: ShellBoot, pageScriptUrl: string): string {
  const globals = {
    csrf_token: boot.csrfToken,
    session: { user: boot.user },
    boot: {
      sitename: boot.sitename,
      socketio_port: boot.socketioPort,
      user: { name: boot.user },
      // The stand-in writes datetimes in its own process's zone, as Frappe writes the site's.
      time_zone: { system: Intl.DateTimeFormat().resolvedOptions().timeZone, user: null },
    },
  };
  return `<!doctype html>
<html lang="en" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wix Integration</title>
<style>${DESK_STYLE}</style>
<script>
window.frappe = ${JSON.stringify(globals)};
window.dev_server = 1;
${SHIM}
</script>
<script src="${pageScriptUrl}"></script>
</head>
<body>
<div id="page-wix-integration" class="page-container"></div>
<script>frappe.pages["wix-integration"].on_page_load(document.getElementById("page-wix-integration"));</script>
</body>
</html>`;
}
