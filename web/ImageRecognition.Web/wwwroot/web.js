// The few things the UI does in the browser: its time zone, arrow keys on the photo page, and maps.

export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

// Arrow keys and Escape anywhere on the page, except while typing or while a dialog is open.
let keyHandler = null;
export function listenForKeys(dotnet) {
  stopListeningForKeys();
  keyHandler = (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    if (!["ArrowLeft", "ArrowRight", "Escape"].includes(e.key)) return;
    const t = e.target;
    if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
    if (document.querySelector(".mud-dialog-container")) return;
    e.preventDefault();
    dotnet.invokeMethodAsync("OnKey", e.key);
  };
  document.addEventListener("keydown", keyHandler);
}
export function stopListeningForKeys() {
  if (keyHandler) document.removeEventListener("keydown", keyHandler);
  keyHandler = null;
}

export function focus(element) {
  if (element) element.focus();
}

// Leaflet is loaded on the first map only, from the app's own files (wwwroot/lib, restored from npm).
let leafletLoading = null;
function load(tag, attributes) {
  return new Promise((resolve, reject) => {
    const el = document.createElement(tag);
    Object.assign(el, attributes);
    el.onload = resolve;
    el.onerror = () => reject(new Error("Could not load " + (attributes.src || attributes.href)));
    document.head.appendChild(el);
  });
}
function ensureLeaflet() {
  if (window.L && window.L.markerClusterGroup) return Promise.resolve();
  leafletLoading ??= Promise.all([
    load("link", { rel: "stylesheet", href: "/_content/ImageRecognition.Web/lib/leaflet/leaflet.css" }),
    load("link", { rel: "stylesheet", href: "/_content/ImageRecognition.Web/lib/leaflet.markercluster/MarkerCluster.css" }),
    load("link", { rel: "stylesheet", href: "/_content/ImageRecognition.Web/lib/leaflet.markercluster/MarkerCluster.Default.css" }),
    load("script", { src: "/_content/ImageRecognition.Web/lib/leaflet/leaflet.js" })
      .then(() => load("script", { src: "/_content/ImageRecognition.Web/lib/leaflet.markercluster/leaflet.markercluster.js" })),
  ]).catch((e) => { leafletLoading = null; throw e; });
  return leafletLoading;
}

function tiles(map) {
  window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  }).addTo(map);
}

const maps = new WeakMap();
function reset(element) {
  const old = maps.get(element);
  if (old) old.remove();
}

// The user's photos with GPS, as round thumbnails, clustered; a click opens the photo.
export async function placesMap(element, places) {
  await ensureLeaflet();
  const L = window.L;
  reset(element);
  const map = L.map(element, { worldCopyJump: true });
  maps.set(element, map);
  tiles(map);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 60 });
  for (const p of places) {
    const icon = L.divIcon({
      className: "place-marker",
      html: `<img src="/ui/photos/${p.photoId}/thumbnail" alt="" loading="lazy">`,
      iconSize: [48, 48],
      iconAnchor: [24, 24],
    });
    const marker = L.marker([p.latitude, p.longitude], { icon, title: p.fileName, alt: p.fileName, keyboard: true });
    marker.on("click", () => { window.location.href = `/photos/${p.photoId}`; });
    cluster.addLayer(marker);
  }
  map.addLayer(cluster);
  if (places.length === 1) map.setView([places[0].latitude, places[0].longitude], 13);
  else if (places.length > 1) map.fitBounds(cluster.getBounds(), { padding: [40, 40], maxZoom: 15 });
  else map.setView([20, 0], 2);
  return places.length;
}

// One point, small, on the photo page.
export async function pointMap(element, latitude, longitude, label) {
  await ensureLeaflet();
  const L = window.L;
  reset(element);
  const map = L.map(element, { scrollWheelZoom: false, attributionControl: true }).setView([latitude, longitude], 13);
  maps.set(element, map);
  tiles(map);
  L.marker([latitude, longitude], { title: label, alt: label }).addTo(map);
}

export function disposeMap(element) {
  reset(element);
  maps.delete(element);
}
