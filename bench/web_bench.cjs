/*
 * web_bench.cjs - the coordinator's page against the CLI, for docs/performance.md: the page's
 * size, the time from opening it to its first screen, and a collect of N exports of about M
 * records each, in the page (headless chromium: picked folder, Collect clicked, until the
 * result is on the screen: reading, merging, the report, the zip and the hand-over included)
 * and by the native CLI on the same files. Prints a Markdown table; asserts nothing.
 *
 * node bench/web_bench.cjs PAGE SHADOWDAY EXPORT_MAKER [--exports N] [--shadows S] [--runs R] [--keep]
 * (scripts/bench.sh runs it when the page is built; --shadows 7 gives about 100 records.)
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");
const cdp = require("../tests/cdp.cjs");

const args = process.argv.slice(2);
const [pagePath, cli, maker] = args.slice(0, 3).map((p) => path.resolve(p));
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const nExports = opt("--exports", 100), shadows = opt("--shadows", 7), runs = opt("--runs", 5);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "web_bench."));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const stats = (xs) => {
    const s = xs.slice().sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const show = (st) => `${st.median.toFixed(0)} (${st.min.toFixed(0)}–${st.max.toFixed(0)})`;

async function main() {
    const html = fs.readFileSync(pagePath, "utf8");
    const moduleText = (html.match(/<script id="sd-module">([\s\S]*?)<\/script>/) || ["", ""])[1];
    const wasm64 = (moduleText.match(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/) || ["", ""])[1];

    /* N kiosks' exports in one shadowday-export folder, as on a stick. */
    const stick = path.join(scratch, "stick", "shadowday-export");
    fs.mkdirSync(stick, { recursive: true });
    let records = 0;
    for (let i = 0; i < nExports; i++) {
        const out = execFileSync(maker, ["day", path.join(scratch, "k" + i), "-n", String(shadows), "-w", "Työpaikka " + i],
                                 { encoding: "utf8" });
        const folder = out.match(/^usb_folder=(.*)$/m)[1];
        records += Number(out.match(/^records=(\d+)$/m)[1]);
        fs.cpSync(folder, path.join(stick, path.basename(folder)), { recursive: true });
    }
    const folders = fs.readdirSync(stick).sort().map((d) => path.join(stick, d));

    /* The native CLI. */
    const env = Object.assign({}, process.env, { LANGUAGE: "en", LC_ALL: "C.UTF-8" });
    const native = [];
    for (let r = 0; r <= runs; r++) {
        const out = path.join(scratch, "cli-out-" + r);
        const t0 = process.hrtime.bigint();
        execFileSync(cli, ["collect", "-o", out].concat(folders), { env: env, stdio: "ignore" });
        if (r > 0)                      /* the first run warms the file cache */
            native.push(ms(t0));
    }

    /* The page. */
    const browser = cdp.launch(path.join(scratch, "profile"), ["--lang=en-US", "--accept-lang=en"]);
    const page = await cdp.openPage(browser);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("DOM.enable");
    const ev = async (e) => (await page.send("Runtime.evaluate", { expression: e, awaitPromise: true, returnByValue: true })).result.value;
    const until = async (e) => { while (!(await ev(e))) await sleep(5); };
    const open = [];
    for (let r = 0; r <= runs; r++) {
        const t0 = process.hrtime.bigint();
        await page.send("Page.navigate", { url: "file://" + pagePath });
        await until(`!!document.getElementById("go-collect")`);
        if (r > 0)
            open.push(ms(t0));
    }
    await ev(`document.getElementById("go-collect").click()`);
    const doc = await page.send("DOM.getDocument", { depth: -1 });
    const input = await page.send("DOM.querySelector", { nodeId: doc.root.nodeId, selector: "main .pickers input[type=file]" });
    await page.send("DOM.setFileInputFiles", { nodeId: input.nodeId, files: [stick] });
    await until(`document.querySelectorAll("#inputs li").length === ${nExports}`);
    const inPage = [];
    let shown = "";
    for (let r = 0; r <= runs; r++) {
        const t0 = process.hrtime.bigint();
        await ev(`Array.from(document.querySelectorAll("button")).filter((b) => b.textContent === "Collect").pop().click()`);
        await until(`!!document.getElementById("collect-result")`);
        if (r > 0)
            inPage.push(ms(t0));
        shown = await ev(`document.getElementById("collect-verdict").textContent`);
    }
    const heap = await page.send("Runtime.getHeapUsage");
    await browser.close();

    const n = stats(native), p = stats(inPage), o = stats(open);
    console.log(`| what | figure |`);
    console.log(`|---|---|`);
    console.log(`| page size | ${(html.length / 1048576).toFixed(2)} MiB (${html.length} bytes); of it the WebAssembly, base64: ${(wasm64.length / 1024).toFixed(0)} KiB (${(wasm64.length * 3 / 4 / 1024).toFixed(0)} KiB binary) |`);
    console.log(`| open to the first screen (ms, median (min–max) of ${runs}) | ${show(o)} |`);
    console.log(`| collect of ${nExports} exports, ${records} records: native CLI (ms) | ${show(n)} |`);
    console.log(`| the same in the page, click to result shown (ms) | ${show(p)} |`);
    console.log(`| page / native (medians) | ${(p.median / n.median).toFixed(2)}× |`);
    console.log(`| the page said | ${shown} |`);
    console.log(`| page's main-thread JS heap after | ${(heap.usedSize / 1048576).toFixed(1)} MiB |`);
    if (args.indexOf("--keep") < 0)
        fs.rmSync(scratch, { recursive: true, force: true });
    else
        console.log("kept " + scratch);
}

main().catch((e) => { console.error(e); process.exit(1); });
