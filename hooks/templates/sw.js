// Tin Xã: reading without a connection. The build writes this file to the site root as sw.js, with SITE
// filled in by hooks/offline.py (this deploy's version, the page shell, the newest posts, the budget).
// Our own code, not Workbox: the few strategies below fit in one file anyone can read, with no build
// step and no library ten times its size to keep up to date.
//
// Pages: network first, so a reader online always gets the page just published; without a connection,
// the saved copy (marked data-tx-saved, which makes the page show its banner), else the offline page.
// Published photos (named by their content, so never stale): from the phone when saved. Other images (a
// logo the commune may replace), scripts and styles: network first. Everything within SITE.budget.
"use strict";

const SITE = /* SITE */ {};
const SCOPE = new URL("./", self.location).href;
// Project sites share their origin (owner.github.io/xa-a/ and /xa-b/), and so their caches: each site's
// names carry its path, so one site's deploy never deletes or counts another's.
const PREFIX = "tinxa-" + new URL(SCOPE).pathname + "-";
const SHELL = PREFIX + "shell-" + SITE.version; // this deploy's shell and newest posts; the next deploy replaces it
const SAVED = PREFIX + "saved"; // what the reader opened: kept across deploys, oldest dropped first past the budget
// Kept for reading later: pages, photos, and the scripts and styles they load; never sound files, documents
// or feeds (a 50 MB bulletin opened once would be read whole into memory, then dropped as too big).
const KEPT_TYPES = /^(text\/html|image\/|text\/css|(text|application)\/javascript)/;
const at = (path) => new URL(path, SCOPE).href;
const digests = new Map([...SITE.shell, ...SITE.posts].map(([path, digest]) => [at(path), digest]));
const pinned = new Set(digests.keys());

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) =>
        Promise.all([
          // A shell file missing (a deploy half done) fails the install: the last worker stays, and the
          // browser tries this one again on a later visit.
          ...SITE.shell.map(([path, digest]) =>
            keep(cache, path, digest).then((kept) => {
              if (!kept) throw new Error("not kept: " + path);
            }),
          ),
          ...SITE.posts.map(([path, digest]) => keep(cache, path, digest, false)), // the unchanged ones, from the phone
        ]),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const saved = await caches.open(SAVED);
      for (const name of await caches.keys()) {
        if (!name.startsWith(PREFIX + "shell-") || name === SHELL) continue;
        // The last deploy's pages this one no longer keeps (older posts) stay readable if the reader opened them;
        // those only saved ahead of time go with their deploy.
        const old = await caches.open(name);
        for (const request of await old.keys()) {
          const response = await old.match(request);
          if (!pinned.has(request.url) && response.headers.has("X-Tinxa-Seen")) await saved.put(request, response);
        }
        await caches.delete(name);
      }
      // Scripts and styles a reader's pages loaded may have changed with this deploy: fetched again now, while
      // the connection that brought this worker lasts; the old copy stays if that fails (a page offline with
      // last week's script still works, one without any does not).
      for (const request of await saved.keys()) {
        const response = await saved.match(request);
        if (/^(text\/html|image\/)/.test(response.headers.get("Content-Type") || "")) continue;
        const fresh = await fetch(request, { cache: "no-cache" }).catch(() => null);
        if (fresh && usable(fresh)) await save(request.url, fresh);
      }
      await trim();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const path = request.url.startsWith(SCOPE) ? new URL(request.url).pathname.slice(new URL(SCOPE).pathname.length) : null;
  if (request.method !== "GET" || path === null || request.headers.has("Range")) return; // other sites, uploads, video
  if (SITE.passThrough.some((prefix) => path.startsWith(prefix)) || request.referrer.startsWith(at("admin/"))) return;
  if (SITE.passThroughSuffixes.some((suffix) => path.endsWith(suffix))) return;
  if (request.mode === "navigate") event.respondWith(page(event));
  else if (request.destination === "image" && SITE.immutable.some((prefix) => path.startsWith(prefix))) event.respondWith(photo(event));
  else event.respondWith(asset(event));
});

self.addEventListener("message", (event) => {
  const reply = (value) => event.ports[0] && event.ports[0].postMessage(value);
  const data = event.data || {};
  if (data.type === "seen") {
    // The first page, opened before this worker ran, with the photos on its first screen: saved now,
    // from the browser's own cache where it can.
    const urls = [pageKey(String(data.url)), ...(data.photos || [])]
      .map(String)
      .filter((url) => url.startsWith(SCOPE) && !url.startsWith(at("admin/")) && !url.startsWith(at(SITE.search)));
    const kept = (url, response) => (usable(response) ? save(url, response, digests.get(url), true) : 0);
    event.waitUntil(Promise.all(urls.map((url) => fetch(url).then((response) => kept(url, response)).catch(() => 0))));
  } else if (data.type === "precache") {
    event.waitUntil(precachePosts().then(status).then(reply));
  } else if (data.type === "status") {
    event.waitUntil(status().then(reply));
  }
});

// A page is kept under its address without the query: a link shared on Facebook comes back with
// "?fbclid=…", and must still find the page saved from a plain link.
function pageKey(url) {
  return url.split("#")[0].split("?")[0];
}

// Network first: online, the page just published. A page gone from the site (404, 410: a withdrawn notice)
// is forgotten. On a connection too weak to answer within SITE.patience, the saved copy, updated meanwhile.
async function page(event) {
  const key = pageKey(event.request.url);
  const network = fetch(event.request).then((response) => {
    // Search results need the index, which is not kept: a saved search page could only say "không tìm thấy".
    if (usable(response) && !key.startsWith(at(SITE.search))) event.waitUntil(save(key, response.clone(), digests.get(key), true));
    if (response.status === 404 || response.status === 410) event.waitUntil(forget(key));
    return response;
  });
  event.waitUntil(network.catch(() => null));
  const copy = await saved(key);
  if (!copy) return network.catch(async () => (await offlinePage()) || Response.error());
  const slow = new Promise((resolve) => setTimeout(resolve, SITE.patience, null));
  return Promise.race([network, slow]).then((response) => response || copy, () => copy);
}

async function forget(url) {
  for (const name of await ours()) await (await caches.open(name)).delete(url);
}

async function photo(event) {
  const cached = await saved(event.request.url);
  if (cached) return cached;
  const response = await fetch(event.request);
  if (usable(response)) event.waitUntil(save(event.request.url, response.clone()));
  return response;
}

async function asset(event) {
  const url = event.request.url;
  try {
    const response = await fetch(event.request);
    if (usable(response) && !pinned.has(url) && !(await caches.match(url))) event.waitUntil(save(url, response.clone()));
    return response;
  } catch (error) {
    return (await saved(url)) || Response.error();
  }
}

function usable(response) {
  return response.ok && response.type === "basic";
}

// This deploy's copy first, then what the reader opened. (Looked up by name: a worker a new deploy has
// replaced, still finishing a page, must not bring back its deleted cache.)
async function saved(url) {
  return (await caches.match(url, { cacheName: SHELL })) || (await caches.match(url, { cacheName: SAVED }));
}

// The offline page in place of a page not saved: its links are written for its own address, so they are
// read from there (<base>) while the address bar keeps the page asked for, to try again later.
async function offlinePage() {
  const cached = await caches.match(at(SITE.offline), { cacheName: SHELL });
  if (!cached) return null;
  const html = (await cached.text()).replace(/<head\b[^>]*>/i, (head) => `${head}<base href="${at(SITE.offline)}">`);
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Keeps one response, with its size, time and title in headers of our own (X-Tinxa-*), which the budget
// and the offline page's list of saved pages read. A page is marked as a saved copy; ``seen``: the reader
// opened it (kept past its deploy), rather than it being saved ahead of time.
async function save(url, response, digest = "", seen = false) {
  const type = response.headers.get("Content-Type") || "";
  const pinnedHere = pinned.has(url);
  if (!pinnedHere && !KEPT_TYPES.test(type)) return 0;
  if (!pinnedHere && Number(response.headers.get("Content-Length")) > SITE.budget / 4) return 0; // before reading it
  let body = await response.blob();
  const headers = { "Content-Type": type, "X-Tinxa-Time": String(Date.now()) };
  if (type.startsWith("text/html")) {
    let html = await body.text();
    const title = /<title>([^<]*)<\/title>/i.exec(html);
    if (title) headers["X-Tinxa-Title"] = encodeURIComponent(title[1]);
    html = html.replace(/<html\b/i, '<html data-tx-saved=""');
    body = new Blob([html], { type });
  }
  if (digest) headers["X-Tinxa-Digest"] = digest;
  if (seen) headers["X-Tinxa-Seen"] = "1";
  headers["X-Tinxa-Size"] = String(body.size);
  const name = pinnedHere ? SHELL : SAVED;
  if (name === SHELL && !(await caches.has(SHELL))) return 0; // replaced by a new deploy meanwhile
  if (name === SAVED && body.size > SITE.budget / 4) return 0; // one huge file would push out everything else
  await (await caches.open(name)).put(url, new Response(body, { headers }));
  if (name === SAVED) await trim();
  return body.size;
}

// One shell entry: already here, or unchanged since the last deploy (same digest), or downloaded afresh.
async function keep(cache, path, digest, download = true) {
  const url = at(path);
  if (await cache.match(url)) return true;
  const previous = await caches.match(url);
  if (previous && previous.headers.get("X-Tinxa-Digest") === digest) {
    await cache.put(url, previous);
    return true;
  }
  if (!download) return false;
  const response = await fetch(url, { cache: "no-cache" }); // fresh, yet only revalidated when unchanged
  if (!usable(response)) return false;
  await save(url, response, digest);
  return true;
}

let postsDone = null;

// The newest posts' pages (text only), once the worker runs, unless the connection saves data.
function precachePosts() {
  const connection = self.navigator.connection;
  if (connection && (connection.saveData || /2g/.test(connection.effectiveType))) return Promise.resolve();
  postsDone =
    postsDone ||
    caches.open(SHELL).then(async (cache) => {
      const done = await Promise.all(SITE.posts.map(([path, digest]) => keep(cache, path, digest).catch(() => false)));
      if (done.includes(false)) postsDone = null; // a lost connection: tried again on the next page
    });
  return postsDone;
}

let trimming = Promise.resolve();
let queued = null;

// Past the budget, what the reader opened goes, oldest first: photos (and scripts) before any page, since a
// page without its photos still reads; the shell and newest posts stay. One pass at a time, and the photos
// of one page saved meanwhile share the next pass.
function trim() {
  if (!queued) {
    queued = trimming.then(() => {
      queued = null;
      return trimNow();
    });
    trimming = queued.catch(() => {});
  }
  return queued;
}

async function trimNow() {
  let total = 0;
  const entries = [];
  for (const name of await ours()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const headers = (await cache.match(request)).headers;
      const size = Number(headers.get("X-Tinxa-Size")) || 0;
      total += size;
      const page = headers.has("X-Tinxa-Title") ? 1 : 0;
      if (name === SAVED) entries.push({ request, size, page, time: Number(headers.get("X-Tinxa-Time")) || 0 });
    }
  }
  const cache = await caches.open(SAVED);
  for (const entry of entries.sort((a, b) => a.page - b.page || a.time - b.time)) {
    if (total <= SITE.budget) break;
    await cache.delete(entry.request);
    total -= entry.size;
  }
}

// This worker's caches that exist: caches.open() would bring back a shell a newer deploy has deleted.
async function ours() {
  return (await caches.has(SHELL)) ? [SHELL, SAVED] : [SAVED];
}

// What is saved: version, pages and bytes. No page asks; the tests do, and so can anyone debugging a phone.
async function status() {
  const posts = await Promise.all(SITE.posts.map(([path]) => caches.match(at(path), { cacheName: SHELL })));
  let bytes = 0;
  for (const name of await ours()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) bytes += Number((await cache.match(request)).headers.get("X-Tinxa-Size")) || 0;
  }
  return { version: SITE.version, posts: posts.filter(Boolean).length, bytes, budget: SITE.budget };
}
