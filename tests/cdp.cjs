/*
 * cdp.cjs - a small Chrome DevTools Protocol client over chromium's own --remote-debugging-pipe:
 * no npm package and no browser download, only Debian's chromium. Used by coordinator_page.cjs
 * and bench/web_bench.cjs. Messages are JSON, each ended by a NUL byte, on file descriptors 3
 * (to chromium) and 4 (from chromium); flat sessions, so page and worker share one connection.
 */
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

class Browser {
    constructor(proc) {
        this.proc = proc;
        this.seq = 0;
        this.waiting = new Map();
        this.listeners = [];
        let buf = Buffer.alloc(0);
        proc.stdio[4].on("data", (chunk) => {
            buf = Buffer.concat([buf, chunk]);
            let end;
            while ((end = buf.indexOf(0)) >= 0) {
                const msg = JSON.parse(buf.subarray(0, end).toString("utf8"));
                buf = buf.subarray(end + 1);
                this.dispatch(msg);
            }
        });
    }

    dispatch(msg) {
        if (msg.id !== undefined) {
            const w = this.waiting.get(msg.id);
            this.waiting.delete(msg.id);
            if (!w)
                return;
            if (msg.error)
                w.reject(new Error(w.method + ": " + msg.error.message));
            else
                w.resolve(msg.result);
            return;
        }
        for (const l of this.listeners.slice())
            l(msg);
    }

    send(method, params, sessionId) {
        const id = ++this.seq;
        const msg = { id: id, method: method, params: params || {} };
        if (sessionId)
            msg.sessionId = sessionId;
        return new Promise((resolve, reject) => {
            this.waiting.set(id, { resolve: resolve, reject: reject, method: method });
            this.proc.stdio[3].write(JSON.stringify(msg) + "\0");
        });
    }

    on(fn) {
        this.listeners.push(fn);
    }

    /* The next event named method (for which test(params) holds), or a rejection after ms. */
    wait(method, test, ms) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("timed out waiting for " + method)), ms || 60000);
            const l = (msg) => {
                if (msg.method === method && (!test || test(msg.params, msg))) {
                    clearTimeout(timer);
                    this.listeners.splice(this.listeners.indexOf(l), 1);
                    resolve(msg.params);
                }
            };
            this.listeners.push(l);
        });
    }

    close() {
        return this.send("Browser.close").catch(() => {}).then(() => new Promise((resolve) => {
            const t = setTimeout(() => { this.proc.kill("SIGKILL"); resolve(); }, 5000);
            this.proc.on("exit", () => { clearTimeout(t); resolve(); });
        }));
    }
}

/* Debian's chromium, headless, in a fresh profile, with nothing that talks to the network. */
function launch(profileDir, extraArgs, env) {
    fs.mkdirSync(profileDir, { recursive: true });
    const exe = process.env.SD_CHROMIUM || "/usr/bin/chromium";
    const args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                  "--user-data-dir=" + path.resolve(profileDir), "--remote-debugging-pipe"]
        .concat(extraArgs || []);
    const proc = spawn(exe, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
                                    env: Object.assign({}, process.env, env || {}) });
    let stderr = "";
    proc.stdio[2].on("data", (d) => { stderr = (stderr + d).slice(-20000); });
    const b = new Browser(proc);
    b.stderr = () => stderr;
    return b;
}

/* A page target and its flat session; workers it starts attach to the same connection. */
async function openPage(browser) {
    const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await browser.send("Target.attachToTarget", { targetId: targetId, flatten: true });
    return { targetId: targetId, sessionId: sessionId,
             send: (m, p) => browser.send(m, p, sessionId) };
}

module.exports = { launch: launch, openPage: openPage };
