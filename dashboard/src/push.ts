// The service worker (offline shell, Web Push) and the user's opt-in to push notifications (CONTRACTS.md).
import { api, enc } from "./api";

const SUBSCRIPTION_KEY = "cf.pushSubscriptionId";

export function registerServiceWorker() {
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("sw.js").catch(() => {});
  }
}

export function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** base64url (VAPID public key) to the bytes PushManager.subscribe wants. */
export function keyBytes(base64url: string): Uint8Array {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export function pushEnabled(): boolean {
  return !!localStorage.getItem(SUBSCRIPTION_KEY);
}

export async function enablePush(): Promise<void> {
  if (!pushSupported()) throw new Error("This browser cannot receive push notifications.");
  if ((await Notification.requestPermission()) !== "granted") throw new Error("Notifications were not allowed.");
  const { publicKey } = await api<{ publicKey: string }>("/v1/notifications/push/public-key");
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey) as BufferSource });
  const { subscriptionId } = await api<{ subscriptionId: string }>("/v1/notifications/push/subscriptions",
    { method: "POST", body: subscription.toJSON() });
  localStorage.setItem(SUBSCRIPTION_KEY, subscriptionId);
}

export async function disablePush(): Promise<void> {
  const id = localStorage.getItem(SUBSCRIPTION_KEY);
  if (id) await api("/v1/notifications/push/subscriptions/" + enc(id), { method: "DELETE" });
  localStorage.removeItem(SUBSCRIPTION_KEY);
  const registration = await navigator.serviceWorker.getRegistration();
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
}
