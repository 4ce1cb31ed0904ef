/*
 * web_page.cjs - build-time tool: assemble shadowday-coordinator.html from web/page.html, the
 * emscripten module (its WebAssembly inlined as base64 by -sSINGLE_FILE), web/worker.js and
 * web/app.js. The Content-Security-Policy allows exactly the two inline scripts (by their
 * SHA-256), WebAssembly compilation, a worker made from a blob of the page's own text, and no
 * request of any kind. Run with node (emscripten's own): node web_page.cjs WEB_DIR MODULE OUT VERSION
 */
"use strict";
const fs = require("fs");
const crypto = require("crypto");

const [webDir, modulePath, outPath, version] = process.argv.slice(2);
const read = (p) => fs.readFileSync(p, "utf8");
const page = read(webDir + "/page.html");
const moduleText = read(modulePath);
const worker = read(webDir + "/worker.js");
const app = read(webDir + "/app.js");

for (const [name, text] of [["module", moduleText], ["worker.js", worker], ["app.js", app]]) {
    if (/<\/script|<!--/i.test(text)) {
        console.error(`web_page.cjs: ${name} contains </script or <!--, which would end its script element`);
        process.exit(1);
    }
}
const hash = (text) => "'sha256-" + crypto.createHash("sha256").update(text, "utf8").digest("base64") + "'";
/* 'wasm-unsafe-eval' lets WebAssembly compile without allowing eval() (Chromium 97+, Firefox 102+,
 * Safari 16+). The worker inherits this policy; worker-src blob: is the worker of the page's own text. */
const csp = [
    "default-src 'none'",
    `script-src ${hash(moduleText)} ${hash(app)} 'wasm-unsafe-eval'`,
    "worker-src blob:",
    "child-src blob:",
    "style-src 'unsafe-inline'",
    "img-src data: blob:",
    "font-src 'none'",
    "connect-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "manifest-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
].join("; ");
const html = page
    .replace("@CSP@", () => csp)
    .replace(/@VERSION@/g, () => version)
    .replace("@MODULE@", () => moduleText)
    .replace("@WORKER@", () => worker)
    .replace("@APP@", () => app);
fs.writeFileSync(outPath + ".tmp", html);
fs.renameSync(outPath + ".tmp", outPath);
