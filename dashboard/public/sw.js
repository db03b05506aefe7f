// CreatorFlow service worker: keeps the app shell for offline use (the API is never cached) and shows Web Push
// notifications ({"title","body","url","kind","severity"}), opening their url on click.
const SHELL = "creatorflow-shell-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(["./", "./index.html", "./manifest.webmanifest",
    "./icon.svg"])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.includes("/v1/")
      || url.pathname.includes("/local/") || url.pathname.endsWith("config.json")) {
    return;
  }
  // Network first, so a new build shows at once; the cached copy when offline.
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(SHELL).then((cache) => cache.put(event.request, copy));
    }
    return response;
  }).catch(() => caches.match(event.request).then((hit) => hit || caches.match("./index.html"))));
});

self.addEventListener("push", (event) => {
  let message = {};
  try { message = event.data ? event.data.json() : {}; } catch (e) { message = { body: event.data && event.data.text() }; }
  const title = message.title || "CreatorFlow";
  event.waitUntil(self.registration.showNotification(title, {
    body: message.body || "", tag: message.kind || undefined, icon: "icon.svg",
    requireInteraction: message.severity === "URGENT", data: { url: message.url || "./#attention" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url || "./", self.registration.scope).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((w) => w.url.startsWith(self.registration.scope));
    return open ? open.navigate(target).then((w) => (w || open).focus()) : self.clients.openWindow(target);
  }));
});
