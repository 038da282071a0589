// @ts-check
/**
 * The Leaflet map: locality polygons drawn from the service's GeoJSON on a plain background (no
 * tiles: the service runs without internet), and provisions as keyboard-focusable markers.
 */
import * as L from './vendor/leaflet/leaflet-src.esm.js';
import { h } from './dom.js';
import { labelPoint, placeLabels } from './labels.js';

/** Minimum distance between marker centres, in screen pixels: markers are 24 px targets. */
const MARKER_SPACING = 26;
/**
 * A map narrower than this (a phone) gathers markers closer than CLUSTER_PX into one numbered
 * marker that zooms in when picked, and writes a locality's name only where no marker covers it:
 * fanned out at that size, Kent's 57 markers would cover most districts and their names. Wider maps
 * fan close markers apart, so each stays its own target.
 */
const CLUSTER_BELOW_PX = 600;
const CLUSTER_PX = 30;

export class PlannerMap {
  /** @param {HTMLElement} element */
  constructor(element) {
    this.map = L.map(element, { zoomSnap: 0.25, keyboard: true, attributionControl: true });
    this.map.attributionControl.setPrefix('Leaflet');
    this.map.attributionControl.addAttribution('Boundaries: ONS/OS &copy; Crown copyright 2016');
    /** @type {any} */
    this.localityLayer = null;
    /** @type {{ marker: any, latlng: any, kind: string, id: string }[]} */
    this.markers = [];
    this.markerLayer = L.layerGroup().addTo(this.map);
    this.clusterLayer = L.layerGroup().addTo(this.map);
    // Names sit above the shading and under the markers, and never catch a click or a tab: the
    // table beside the map gives screen-reader and keyboard users every locality's name and figures.
    this.map.createPane('labels');
    const pane = /** @type {HTMLElement} */ (this.map.getPane('labels'));
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
    pane.setAttribute('aria-hidden', 'true');
    this.labelLayer = L.layerGroup().addTo(this.map);
    /** @type {{ marker: any, level: string, latlng: any, bounds: any, area: number }[]} */
    this.labels = [];
    this.labelKey = '';
    /** @type {Map<string, { point: [number, number], area: number }>} label points by level and code, computed once */
    this.labelPoints = new Map();
    this.map.on('zoomend', () => this.declutter());
    this.map.on('resize', () => this.declutter());
    this.map.on('zoomend moveend resize', () => this.placeLabels());
    // Leaflet closes popups on Escape only while the map container itself has focus; a popup's
    // content or a marker has it when the popup was opened from the keyboard.
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.map.closePopup();
    });
  }

  /**
   * Draws the localities, replacing any drawn before, and fits the map to them.
   * @param {any} collection a GeoJSON FeatureCollection from GET /localities
   * @param {(code: string) => string} fill colour for a locality code
   * @param {(props: any) => string} describe tooltip text for a locality
   */
  setLocalities(collection, fill, describe) {
    this.localityLayer?.remove();
    this.localityLayer = L.geoJSON(collection, {
      style: (/** @type {any} */ feature) => ({ color: '#3b3b3b', weight: 1.2, fillColor: fill(feature?.properties.code), fillOpacity: 0.85 }),
      onEachFeature: (/** @type {any} */ feature, /** @type {any} */ layer) => {
        layer.bindTooltip(() => describe(feature.properties), { sticky: true });
      },
    }).addTo(this.map);
    if (!this.fitted) {
      // Clear of the zoom buttons (top left) and the attribution (bottom right), so that no marker
      // starts under a control, where it could not be picked.
      this.map.fitBounds(this.localityLayer.getBounds(), { paddingTopLeft: [52, 8], paddingBottomRight: [8, 22] });
      this.fitted = true;
      this.fitZoom = this.map.getZoom();
    }
    this.localityLayer.bringToBack();
    this.tagPaths();
  }

  /**
   * Writes locality names on the map: district names always (where they fit), MSOA names once the
   * map is zoomed in far enough for each to fit inside its MSOA; a name that would overlap one
   * already written (districts first, then larger areas first) is left out at that zoom.
   * @param {{ level: 'district' | 'msoa', collection: any }[]} layers
   */
  setLabels(layers) {
    const key = layers.map((l) => `${l.level}:${l.collection.features.length}`).join(',');
    if (key === this.labelKey) return;
    this.labelKey = key;
    this.labelLayer.clearLayers();
    this.labels = layers.flatMap(({ level, collection }) =>
      collection.features.map((/** @type {any} */ feature) => {
        const { code, name } = feature.properties;
        const id = `${level}:${code}`;
        let spot = this.labelPoints.get(id);
        if (!spot) this.labelPoints.set(id, (spot = labelPoint(feature.geometry)));
        const latlng = L.latLng(spot.point[1], spot.point[0]);
        const marker = L.marker(latlng, {
          pane: 'labels',
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: `locality-label label-${level}`, html: h('span', {}, name), iconSize: [0, 0] }),
        }).addTo(this.labelLayer);
        marker.getElement()?.setAttribute('data-label', code);
        return { marker, level, latlng, bounds: L.geoJSON(feature).getBounds(), area: spot.area };
      }),
    );
    const rank = (/** @type {string} */ level) => (level === 'district' ? 0 : 1);
    this.labels.sort((a, b) => rank(a.level) - rank(b.level) || b.area - a.area);
    this.placeLabels();
  }

  /** Shows the names that fit at this zoom, clear of the markers where they can be, and hides the rest. */
  placeLabels() {
    if (!this.labels.length || !this.map._loaded) return;
    const detailed = this.labels.some((l) => l.level === 'msoa') && this.map.getZoom() >= (this.fitZoom ?? 0) + 1;
    const spans = this.labels.map((l) => /** @type {HTMLElement | undefined} */ (l.marker.getElement()?.firstElementChild));
    const candidates = this.labels.map((l, i) => {
      const width = spans[i]?.offsetWidth ?? 0;
      const height = spans[i]?.offsetHeight ?? 0;
      const p = this.map.latLngToContainerPoint(l.latlng);
      const nw = this.map.latLngToContainerPoint(l.bounds.getNorthWest());
      const se = this.map.latLngToContainerPoint(l.bounds.getSouthEast());
      const area = { left: nw.x, top: nw.y, right: se.x, bottom: se.y };
      if (l.level === 'district') return { width, height, x: p.x, y: p.y, fits: !detailed, always: true, area };
      return { width, height, x: p.x, y: p.y, fits: se.x - nw.x >= width + 4 && se.y - nw.y >= 2 * height, always: false, area };
    });
    const origin = this.map.getContainer().getBoundingClientRect();
    const shown = [...this.getContainer().querySelectorAll('.provision-marker, .cluster-marker')];
    const obstacles = shown.flatMap((el) => {
      const r = el.getBoundingClientRect();
      return r.width ? [{ left: r.left - origin.left, right: r.right - origin.left, top: r.top - origin.top, bottom: r.bottom - origin.top }] : [];
    });
    const size = this.map.getSize();
    // On a phone no name goes under a marker: one with no clear spot is left out at this zoom (the table names it).
    if (this.narrow()) for (const c of candidates) c.always = false;
    placeLabels(candidates, obstacles, { left: 0, top: 0, right: size.x, bottom: size.y }).forEach((offset, i) => {
      const el = this.labels[i].marker.getElement();
      el?.classList.toggle('label-hidden', !offset);
      if (offset && spans[i]) spans[i].style.transform = `translate(calc(-50% + ${offset[0]}px), calc(-50% + ${offset[1]}px))`;
    });
  }

  /**
   * Outlines one locality (the one a reader picked), or none; the others keep their thin outline.
   * @param {string | null} code
   */
  highlight(code) {
    this.highlighted = code;
    this.localityLayer?.eachLayer((/** @type {any} */ layer) => {
      const on = layer.feature.properties.code === code;
      layer.setStyle({ weight: on ? 4 : 1.2, color: on ? '#0b0c0c' : '#3b3b3b' });
      if (on) layer.bringToFront();
      layer.getElement?.()?.toggleAttribute('data-highlighted', on);
    });
  }

  getContainer() {
    return this.map.getContainer();
  }

  narrow() {
    return this.map.getContainer().clientWidth < CLUSTER_BELOW_PX;
  }

  /** Marks each SVG path with its locality code and fill, so tests and styles can find them. */
  tagPaths() {
    this.localityLayer?.eachLayer((/** @type {any} */ layer) => {
      const path = layer.getElement?.();
      if (!path) return;
      path.setAttribute('data-locality', layer.feature.properties.code);
      path.setAttribute('data-fill', layer.options.fillColor);
    });
  }

  /**
   * Replaces the provision markers.
   * @param {{ id: string, kind: string, name: string, title?: string, location: { lat: number, lon: number } }[]} provisions
   *   title: the marker's name for screen readers and tooltips, when "Kind: name" does not say enough
   * @param {(p: any) => HTMLElement} popup content for a provision
   */
  setProvisions(provisions, popup) {
    this.markerLayer.clearLayers();
    this.markers = provisions.map((p) => {
      const latlng = L.latLng(p.location.lat, p.location.lon);
      const kindName = { 'special-school': 'Special school', srp: 'SRP', satellite: 'Satellite', opened: 'Opened by the scenario' }[p.kind] ?? p.kind;
      const marker = L.marker(latlng, {
        icon: this.icon(p.kind, [0, 0]),
        title: p.title ?? `${kindName}: ${p.name}`,
        keyboard: true,
        riseOnHover: true,
      });
      marker.bindPopup(() => popup(p), { maxWidth: 340 });
      // Keyboard and screen-reader users land in the popup and return to the marker after it.
      marker.on('popupopen', (/** @type {any} */ e) => e.popup.getElement()?.querySelector('[tabindex="-1"]')?.focus());
      marker.on('popupclose', (/** @type {any} */ e) => {
        if (e.popup.getElement()?.contains(document.activeElement)) marker.getElement()?.focus();
      });
      marker.addTo(this.markerLayer);
      const entry = { marker, latlng, kind: p.kind, id: p.id };
      this.label(entry);
      return entry;
    });
    this.declutter();
  }

  /** @param {{ marker: any, id: string }} entry */
  label(entry) {
    const el = entry.marker.getElement();
    el?.setAttribute('aria-label', `${entry.marker.options.title}. Press Enter for details.`);
    el?.setAttribute('data-provision', entry.id);
  }

  /**
   * @param {string} kind
   * @param {[number, number]} offset pixels from the true position
   */
  icon(kind, offset) {
    const cls = { 'special-school': 'marker-special', srp: 'marker-srp', satellite: 'marker-satellite', 'plan-build': 'marker-build' }[kind] ?? 'marker-opened';
    return L.divIcon({ className: `provision-marker ${cls}`, html: '<span></span>', iconSize: [24, 24], iconAnchor: [12 - offset[0], 12 - offset[1]] });
  }

  /**
   * The markers to show at this zoom, with their true positions on screen: every marker on a wide
   * map; on a narrow one, markers within CLUSTER_PX of a group's first marker are gathered into one
   * numbered marker at their centre, which zooms in on them when picked.
   * @returns {{ home: { x: number, y: number }, place: (offset: [number, number]) => void }[]}
   */
  visibleMarkers() {
    this.clusterLayer.clearLayers();
    const home = this.markers.map((m) => this.map.latLngToLayerPoint(m.latlng));
    const own = (/** @type {number} */ i) => ({
      home: home[i],
      place: (/** @type {[number, number]} */ offset) => {
        const entry = this.markers[i];
        if (!this.markerLayer.hasLayer(entry.marker)) this.markerLayer.addLayer(entry.marker);
        entry.marker.setIcon(this.icon(entry.kind, offset));
        this.label(entry);
      },
    });
    if (!this.narrow()) return this.markers.map((_, i) => own(i));
    // Leader clustering: each marker joins the first group whose leader is within CLUSTER_PX, else
    // leads a new one. Unlike single linkage it cannot chain a town's markers into its neighbour's.
    /** @type {{ leader: { x: number, y: number }, members: number[] }[]} */
    const groups = [];
    home.forEach((p, i) => {
      const near = groups.find((g) => Math.hypot(g.leader.x - p.x, g.leader.y - p.y) < CLUSTER_PX);
      if (near) near.members.push(i);
      else groups.push({ leader: { x: p.x, y: p.y }, members: [i] });
    });
    return groups.map(({ members }) => {
      if (members.length === 1) return own(members[0]);
      for (const i of members) this.markerLayer.removeLayer(this.markers[i].marker);
      const centre = { x: members.reduce((t, i) => t + home[i].x, 0) / members.length, y: members.reduce((t, i) => t + home[i].y, 0) / members.length };
      const bounds = L.latLngBounds(members.map((i) => this.markers[i].latlng));
      const title = `${members.length} provisions close together`;
      const marker = L.marker(this.map.layerPointToLatLng(L.point(centre.x, centre.y)), { icon: this.clusterIcon(members.length, [0, 0]), keyboard: true, title });
      const zoomIn = () => {
        // Far enough in for the group to fit the map, and at least two steps.
        const zoom = Math.min(this.map.getMaxZoom(), Math.max(this.map.getBoundsZoom(bounds), this.map.getZoom() + 2));
        this.map.setView(bounds.getCenter(), zoom);
      };
      marker.on('click', zoomIn);
      marker.addTo(this.clusterLayer);
      return {
        home: centre,
        place: (/** @type {[number, number]} */ offset) => {
          marker.setIcon(this.clusterIcon(members.length, offset));
          const el = marker.getElement();
          el?.setAttribute('aria-label', `${title}. Press Enter to zoom in on them.`);
          el?.setAttribute('data-cluster', String(members.length));
          // Enter or Space on the focused group zooms in, as a click does.
          el?.addEventListener('keydown', (event) => {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            zoomIn();
          });
        },
      };
    });
  }

  /** @param {number} n @param {[number, number]} offset */
  clusterIcon(n, offset) {
    return L.divIcon({ className: 'cluster-marker', html: `<span>${n}</span>`, iconSize: [28, 28], iconAnchor: [14 - offset[0], 14 - offset[1]] });
  }

  /**
   * Pushes apart markers whose squares come closer than MARKER_SPACING on screen (pairwise, a few rounds), and off
   * the map's controls, so every marker stays a separate 24 px target at every zoom level; each moves as little as
   * it can. On a phone, close markers are first gathered into one (visibleMarkers).
   */
  declutter() {
    if (!this.markers.length || !this.map._loaded) return;
    this.map.getContainer().dataset.zoom = String(this.map.getZoom());
    const items = this.visibleMarkers();
    const home = items.map((m) => m.home);
    const at = home.map((p) => ({ x: p.x, y: p.y }));
    // The map's own controls (zoom buttons, attribution) are targets too: markers keep off them.
    const origin = this.map.getContainer().getBoundingClientRect();
    const controls = [...this.map.getContainer().querySelectorAll('.leaflet-control')].map((el) => {
      const r = el.getBoundingClientRect();
      const topLeft = this.map.containerPointToLayerPoint([r.left - origin.left, r.top - origin.top]);
      return { left: topLeft.x, top: topLeft.y, right: topLeft.x + r.width, bottom: topLeft.y + r.height };
    });
    const half = MARKER_SPACING / 2;
    for (let round = 0; round < 300; round++) {
      let moved = false;
      for (const p of at) {
        for (const c of controls) {
          if (p.x + half <= c.left || p.x - half >= c.right || p.y + half <= c.top || p.y - half >= c.bottom) continue;
          // Out by the shortest way: right, down, left or up.
          const ways = [c.right + half - p.x, c.bottom + half - p.y, p.x - (c.left - half), p.y - (c.top - half)];
          const way = ways.indexOf(Math.min(...ways));
          if (way === 0) p.x = c.right + half;
          else if (way === 1) p.y = c.bottom + half;
          else if (way === 2) p.x = c.left - half;
          else p.y = c.top - half;
          moved = true;
        }
      }
      for (let i = 0; i < at.length; i++) {
        for (let j = i + 1; j < at.length; j++) {
          const a = at[i], b = at[j];
          const dx = b.x - a.x, dy = b.y - a.y;
          // Square targets overlap unless apart by a full side along x or y: push along the wider gap.
          const alongX = Math.abs(dx) >= Math.abs(dy);
          const gap = alongX ? Math.abs(dx) : Math.abs(dy);
          if (gap >= MARKER_SPACING) continue;
          const sign = (alongX ? dx : dy) === 0 ? (j % 2 ? 1 : -1) : Math.sign(alongX ? dx : dy);
          const push = ((MARKER_SPACING - gap) / 2 + 0.25) * sign;
          if (alongX) { a.x -= push; b.x += push; } else { a.y -= push; b.y += push; }
          moved = true;
        }
      }
      if (!moved) break;
    }
    items.forEach((item, i) => item.place([at[i].x - home[i].x, at[i].y - home[i].y]));
    this.placeLabels();
  }
}
