/*
 * coordinator_page.cjs - the coordinator's page in Debian's chromium (headless), driven as a
 * person uses it: opened from file://, language from the browser, every job through its
 * buttons, file pickers and typed passphrases, the results downloaded and compared byte for byte
 * with what the CLI writes from the same inputs. Also: no request of any kind left the page
 * (page and worker), the Content-Security-Policy is there and blocks a request, and screenshots
 * of every screen at desktop and phone width in every language for a person to look at.
 *
 * node coordinator_page.cjs PAGE SHADOWDAY EXPORT_MAKER SOURCE_DIR SCRATCH SHOTS
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const cdp = require("./cdp.cjs");

const [pagePath, cli, maker, srcDir, scratch, shotsDir] = process.argv.slice(2).map((p) => path.resolve(p));
const EPOCH = 1797580800;       /* 2026-12-18 08:00 UTC: the report's time, for page and CLI alike */
const PASS = "kahvi ja korvapuusti";
const cliEnv = Object.assign({}, process.env, { SOURCE_DATE_EPOCH: String(EPOCH), TZ: "Europe/Helsinki",
                                                LANGUAGE: "en", LC_ALL: "C.UTF-8" });
let failures = 0;

function check(ok, what) {
    console.log((ok ? "ok   " : "FAIL ") + what);
    if (!ok)
        failures++;
}

function run(exe, args, opts) {
    try {
        return { status: 0, out: execFileSync(exe, args, Object.assign({ env: cliEnv, encoding: "utf8",
                                                                          stdio: ["ignore", "pipe", "pipe"] }, opts)) };
    } catch (e) {
        return { status: e.status, out: (e.stdout || "") + (e.stderr || "") };
    }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(scratch, { recursive: true });
    fs.mkdirSync(shotsDir, { recursive: true });
    const downloads = path.join(scratch, "downloads");
    fs.mkdirSync(downloads);

    const browser = cdp.launch(path.join(scratch, "profile"), ["--accept-lang=sv-FI,sv", "--lang=sv-FI"],
                               { TZ: "Europe/Helsinki" });
    const page = await cdp.openPage(browser);
    const requests = [], refusals = [];
    browser.on((m) => {
        if (m.method === "Network.requestWillBeSent")
            requests.push(m.params.request.url);
        /* The page must not even try: every refusal by its policy is a fault, until the probe. */
        if (m.method === "Log.entryAdded" && /Content.Security.Policy/i.test(m.params.entry.text))
            refusals.push(m.params.entry.text);
        if (m.method === "Runtime.exceptionThrown")
            console.log("page exception: " + JSON.stringify(m.params.exceptionDetails).slice(0, 400));
        /* The worker: watch its network too. */
        if (m.method === "Target.attachedToTarget") {
            browser.send("Network.enable", {}, m.params.sessionId).catch(() => {});
            browser.send("Log.enable", {}, m.params.sessionId).catch(() => {});
            browser.send("Runtime.runIfWaitingForDebugger", {}, m.params.sessionId).catch(() => {});
        }
    });
    await page.send("Network.enable");
    await page.send("Log.enable");
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("DOM.enable");
    await page.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    await browser.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads, eventsEnabled: true });
    /* The report's "generated" time: the page takes it from the clock, the CLI from SOURCE_DATE_EPOCH. */
    await page.send("Page.addScriptToEvaluateOnNewDocument", { source: `Date.now = () => ${EPOCH * 1000};` });

    const ev = async (expr) => {
        const r = await page.send("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true });
        if (r.exceptionDetails)
            throw new Error(expr + ": " + JSON.stringify(r.exceptionDetails).slice(0, 300));
        return r.result.value;
    };
    const waitFor = async (expr, what, ms) => {
        for (let t = 0; t < (ms || 120000); t += 100) {
            if (await ev(expr))
                return true;
            await sleep(100);
        }
        throw new Error("timed out: " + what);
    };
    const text = (sel) => ev(`(document.querySelector(${JSON.stringify(sel)}) || {}).textContent || null`);
    const node = async (sel) => {
        const doc = await page.send("DOM.getDocument", { depth: -1 });
        const q = await page.send("DOM.querySelector", { nodeId: doc.root.nodeId, selector: sel });
        if (!q.nodeId)
            throw new Error("no element " + sel);
        return q.nodeId;
    };
    /* A click where a person would click: the middle of the element, with the mouse. */
    const click = async (sel) => {
        await ev(`document.querySelector(${JSON.stringify(sel)}).scrollIntoView({block: "center"})`);
        const box = await page.send("DOM.getBoxModel", { nodeId: await node(sel) });
        const q = box.model.content;
        const x = (q[0] + q[4]) / 2, y = (q[1] + q[5]) / 2;
        for (const type of ["mouseMoved", "mousePressed", "mouseReleased"])
            await page.send("Input.dispatchMouseEvent", { type: type, x: x, y: y, button: "left", clickCount: 1 });
    };
    const clickText = async (label) => {
        const found = await ev(`(() => { const b = Array.from(document.querySelectorAll("button, a"))
            .filter((e) => e.textContent.trim() === ${JSON.stringify(label)}); if (!b.length) return false;
            b[b.length - 1].id = b[b.length - 1].id || "clicked-" + Math.random().toString(36).slice(2);
            return b[b.length - 1].id; })()`);
        if (!found)
            throw new Error("no button " + label);
        await click("#" + found);
    };
    /* Typing replaces what the field had, as a person selecting it first would. */
    const type = async (sel, value) => {
        await click(sel);
        await ev(`document.querySelector(${JSON.stringify(sel)}).select()`);
        await page.send("Input.insertText", { text: value });
    };
    const pick = async (sel, files) => page.send("DOM.setFileInputFiles", { nodeId: await node(sel), files: files });
    /* The whole page, top to bottom (at most 5000 px), at that width. */
    const shot = async (name, width, height) => {
        await page.send("Emulation.setDeviceMetricsOverride", { width: width, height: height, deviceScaleFactor: 1,
                                                                mobile: width < 600 });
        await sleep(150);
        const full = Math.min(5000, Math.max(height, await ev("document.documentElement.scrollHeight")));
        await page.send("Emulation.setDeviceMetricsOverride", { width: width, height: full, deviceScaleFactor: 1,
                                                                mobile: width < 600 });
        await ev("window.scrollTo(0, 0)");
        await sleep(150);
        const img = await page.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: false });
        fs.writeFileSync(path.join(shotsDir, name + ".png"), Buffer.from(img.data, "base64"));
    };
    const shots = async (name) => {
        await shot(name + "-desktop", 1280, 900);
        await shot(name + "-phone", 390, 844);
        await page.send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
    };
    const home = async () => {
        if (await ev(`!!document.querySelector("button.back")`))
            await click("button.back");
        await waitFor(`!!document.getElementById("go-check")`, "the home screen");
    };
    const downloaded = (name) => browser.wait("Browser.downloadProgress", (p) => p.state === "completed", 30000)
        .then(() => fs.readFileSync(path.join(downloads, name)));

    /* ------------------------------------------------ open: language, version, policy */
    await page.send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
    const loaded = browser.wait("Page.loadEventFired");
    await page.send("Page.navigate", { url: "file://" + pagePath });
    await loaded;
    await waitFor(`!!document.getElementById("go-check")`, "the page to start");
    check(await ev("document.documentElement.lang") === "sv", "the browser's language first (sv)");
    check(await text("#lang-sv") === "svenska" && await text("#lang-fi") === "suomi", "language buttons in their own names");
    const version = run(cli, ["--version"]).out.trim().replace(/^shadowday /, "");
    check((await text("#version")).includes(version), "the page shows its version " + version);
    const csp = await ev(`document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`);
    check(/default-src 'none'/.test(csp) && /connect-src 'none'/.test(csp) && /'wasm-unsafe-eval'/.test(csp) &&
          !/'unsafe-eval'/.test(csp), "the Content-Security-Policy forbids requests: " + csp.slice(0, 60) + "...");
    for (const lang of ["fi", "sv", "en"]) {
        await click("#lang-" + lang);
        await waitFor(`document.documentElement.lang === "${lang}"`, "language " + lang);
        await shots("web-home-" + lang);
    }
    check(await text("#go-check strong") === "Check a day pack", "switched to English");

    /* ------------------------------------------------ check a day pack: good and broken */
    for (const [name, dir] of [["sample", "assets/sample-pack/shadowday"], ["broken", "tests/data/pack/many-problems"]]) {
        await home();
        await click("#go-check");
        await pick("input[type=file]", [path.join(srcDir, dir)]);
        const root = path.basename(dir);
        await waitFor(`!!document.getElementById("verdict") && document.querySelector("#check-output").previousSibling.textContent.endsWith(${JSON.stringify(root)})`, "pack check " + name);
        const shown = await text("#check-output");
        const want = run(cli, ["pack", "check", root], { cwd: path.dirname(path.join(srcDir, dir)) });
        check(shown === want.out.replace(/\n$/, ""), `pack check of the ${name} pack shows exactly what the CLI prints`);
        if (shown !== want.out.replace(/\n$/, ""))
            console.log("--- page:\n" + shown + "\n--- cli:\n" + want.out);
        const good = await ev(`document.getElementById("verdict").classList.contains("good")`);
        check(good === (want.status === 0), `the ${name} pack's verdict (${good ? "ready" : "not ready"}) follows the exit code ${want.status}`);
        await shots("web-check-" + name);
    }

    /* ------------------------------------------------ make my key */
    await home();
    await click("#go-key");
    await type("#key-pass", PASS);
    await type("#key-again", PASS + "x");
    await clickText("Make my key");
    await waitFor(`!!document.getElementById("key-error")`, "the passphrase mismatch");
    check(await ev(`!document.getElementById("key-result")`), "two different passphrases make no key");
    await type("#key-pass", PASS);
    await type("#key-again", PASS);
    const keyDownload = downloaded("coordinator.key");
    await clickText("Make my key");
    await waitFor(`!!document.getElementById("key-result")`, "the key", 120000);
    const keyBytes = await keyDownload;
    const keyFile = path.join(scratch, "coordinator.key");
    fs.writeFileSync(keyFile, keyBytes);
    const keyText = keyBytes.toString("utf8");
    const line = await ev(`document.querySelector("#key-result input.copy").value`);
    const fingerprint = await text("#key-fingerprint");
    check(/^coordinator_public_key;[A-Za-z0-9+/]{43}=$/.test(line), "the line for workplace.csv: " + line);
    check(keyText.includes("public: " + line.split(";")[1]) && keyText.includes("fingerprint: " + fingerprint),
          "the downloaded key file holds that public key and fingerprint " + fingerprint);
    check(/^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/.test(fingerprint), "the fingerprint in the kiosk's form");
    check(/^kdf: argon2id13$/m.test(keyText) && !/^secret:/m.test(keyText), "the secret key is locked with the passphrase");
    await shots("web-key");

    /* ------------------------------------------------ two kiosks' exports, one encrypted to that key */
    const inDir = path.join(scratch, "stick");
    const exportDir = path.join(inDir, "shadowday-export");
    fs.mkdirSync(exportDir, { recursive: true });
    const a = run(maker, ["day", path.join(scratch, "a"), "-n", "3", "-w", "Kahvila Aurinko"]);
    const b = run(maker, ["day", path.join(scratch, "b"), "-n", "2", "-w", "Kirjasto", "-k", keyFile]);
    check(a.status === 0 && b.status === 0, "export_maker made two kiosks' exports (B encrypted to the page's key)");
    const folderOf = (out) => out.match(/^usb_folder=(.*)$/m)[1];
    for (const out of [a.out, b.out])
        fs.cpSync(folderOf(out), path.join(exportDir, path.basename(folderOf(out))), { recursive: true });
    fs.copyFileSync(path.join(scratch, "a", "scans.txt"), path.join(inDir, "scans.txt"));
    check(fs.existsSync(path.join(exportDir, path.basename(folderOf(b.out)), "export.sdenc")), "kiosk B's export is encrypted");

    /* ------------------------------------------------ collect: a wrong passphrase, then the right one */
    await home();
    await click("#go-collect");
    await pick("main .pickers input[type=file]", [exportDir]);
    await pick("main .pickers label.secondary input[type=file]", [path.join(inDir, "scans.txt")]);
    await waitFor(`document.querySelectorAll("#inputs li").length === 3`, "three inputs listed");
    await pick("main > label.pick input[type=file]", [keyFile]);
    await waitFor(`!!document.getElementById("collect-pass")`, "the passphrase field");
    await type("#collect-pass", "kahvi ja pulla");
    await clickText("Collect");
    await waitFor(`!!document.getElementById("collect-error")`, "the wrong passphrase", 120000);
    const wrong = await text("#collect-error");
    check(wrong.startsWith("coordinator.key: ") && /passphrase/.test(wrong) && await ev(`!document.getElementById("collect-result")`),
          "a wrong passphrase: a plain message naming the key file, nothing collected: " + wrong);
    await type("#collect-pass", PASS);
    await clickText("Collect");
    await waitFor(`!!document.getElementById("collect-result")`, "the collect", 120000);
    await shots("web-collect");

    /* The CLI on the same inputs, in the same order (export folders by name, then the scans). */
    const cliOut = path.join(scratch, "cli-out");
    const passFile = path.join(scratch, "pass.txt");
    fs.writeFileSync(passFile, PASS + "\n");
    const folders = fs.readdirSync(exportDir).sort().map((d) => "shadowday-export/" + d);
    const want = run(cli, ["collect", "-o", cliOut, "-k", keyFile, "--passphrase-file", passFile].concat(folders, ["scans.txt"]),
                     { cwd: inDir });
    check(want.status === 0, "the CLI collect of the same inputs: exit " + want.status);
    const names = fs.readdirSync(cliOut).sort();
    const links = await ev(`Array.from(document.querySelectorAll("#collect-files a")).map((a) => a.textContent)`);
    check(JSON.stringify(links) === JSON.stringify(names), "the page offers the CLI's files: " + names.join(" ") + (JSON.stringify(links) === JSON.stringify(names) ? "" : " (page: " + JSON.stringify(links) + ")"));
    for (const name of names) {
        const got = downloaded(name);
        await click(`#collect-files a[download="${name}"]`);
        const bytes = await got;
        check(Buffer.compare(bytes, fs.readFileSync(path.join(cliOut, name))) === 0,
              `${name} downloaded from the page is byte for byte the CLI's (${bytes.length} bytes)`);
    }
    const zipGot = downloaded("shadowday-report.zip");
    await click("#download-zip");
    const zipPath = path.join(downloads, "shadowday-report.zip");
    await zipGot;
    const listed = run("unzip", ["-Z1", zipPath]).out.trim().split("\n").sort();
    check(JSON.stringify(listed) === JSON.stringify(names), "the zip holds the same files");
    for (const name of names) {
        const inner = execFileSync("unzip", ["-p", zipPath, name]);
        check(Buffer.compare(inner, fs.readFileSync(path.join(cliOut, name))) === 0, `${name} in the zip is the CLI's`);
    }
    const receipts = await ev(`Array.from(document.querySelectorAll("#receipts td.code")).map((t) => t.textContent)`);
    check(receipts.length === 3 && receipts.every((code) => want.out.includes(code)),
          "the receipt codes are the CLI's: " + receipts.join(", "));
    check(await ev(`document.getElementById("report").srcdoc.length > 1000`), "the report is shown in the page");
    const records = (await text("#collect-verdict")).match(/^(\d+) records/);
    check(records && want.out.includes(`: ${records[1]} records`), "the page counts the records the CLI counts");

    /* ------------------------------------------------ a damaged export: named, not used */
    const damaged = path.join(scratch, "damaged", "shadowday-export");
    fs.cpSync(exportDir, damaged, { recursive: true });
    const firstA = path.join(damaged, path.basename(folderOf(a.out)));      /* kiosk A: plain */
    const victim = "visits.csv";
    fs.appendFileSync(path.join(firstA, victim), "x");
    await home();
    await click("#go-collect");
    await ev(`Array.from(document.querySelectorAll("#inputs button")).forEach(() => document.querySelector("#inputs button").click())`);
    await waitFor(`!document.getElementById("inputs")`, "the inputs removed");
    await pick("main .pickers input[type=file]", [damaged]);
    await waitFor(`document.querySelectorAll("#inputs li").length === 2`, "two inputs listed");
    await type("#collect-pass", PASS);
    await clickText("Collect");
    await waitFor(`!!document.getElementById("collect-result")`, "the collect of a damaged export", 120000);
    const problems = await text("#collect-problems");
    check(problems !== null && problems.includes(path.basename(firstA)) && problems.includes(victim),
          "a damaged export: the problem names the folder and the file: " + (problems || "").slice(0, 120));

    /* ------------------------------------------------ a key made by the CLI opens in the page */
    const cliPass = path.join(scratch, "cli-pass.txt");
    fs.writeFileSync(cliPass, "pulla ja kahvi ja pulla\n");
    const made = run(cli, ["keygen", "-o", path.join(scratch, "cli-key"), "--passphrase-file", cliPass]);
    const cliKey = path.join(scratch, "cli-key", "coordinator.key");
    const c = run(maker, ["day", path.join(scratch, "c"), "-n", "1", "-w", "Verstas", "-k", cliKey]);
    check(made.status === 0 && c.status === 0, "the CLI made a key and kiosk C an export encrypted to it");
    await home();
    await click("#go-collect");
    await ev(`Array.from(document.querySelectorAll("#inputs button")).forEach(() => document.querySelector("#inputs button").click())`);
    await pick("main .pickers input[type=file]", [folderOf(c.out)]);
    await waitFor(`document.querySelectorAll("#inputs li").length === 1`, "kiosk C's export listed");
    await pick("main > label.pick input[type=file]", [cliKey]);
    await type("#collect-pass", "pulla ja kahvi ja pulla");
    await clickText("Collect");
    await waitFor(`!!document.getElementById("collect-result")`, "the collect with the CLI's key", 120000);
    const cRecords = c.out.match(/^records=(\d+)$/m)[1];
    check(await ev(`!document.getElementById("collect-problems")`) &&
          (await text("#collect-verdict")).startsWith(cRecords + " records"),
          `the page opened kiosk C's encrypted export with the CLI's key file (${cRecords} records)`);

    /* ------------------------------------------------ PIN hash */
    await home();
    await click("#go-pin");
    await type("#pin", "2468");
    await type("#pin-again", "2468");
    await clickText("Make the PIN hash");
    await waitFor(`!!document.querySelector("main input.copy")`, "the PIN hash", 60000);
    const hash = await ev(`document.querySelector("main input.copy").value`);
    check(/^\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(hash) && !hash.includes("2468"),
          "the PIN hash is an Argon2id hash as pin-hash makes: " + hash.slice(0, 32) + "...");
    await shots("web-pin");
    await type("#pin", "12");
    await type("#pin-again", "12");
    await clickText("Make the PIN hash");
    await waitFor(`!!document.getElementById("pin-error")`, "the refused PIN");
    check(/4 to 12 digits/.test(await text("#pin-error")), "a 2-digit PIN is refused with the CLI's message");

    /* ------------------------------------------------ the same screens in Finnish and Swedish */
    for (const lang of ["fi", "sv"]) {
        await click("#lang-" + lang);
        await waitFor(`document.documentElement.lang === "${lang}"`, "language " + lang);
        await shots("web-pin-" + lang);
        await home();
        await click("#go-collect");
        await shots("web-collect-" + lang);
    }

    /* ------------------------------------------------ nothing went to the network */
    const remote = requests.filter((u) => !/^(file|data|blob|about|chrome|devtools):/.test(u));
    check(remote.length === 0, `no network request (${requests.length} local loads: file, blob, data)` +
          (remote.length ? ": " + remote.join(" ") : ""));
    check(refusals.length === 0, "nothing the page does is refused by its own policy" +
          (refusals.length ? ": " + refusals[0].slice(0, 160) : ""));
    /* And the policy holds: a request tried from the page is refused before it leaves. */
    const violated = await ev(`new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective), { once: true });
        fetch("http://127.0.0.1:9/probe").catch(() => {});
        setTimeout(() => resolve("none"), 3000); })`);
    check(violated === "connect-src", "a fetch from the page is blocked by the policy (" + violated + ")");

    await browser.close();
    console.log(failures ? `coordinator_page: ${failures} failed` : "coordinator_page: ok");
    process.exit(failures ? 1 : 0);
}

main().catch((e) => {
    console.error("coordinator_page: " + (e.stack || e));
    process.exit(1);
});
