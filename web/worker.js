/*
 * worker.js - the page's worker: runs the WebAssembly module (the core, compiled from the same C
 * as the CLI) away from the screen, so the page stays responsive and its progress bar moves.
 *
 * It only moves files and calls: the picked File objects are mounted read-only in the module's
 * file system (WORKERFS reads them when the C code does, nothing is copied first), each job
 * calls the entry points of src/web/web_api.h, and the files the C code wrote are sent back.
 * No parsing, no formats here. Messages: {id, op, ...} in; {id, progress} and {id, result} out.
 */
"use strict";

let sd = null;          /* the module */
let output = [];        /* stdout and stderr of the current job */
let run = 0;            /* a fresh folder per job */

function call(name, ret, types, args) {
    return sd.ccall(name, ret, types, args);
}

function progress(id, done, total) {
    postMessage({ id: id, progress: { done: done, total: total } });
}

/* The picked files of one input under /<area>/<n>/, as their relative paths. */
function mount(area, files) {
    const dir = "/" + area + "/" + (++run);
    sd.FS.mkdirTree(dir);
    const blobs = files.map(function (f) { return { name: f.path, data: f.file }; });
    sd.FS.mount(sd.FS.filesystems.WORKERFS, { blobs: blobs }, dir);
    return dir;
}

function unmount(dir) {
    try { sd.FS.unmount(dir); } catch (e) { /* already gone */ }
}

/* Every regular file of dir, as {name, data} with the bytes transferred, not copied. */
function readOut(dir) {
    return sd.FS.readdir(dir).filter(function (name) {
        return name[0] !== "." && sd.FS.isFile(sd.FS.stat(dir + "/" + name).mode);
    }).sort().map(function (name) {
        return { name: name, data: sd.FS.readFile(dir + "/" + name).buffer };
    });
}

function removeTree(dir) {
    try {
        sd.FS.readdir(dir).forEach(function (name) {
            if (name !== "." && name !== "..")
                sd.FS.unlink(dir + "/" + name);
        });
        sd.FS.rmdir(dir);
    } catch (e) { /* nothing left to remove */ }
}

const jobs = {
    /* `shadowday pack check` on the picked folder: its text and exit code. */
    check: function (msg) {
        const dir = mount("pack", msg.files);
        output = [];
        sd.FS.chdir(dir);
        const status = call("web_pack_check", "number", ["string"], [msg.root]);
        sd.FS.chdir("/");
        unmount(dir);
        return { status: status, text: output.join("\n") };
    },

    /* A new key pair; the key file's bytes come back for the download, nothing stays here. */
    keygen: function (msg) {
        const dir = "/keygen/" + (++run);
        sd.FS.mkdirTree(dir);
        const rc = call("web_keygen", "number", ["string", "string"], [dir + "/coordinator.key", msg.passphrase]);
        const result = { rc: rc, message: call("web_message", "string", [], []) };
        if (rc === 0) {
            result.file = sd.FS.readFile(dir + "/coordinator.key").buffer;
            result.line = call("web_key_line", "string", [], []);
            result.fingerprint = call("web_key_fingerprint", "string", [], []);
        }
        removeTree(dir);
        return result;
    },

    pin: function (msg) {
        const hash = call("web_pin_hash", "string", ["string"], [msg.pin]);
        return { hash: hash, message: hash ? "" : call("web_message", "string", [], []) };
    },

    /* Collect: the key first (nothing is read with a wrong one), then input by input. */
    collect: function (msg) {
        let keyPath = "", keyDir = null;
        if (msg.key) {
            keyDir = mount("key", [msg.key]);
            keyPath = keyDir + "/" + msg.key.path;
        }
        const begun = call("web_collect_begin", "number", ["string", "string"], [keyPath, msg.passphrase || ""]);
        if (keyDir)
            unmount(keyDir);
        if (begun !== 0)
            return { keyError: call("web_key_describe", "string", ["number"], [begun]) };
        const total = msg.inputs.length;
        msg.inputs.forEach(function (input, i) {
            progress(msg.id, i, total + 1);
            const dir = mount("in", input.files);
            sd.FS.chdir(dir);
            call("web_collect_add", "number", ["string"], [input.path]);
            sd.FS.chdir("/");
            unmount(dir);
        });
        progress(msg.id, total, total + 1);
        const out = "/out/" + (++run);
        sd.FS.mkdirTree("/out");
        const rc = call("web_collect_write", "number", ["string", "number", "number"], [out, msg.now, msg.offset]);
        const result = {
            rc: rc,
            records: call("web_collect_record_count", "number", [], []),
            duplicates: call("web_collect_duplicate_count", "number", [], []),
            problems: [], receipts: [], files: [],
        };
        for (let i = 0; i < call("web_collect_problem_count", "number", [], []); i++)
            result.problems.push(call("web_collect_problem", "string", ["number"], [i]));
        for (let i = 0; i < call("web_collect_receipt_count", "number", [], []); i++)
            result.receipts.push({
                kiosk: call("web_collect_receipt_kiosk", "string", ["number"], [i]),
                batch: call("web_collect_receipt_batch", "string", ["number"], [i]),
                records: call("web_collect_receipt_records", "number", ["number"], [i]),
                code: call("web_collect_receipt_code", "string", ["number"], [i]),
            });
        call("web_collect_end", null, [], []);
        if (rc === 0) {
            result.files = readOut(out);
            const zip = "/out/" + run + ".zip";
            if (call("web_zip_dir", "number", ["string", "string", "number"], [out, zip, msg.now]) === 0) {
                result.zip = sd.FS.readFile(zip).buffer;
                sd.FS.unlink(zip);
            }
        }
        removeTree(out);
        return result;
    },
};

function transferables(result) {
    const list = [];
    if (result.file) list.push(result.file);
    if (result.zip) list.push(result.zip);
    (result.files || []).forEach(function (f) { list.push(f.data); });
    return list;
}

let ready = null;

onmessage = function (e) {
    const msg = e.data;
    ready.then(function () {
        call("web_set_language", null, ["string"], [msg.lang || "en"]);
        let result;
        try {
            result = jobs[msg.op](msg);
        } catch (err) {
            result = { failed: String(err && err.message || err) };
        }
        postMessage({ id: msg.id, result: result }, transferables(result));
    });
};

/* The module compiles from its inlined bytes at once (-sWASM_ASYNC_COMPILATION=0). */
ready = Promise.resolve().then(function () {
    sd = createShadowday({
        print: function (line) { output.push(line); },
        printErr: function (line) { output.push(line); },
    });
});
