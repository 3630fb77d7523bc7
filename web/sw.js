// Portal Satu Data Kaltim's service worker (served as /sw.js by web/offline.py): the pages a reader opened last
// open again without a network.
// - Pages, the app's layout and dependencies and the callbacks' answers: network first, the last copy when the
//   network fails. Only answers the server lets a browser keep (no `no-store`: an anonymous reader's) are kept,
//   each with the time it was saved; a POSTed callback is kept under the digest of its body.
// - Fingerprinted scripts and styles: cache first (their address changes with their content).
// - Signing out (a POST to /auth/keluar) deletes every cache of the worker.
"use strict";

const VERSION = "portal-1";
const PAGES = `${VERSION}-pages`;
const STATIC = `${VERSION}-static`;
const LIMITS = { [PAGES]: 120, [STATIC]: 80 };
const SAVED = "X-Portal-Saved";
const CALLBACK = "/_dash-update-component";
const APP = ["/_dash-layout", "/_dash-dependencies", "/favicon.ico", "/manifest.webmanifest"];
// Dash writes a version into a component suite's file name (name.v4_0_0m1712345678.min.js); assets carry ?m=.
const FINGERPRINTED = /\.v[\w-]+m\d+\.|[?&]m=\d/;
const OFFLINE_PAGE =
  '<!doctype html><html lang="id"><meta charset="utf-8"><meta name="viewport" content="width=device-width,' +
  'initial-scale=1"><title>Luring · Satu Data Kaltim</title><body style="font-family:sans-serif;max-width:40rem;' +
  'margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">Halaman ini belum tersimpan untuk dibaca ' +
  'luring.</h1><p lang="en">This page has not been saved for offline reading.</p><p><a href="/">Ringkasan ' +
  "Eksekutif</a></p></body></html>";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => !k.startsWith(`${VERSION}-`)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function storable(response) {
  const control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !/no-store/i.test(control);
}

async function keep(cacheName, key, response) {
  if (!storable(response)) return;
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  headers.set(SAVED, new Date().toISOString());
  const copy = new Response(await response.blob(), { status: response.status, headers });
  const cache = await caches.open(cacheName);
  await cache.delete(key, { ignoreVary: true, ignoreSearch: false });
  await cache.put(key, copy);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - LIMITS[cacheName])).map((k) => cache.delete(k)));
}

async function saved(key) {
  return caches.match(key, { ignoreVary: true });
}

async function tell(clientId, response) {
  const client = clientId && (await self.clients.get(clientId));
  if (client) client.postMessage({ portal: "offline", saved: response.headers.get(SAVED) });
}

async function networkFirst(event, key, fallback) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keep(PAGES, key, response.clone()));
    return response;
  } catch (error) {
    const found = await saved(key);
    if (found) {
      event.waitUntil(tell(event.clientId, found));
      return found;
    }
    if (fallback) return fallback();
    throw error;
  }
}

async function cacheFirst(event) {
  const found = await saved(event.request);
  if (found) return found;
  const response = await fetch(event.request);
  event.waitUntil(keep(STATIC, event.request, response.clone()));
  return response;
}

async function digest(text) {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function answer(event) {
  const key = new Request(`${self.location.origin}/_sw/callback/${await digest(await event.request.clone().text())}`);
  return networkFirst(event, key);
}

function offlinePage() {
  return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function forget() {
  const keys = await caches.keys();
  await Promise.all(keys.map((k) => caches.delete(k)));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/auth/keluar") {
    event.waitUntil(forget());
    return;
  }
  if (request.method === "POST" && url.pathname.endsWith(CALLBACK)) {
    event.respondWith(answer(event));
    return;
  }
  if (request.method !== "GET") return;
  if (FINGERPRINTED.test(url.pathname + url.search)) {
    event.respondWith(cacheFirst(event));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(event, request, offlinePage));
  } else if (APP.includes(url.pathname) || url.pathname.startsWith("/_dash-component-suites/")) {
    event.respondWith(networkFirst(event, request));
  }
});

// The page names what it loaded before the worker controlled it (a reader's first visit): keep those too.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.portalKeep) || [];
  event.waitUntil(
    Promise.all(
      urls
        .map((u) => new URL(u, self.location.origin))
        .filter((u) => u.origin === self.location.origin)
        .map((u) =>
          fetch(u, { credentials: "same-origin" })
            .then((r) => keep(FINGERPRINTED.test(u.pathname + u.search) ? STATIC : PAGES, u.href, r))
            .catch(() => undefined),
        ),
    ),
  );
});
