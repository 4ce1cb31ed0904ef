/*
 * app.js - the coordinator's page: its screens, file picking, downloads and language.
 *
 * Everything with a format or a rule is in the WebAssembly module (the core and the CLI's
 * command code, src/web/web_api.h): this file only picks files, starts jobs in the worker
 * (worker.js), shows what comes back and offers the files for download. Strings are English in
 * _() / NG_() and translated by the module from the same catalogue as the programs
 * (assets/po/*.po; po_complete checks them). Nothing is sent anywhere: the page's
 * Content-Security-Policy forbids every network request.
 */
"use strict";

let sd = null;                  /* the module on this thread: translations only */
let worker = null;
let jobSeq = 0;
const pending = new Map();
const state = {
    screen: "home", lang: "en", version: "", busy: null,
    check: null,
    key: { pass: "", again: "", result: null, error: "" },
    pin: { pin: "", again: "", hash: "", error: "" },
    collect: { inputs: [], skipped: 0, key: null, pass: "", result: null, error: "", note: "" },
};
const urls = [];                /* object URLs of the last results, revoked on the next */

function _(msgid) {
    return sd ? sd.ccall("web_gettext", "string", ["string"], [msgid]) : msgid;
}

function NG_(singular, plural, n) {
    return sd ? sd.ccall("web_ngettext", "string", ["string", "string", "number"], [singular, plural, n])
              : (n === 1 ? singular : plural);
}

/* printf's %s and %d, in order, as the PO files write them. */
function fmt(text) {
    let i = 1;
    const args = arguments;
    return text.replace(/%[sd]/g, function () { return String(args[i++]); });
}

/* ---------------------------------------------------------------- DOM */
function h(tag, props) {
    const el = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
        if (k.startsWith("on"))
            el.addEventListener(k.slice(2), props[k]);
        else if (k === "text")
            el.textContent = props[k];
        else if (k in el && k !== "list")
            el[k] = props[k];
        else
            el.setAttribute(k, props[k]);
    });
    for (let i = 2; i < arguments.length; i++) {
        const c = arguments[i];
        (Array.isArray(c) ? c : [c]).forEach(function (x) {
            if (x !== null && x !== undefined && x !== false)
                el.append(x instanceof Node ? x : document.createTextNode(String(x)));
        });
    }
    return el;
}

function button(label, onclick, cls) {
    return h("button", { type: "button", class: cls || "big", onclick: onclick }, label);
}

function setState(fn) {
    fn();
    render();
}

/* ---------------------------------------------------------------- the worker */
function job(op, msg) {
    const id = ++jobSeq;
    msg.id = id;
    msg.op = op;
    msg.lang = state.lang;
    return new Promise(function (resolve) {
        pending.set(id, resolve);
        worker.postMessage(msg);
    });
}

function onWorkerMessage(e) {
    const m = e.data;
    if (m.progress) {
        const bar = document.getElementById("progress");
        if (bar) {
            bar.max = m.progress.total;
            bar.value = m.progress.done;
        }
        return;
    }
    const resolve = pending.get(m.id);
    pending.delete(m.id);
    if (resolve)
        resolve(m.result);
}

/* Run a job with the page busy: a progress bar and no second job meanwhile. */
async function busy(label, op, msg) {
    setState(function () { state.busy = label; });
    try {
        return await job(op, msg);
    } finally {
        setState(function () { state.busy = null; });
    }
}

/* ---------------------------------------------------------------- picking files */
function fromFileList(list) {
    return Array.from(list).map(function (f) {
        return { path: f.webkitRelativePath || f.name, file: f };
    });
}

/* Dropped files and folders, walked into {path, file}. */
async function fromDrop(dataTransfer) {
    const out = [];
    const entries = Array.from(dataTransfer.items || []).map(function (it) {
        return it.webkitGetAsEntry ? it.webkitGetAsEntry() : null;
    }).filter(Boolean);
    async function walk(entry) {
        if (entry.isFile) {
            const file = await new Promise(function (ok, fail) { entry.file(ok, fail); });
            out.push({ path: entry.fullPath.replace(/^\/+/, ""), file: file });
        } else if (entry.isDirectory) {
            const reader = entry.createReader();
            for (;;) {
                const batch = await new Promise(function (ok, fail) { reader.readEntries(ok, fail); });
                if (!batch.length)
                    break;
                for (const child of batch)
                    await walk(child);
            }
        }
    }
    if (entries.length) {
        for (const entry of entries)
            await walk(entry);
    } else {
        out.push.apply(out, fromFileList(dataTransfer.files || []));
    }
    return out;
}

function dirname(path) {
    const i = path.lastIndexOf("/");
    return i < 0 ? "" : path.slice(0, i);
}

function basename(path) {
    return path.slice(path.lastIndexOf("/") + 1);
}

function pickers(onfiles, folderLabel, filesLabel) {
    const folder = h("input", { type: "file", multiple: true, class: "hidden", id: "pick-folder-" + folderLabel.length,
                                onchange: function () { onfiles(fromFileList(folder.files)); folder.value = ""; } });
    folder.webkitdirectory = true;
    const files = filesLabel ? h("input", { type: "file", multiple: true, class: "hidden",
                                            onchange: function () { onfiles(fromFileList(files.files)); files.value = ""; } }) : null;
    const drop = h("div", { class: "drop",
        ondragover: function (e) { e.preventDefault(); drop.classList.add("over"); },
        ondragleave: function () { drop.classList.remove("over"); },
        ondrop: async function (e) {
            e.preventDefault();
            drop.classList.remove("over");
            onfiles(await fromDrop(e.dataTransfer));
        } }, _("Or drag the folders or files here."));
    return h("div", { class: "pickers" },
        h("label", { class: "big pick" }, folder, folderLabel),
        files ? h("label", { class: "big pick secondary" }, files, filesLabel) : null,
        drop);
}

/* ---------------------------------------------------------------- downloads */
function revokeAll() {
    while (urls.length)
        URL.revokeObjectURL(urls.pop());
}

function download(name, data, type) {
    const url = URL.createObjectURL(new Blob([data], { type: type || "application/octet-stream" }));
    urls.push(url);
    return h("a", { href: url, download: name, class: "download" }, name);
}

function copyable(text, label) {
    const field = h("input", { type: "text", readOnly: true, value: text, class: "copy", "aria-label": label });
    return h("div", { class: "copyrow" }, field,
        button(_("Copy"), function () {
            field.select();
            if (navigator.clipboard)
                navigator.clipboard.writeText(text).catch(function () { document.execCommand("copy"); });
            else
                document.execCommand("copy");
        }, "small"));
}

/* ---------------------------------------------------------------- screens */
function homeScreen() {
    const tiles = [
        ["check", _("Check a day pack"), _("Find every problem in a day pack before it goes on a USB stick.")],
        ["key", _("Make my key"), _("Once: a key so that the kiosks encrypt their exports for you alone.")],
        ["collect", _("Collect"), _("Read the exports of the kiosks and get the report and the Excel files.")],
        ["pin", _("PIN hash"), _("Turn a PIN into the code that goes into the day pack instead of the digits.")],
    ];
    return h("main", {},
        h("div", { class: "tiles" }, tiles.map(function (t) {
            return h("button", { type: "button", class: "tile", id: "go-" + t[0],
                                 onclick: function () { setState(function () { state.screen = t[0]; }); } },
                h("strong", {}, t[1]), h("span", {}, t[2]));
        })),
        h("section", { class: "note" },
            h("h2", {}, _("Keep this page safe")),
            h("p", {}, _("This page works without a network and sends nothing anywhere: everything stays on this computer.")),
            h("p", {}, _("Keep this page on your own laptop. Never open a coordinator's page that you find on a USB stick or get by e-mail: a changed page could steal your key. Take a new copy only from the shadowday package or from your IT support."))));
}

function back() {
    return button(_("Back"), function () { setState(function () { state.screen = "home"; }); }, "back");
}

/* The folder holding workplace.csv (the shallowest), or the first folder picked. */
function packRoot(files) {
    const found = files.filter(function (f) { return basename(f.path) === "workplace.csv"; })
        .map(function (f) { return dirname(f.path); })
        .sort(function (a, b) { return a.split("/").length - b.split("/").length; });
    if (found.length)
        return found[0];
    return files.length ? dirname(files[0].path).split("/")[0] : "";
}

async function runCheck(files) {
    if (!files.length)
        return;
    files = files.map(function (f) {
        return f.path.indexOf("/") < 0 ? { path: "pack/" + f.path, file: f.file } : f;
    });
    const root = packRoot(files) || "pack";
    state.check = null;
    const result = await busy(_("Checking the day pack..."), "check", { files: files, root: root });
    setState(function () { state.check = { root: root, result: result }; });
}

function checkScreen() {
    const c = state.check;
    const verdict = !c ? null : c.result.status === 0
        ? h("p", { class: "verdict good", id: "verdict" }, _("The day pack is ready for the kiosk."))
        : c.result.status === 1
            ? h("p", { class: "verdict bad", id: "verdict" }, _("The kiosk will not take this day pack yet: fix the problems below and check again."))
            : h("p", { class: "verdict bad", id: "verdict" }, _("The day pack could not be checked."));
    return h("main", {}, back(),
        h("h2", {}, _("Check a day pack")),
        h("p", {}, _("Choose the day pack folder (the folder called shadowday with workplace.csv in it). The files are read on this computer only.")),
        pickers(runCheck, _("Choose the pack folder"), _("Choose the pack's files")),
        c ? h("section", { class: "result" }, verdict,
              h("p", {}, fmt(_("Checked: %s"), c.root)),
              h("pre", { id: "check-output" }, c.result.text || c.result.failed || "")) : null);
}

async function makeKey() {
    const k = state.key;
    if (k.pass !== k.again) {
        setState(function () {
            k.error = _("The two passphrases differ; no key was made. Try again.\n");
            k.result = null;
            k.pass = k.again = "";
        });
        return;
    }
    const result = await busy(_("Making the key..."), "keygen", { passphrase: k.pass });
    setState(function () {
        k.error = result.rc === 0 ? "" : result.message || result.failed;
        k.result = result.rc === 0 ? result : null;
        k.pass = k.again = "";
    });
    if (result.rc === 0)
        document.getElementById("key-download").click();
}

function passwordField(id, label, get, set, extra) {
    return h("label", { class: "field" }, h("span", {}, label),
        h("input", Object.assign({ type: "password", id: id, value: get(), autocomplete: "new-password",
                                   oninput: function (e) { set(e.target.value); } }, extra || {})));
}

function keyScreen() {
    const k = state.key;
    revokeAll();
    return h("main", {}, back(),
        h("h2", {}, _("Make my key")),
        h("p", {}, _("Make the key once. The kiosks then encrypt their exports so that only your key file, opened with your passphrase, can read them.")),
        h("p", {}, _("Choose a passphrase of at least 8 characters: a few words you remember. Without the key file and the passphrase the encrypted exports cannot be read by anyone, you included.")),
        passwordField("key-pass", _("Passphrase"), function () { return k.pass; }, function (v) { k.pass = v; }),
        passwordField("key-again", _("The same passphrase again"), function () { return k.again; }, function (v) { k.again = v; }),
        button(_("Make my key"), makeKey, "big primary"),
        k.error ? h("p", { class: "verdict bad", id: "key-error" }, k.error) : null,
        k.result ? h("section", { class: "result", id: "key-result" },
            h("p", { class: "verdict good" }, _("Your key is made. Save the key file in a safe place and keep a backup copy.")),
            h("p", {}, h("span", { id: "key-download-wrap" }, (function () {
                const a = download("coordinator.key", k.result.file);
                a.id = "key-download";
                return a;
            })())),
            h("h3", {}, _("Put this line into workplace.csv of each day pack, in place of its coordinator_public_key line:")),
            copyable(k.result.line, _("The line for workplace.csv")),
            h("h3", {}, _("Key fingerprint")),
            h("p", { class: "fingerprint", id: "key-fingerprint" }, k.result.fingerprint),
            h("p", {}, _("The kiosk's admin screen shows the fingerprint of the key in its pack: check that they match."))) : null);
}

async function makePinHash() {
    const p = state.pin;
    if (p.pin !== p.again) {
        setState(function () {
            p.error = _("The two PINs differ; nothing was hashed. Try again.\n");
            p.hash = p.pin = p.again = "";
        });
        return;
    }
    const result = await busy(_("Hashing the PIN..."), "pin", { pin: p.pin });
    setState(function () {
        p.hash = result.hash || "";
        p.error = result.hash ? "" : result.message || result.failed;
        p.pin = p.again = "";
    });
}

function pinScreen() {
    const p = state.pin;
    const digits = { inputmode: "numeric", autocomplete: "off", maxlength: "12" };
    return h("main", {}, back(),
        h("h2", {}, _("PIN hash")),
        h("p", {}, _("Type the PIN (4 to 12 digits). You get the code for pin_hash in hosts.csv or admin_pin_hash in workplace.csv; the digits themselves are never stored.")),
        passwordField("pin", _("PIN"), function () { return p.pin; }, function (v) { p.pin = v; }, digits),
        passwordField("pin-again", _("The same PIN again"), function () { return p.again; }, function (v) { p.again = v; }, digits),
        button(_("Make the PIN hash"), makePinHash, "big primary"),
        p.error ? h("p", { class: "verdict bad", id: "pin-error" }, p.error) : null,
        p.hash ? h("section", { class: "result" },
            h("p", {}, _("Copy the whole line into the day pack:")),
            copyable(p.hash, _("PIN hash"))) : null);
}

/* Export folders (those with manifest.sha256) of a pick; files picked one by one as they are. */
function collectInputs(files) {
    const c = state.collect;
    const exportDirs = Array.from(new Set(files.filter(function (f) {
        return basename(f.path) === "manifest.sha256";
    }).map(function (f) { return dirname(f.path); })));
    const inExport = function (f) {
        return exportDirs.some(function (d) { return d === "" || f.path.startsWith(d + "/"); });
    };
    exportDirs.sort().forEach(function (d) {
        c.inputs.push({ path: d || ".", files: files.filter(function (f) { return d === "" || f.path.startsWith(d + "/"); }) });
    });
    let skipped = 0;
    files.filter(function (f) { return !inExport(f); }).forEach(function (f) {
        if (f.path.indexOf("/") < 0 || /\.(sdenc|txt)$/i.test(f.path))
            c.inputs.push({ path: f.path, files: [f] });
        else
            skipped++;
    });
    setState(function () { c.skipped += skipped; c.result = null; });
}

async function runCollect() {
    const c = state.collect;
    if (!c.inputs.length)
        return;
    c.result = null;
    c.error = "";
    revokeAll();
    const now = Math.floor(Date.now() / 1000);
    const result = await busy(_("Reading the exports..."), "collect", {
        inputs: c.inputs, key: c.key, passphrase: c.pass, now: now,
        offset: -new Date(now * 1000).getTimezoneOffset(),
    });
    setState(function () {
        c.pass = "";
        c.error = result.keyError ? fmt("%s: %s", c.key.path, result.keyError) : result.failed || "";
        c.result = result.keyError || result.failed ? null : result;
    });
}

function collectResult(r) {
    const decoder = new TextDecoder();
    const report = r.files.find(function (f) { return f.name === "report.html"; });
    return h("section", { class: "result", id: "collect-result" },
        h("p", { class: "verdict " + (r.problems.length ? "bad" : "good"), id: "collect-verdict" },
            fmt(NG_("%d record", "%d records", r.records), r.records) + ". " +
            (r.problems.length ? fmt(NG_("%d problem: the inputs named below were not used whole.",
                                         "%d problems: the inputs named below were not used whole.",
                                         r.problems.length), r.problems.length)
                               : _("Every input was read."))),
        r.duplicates ? h("p", {}, fmt(NG_("%d copy of a record read twice was dropped.",
                                          "%d copies of records read twice were dropped.", r.duplicates), r.duplicates)) : null,
        r.problems.length ? h("ul", { class: "problems", id: "collect-problems" },
                              r.problems.map(function (p) { return h("li", {}, p); })) : null,
        r.rc !== 0 ? h("p", { class: "verdict bad" }, _("The report could not be written.")) : null,
        r.zip ? h("p", {}, _("Download everything as one zip file, or each file on its own:")) : null,
        r.zip ? h("p", {}, (function () { const a = download("shadowday-report.zip", r.zip, "application/zip"); a.id = "download-zip"; return a; })()) : null,
        h("ul", { class: "files", id: "collect-files" }, r.files.map(function (f) {
            return h("li", {}, download(f.name, f.data, f.name.endsWith(".csv") ? "text/csv" : "text/html"));
        })),
        r.receipts.length ? h("h3", {}, _("Receipt codes: type each on its kiosk (Admin, Receipt and delete) to mark those records delivered:")) : null,
        r.receipts.length ? h("div", { class: "scroll" }, h("table", { class: "receipts", id: "receipts" },
            h("tr", {}, h("th", {}, _("Kiosk")), h("th", {}, _("Export")), h("th", {}, _("Records")), h("th", {}, _("Receipt code"))),
            r.receipts.map(function (x) {
                return h("tr", {}, h("td", {}, x.kiosk), h("td", {}, x.batch), h("td", {}, String(x.records)),
                         h("td", { class: "code" }, x.code));
            }))) : null,
        report ? h("h3", {}, _("The report")) : null,
        report ? h("iframe", { class: "report", id: "report", sandbox: "", title: _("The report"),
                               srcdoc: decoder.decode(report.data) }) : null);
}

function collectScreen() {
    const c = state.collect;
    const keyPick = h("input", { type: "file", class: "hidden", onchange: function () {
        const f = keyPick.files[0];
        setState(function () { c.key = f ? { path: f.name, file: f } : null; });
    } });
    return h("main", {}, back(),
        h("h2", {}, _("Collect")),
        h("p", {}, _("Add the export folders from the USB sticks (the folder shadowday-export, or the folders in it), encrypted export files and text files of scanned QR codes, in any order.")),
        pickers(collectInputs, _("Add export folders"), _("Add files")),
        c.inputs.length ? h("ul", { class: "inputs", id: "inputs" }, c.inputs.map(function (input, i) {
            return h("li", {}, h("span", {}, input.path),
                     button(_("Remove"), function () { setState(function () { c.inputs.splice(i, 1); c.result = null; }); }, "small"));
        })) : h("p", { class: "muted" }, _("Nothing added yet.")),
        c.skipped ? h("p", { class: "muted" }, fmt(NG_("%d file that is not an export was left out.",
                                                       "%d files that are not exports were left out.", c.skipped), c.skipped)) : null,
        h("h3", {}, _("Your key (for encrypted exports)")),
        h("label", { class: "big pick secondary" }, keyPick, c.key ? fmt(_("Key file: %s"), c.key.path) : _("Choose your key file")),
        c.key ? passwordField("collect-pass", _("Passphrase of the key file"), function () { return c.pass; }, function (v) { c.pass = v; },
                              { autocomplete: "current-password" }) : null,
        button(_("Collect"), runCollect, "big primary" + (c.inputs.length ? "" : " disabled")),
        c.error ? h("p", { class: "verdict bad", id: "collect-error" }, c.error) : null,
        c.result ? collectResult(c.result) : null);
}

const screens = { home: homeScreen, check: checkScreen, key: keyScreen, pin: pinScreen, collect: collectScreen };

/* ---------------------------------------------------------------- frame */
function header() {
    const langs = [];
    for (let i = 0; i < sd.ccall("web_language_count", "number", [], []); i++) {
        const code = sd.ccall("web_language_code", "string", ["number"], [i]);
        langs.push(h("button", { type: "button", class: "lang" + (code === state.lang ? " current" : ""), lang: code,
                                 id: "lang-" + code, onclick: function () { setLanguage(code); } },
                     sd.ccall("web_language_name", "string", ["string"], [code])));
    }
    return h("header", {},
        h("h1", {}, _("shadowday: the coordinator's tool")),
        h("nav", { class: "langs", "aria-label": _("Language") }, langs),
        h("p", { class: "version", id: "version" }, fmt(_("Version %s"), state.version)));
}

function render() {
    const root = document.getElementById("app");
    const active = document.activeElement && document.activeElement.id;
    const parts = [header(), screens[state.screen]()];
    if (state.busy)
        parts.push(h("div", { class: "busy", role: "status" }, h("p", {}, state.busy), h("progress", { id: "progress" })));
    root.replaceChildren.apply(root, parts);
    document.documentElement.lang = state.lang;
    document.title = _("shadowday: the coordinator's tool");
    if (active && document.getElementById(active))
        document.getElementById(active).focus();
}

function setLanguage(code) {
    sd.ccall("web_set_language", null, ["string"], [code]);
    state.lang = code;
    render();
}

/* The browser's languages in order; the first the catalogue has, else English. */
function browserLanguage() {
    const have = [];
    for (let i = 0; i < sd.ccall("web_language_count", "number", [], []); i++)
        have.push(sd.ccall("web_language_code", "string", ["number"], [i]));
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
    for (const w of wanted) {
        const tag = String(w).toLowerCase();
        if (have.indexOf(tag) >= 0)
            return tag;
        if (have.indexOf(tag.split("-")[0]) >= 0)
            return tag.split("-")[0];
    }
    return "en";
}

function start() {
    const moduleText = document.getElementById("sd-module").textContent;
    const workerText = document.getElementById("sd-worker").textContent;
    worker = new Worker(URL.createObjectURL(new Blob([moduleText, "\n", workerText], { type: "text/javascript" })));
    worker.onmessage = onWorkerMessage;
    sd = createShadowday({ print: function () {}, printErr: function () {} });
    state.version = sd.ccall("web_version", "string", [], []);
    setLanguage(browserLanguage());
}

start();
