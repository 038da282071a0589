// @ts-check
/**
 * Where to write a locality's name on the map, and which names fit. A polygon's centroid can fall
 * outside it (Swale's is in the Swale estuary), so a name goes at the point deepest inside the
 * polygon's largest part: a grid search for the point farthest from every edge, refined twice around
 * the best cell (the idea of Mapbox's polylabel, without the library).
 */

/** @typedef {[number, number]} Point lon, lat */
/** @typedef {Point[]} Ring */

/** Lon/lat to a plane where a unit is the same distance both ways (near the polygon). */
function projector(/** @type {number} */ lat) {
  const k = Math.cos((lat * Math.PI) / 180);
  return (/** @type {Point} */ [lon, la]) => /** @type {Point} */ ([lon * k, la]);
}

/** Twice the signed area of a ring (shoelace). */
function ringArea(/** @type {Ring} */ ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a;
}

/** Whether p lies inside the polygon (outer ring and holes), by ray casting. */
function inside(/** @type {Point} */ p, /** @type {Ring[]} */ rings) {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

/**
 * Distance from p to the nearest edge of any ring; stops early (returning a smaller value) once it
 * is clear the distance is no more than `floor`, since such a point cannot beat the best so far.
 */
function edgeDistance(/** @type {Point} */ p, /** @type {Ring[]} */ rings, floor = -1) {
  const floor2 = floor > 0 ? floor * floor : -1;
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j];
      const dx = ring[i][0] - ax;
      const dy = ring[i][1] - ay;
      const len = dx * dx + dy * dy;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len));
      const ex = ax + t * dx - p[0];
      const ey = ay + t * dy - p[1];
      best = Math.min(best, ex * ex + ey * ey);
      if (best <= floor2) return Math.sqrt(best);
    }
  }
  return Math.sqrt(best);
}

/**
 * The label point of a GeoJSON Polygon or MultiPolygon, and the area of its largest part (in
 * projected square degrees: only compared between localities, to label the larger ones first).
 * @param {{ type: string, coordinates: any }} geometry
 * @returns {{ point: Point, area: number }}
 */
export function labelPoint(geometry) {
  /** @type {Ring[][]} */
  const polygons = geometry.type === 'MultiPolygon' ? geometry.coordinates : [geometry.coordinates];
  const lat = polygons[0][0][0][1];
  const project = projector(lat);
  const k = Math.cos((lat * Math.PI) / 180);
  let rings = polygons[0].map((ring) => ring.map(project));
  let area = 0;
  for (const polygon of polygons) {
    const projected = polygon.map((ring) => ring.map(project));
    const a = Math.abs(ringArea(projected[0])) / 2;
    if (a > area) {
      area = a;
      rings = projected;
    }
  }
  // A name needs no survey precision: a few hundred points per ring find the same spot, much faster.
  rings = rings.map((ring) => {
    const step = Math.ceil(ring.length / 300);
    return step > 1 ? ring.filter((_, i) => i % step === 0) : ring;
  });
  const xs = rings[0].map((p) => p[0]);
  const ys = rings[0].map((p) => p[1]);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  /** @type {Point} */
  let best = [(x0 + x1) / 2, (y0 + y1) / 2];
  let bestDistance = inside(best, rings) ? edgeDistance(best, rings) : -1;
  for (let round = 0; round < 3; round++) {
    // A 12 x 12 grid over the whole part, then 6 x 6 over the four cells around the best point.
    const steps = round === 0 ? 12 : 6;
    const sx = (x1 - x0) / steps;
    const sy = (y1 - y0) / steps;
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) {
        /** @type {Point} */
        const p = [x0 + i * sx, y0 + j * sy];
        if (!inside(p, rings)) continue;
        const d = edgeDistance(p, rings, bestDistance);
        if (d > bestDistance) {
          bestDistance = d;
          best = p;
        }
      }
    }
    // Search again, finer, in the cells around the best point so far.
    [x0, x1, y0, y1] = [best[0] - sx, best[0] + sx, best[1] - sy, best[1] + sy];
  }
  return { point: [best[0] / k, best[1]], area };
}

/**
 * @typedef {{ left: number, top: number, right: number, bottom: number }} Box
 * @typedef {{ width: number, height: number, x: number, y: number, fits: boolean, always: boolean, area: Box }} Candidate
 *   a name of this size centred at (x, y) on screen; fits: whether it may be shown at this zoom;
 *   always: shown even over a marker when there is no clear spot (district names); area: the
 *   locality's bounding box on screen, which a name stays inside (a district name may overhang it
 *   on its own point)
 */

/**
 * Offsets tried for a name, in order: on its point, then a line or two above or below it. Not
 * beside it: a long name moved sideways lands in the next locality.
 */
const OFFSETS = (/** @type {number} */ h) => [[0, 0], [0, -(h + 4)], [0, h + 4], [0, -2 * (h + 4)], [0, 2 * (h + 4)]];

const overlaps = (/** @type {Box} */ a, /** @type {Box} */ b, /** @type {number} */ gap) =>
  a.left < b.right + gap && b.left < a.right + gap && a.top < b.bottom + gap && b.top < a.bottom + gap;

/**
 * Which names to show, and where: candidates in priority order, each at the first offset that
 * overlaps neither a name already placed nor a marker; a name that must show (`always`) and finds no
 * clear spot goes where it covers fewest markers, clear of other names; otherwise it is left out.
 * @param {Candidate[]} candidates highest priority first
 * @param {Box[]} obstacles boxes to keep clear of (the markers)
 * @param {Box} frame the map's box: a name is only placed wholly inside it
 * @param {number} [gap] pixels kept between names
 * @returns {([number, number] | null)[]} the offset of each name shown, null for one left out
 */
export function placeLabels(candidates, obstacles, frame, gap = 3) {
  const within = (/** @type {Box} */ b, /** @type {Box} */ f) => b.left >= f.left && b.right <= f.right && b.top >= f.top && b.bottom <= f.bottom;
  // A name that may be left out (an MSOA's) stays 2 px inside its locality's box: Leaflet rounds layer
  // positions to whole pixels, so the drawn outline and the drawn name can each move by a pixel from
  // where they were reckoned. A name that must show (a district's) keeps the whole box.
  const areaOf = (/** @type {Candidate} */ c) => (c.always ? c.area : { left: c.area.left + 2, right: c.area.right - 2, top: c.area.top + 2, bottom: c.area.bottom - 2 });
  /** @type {Box[]} */
  const placed = [];
  const at = (/** @type {Candidate} */ c, /** @type {number} */ dx, /** @type {number} */ dy) => ({
    left: c.x + dx - c.width / 2, right: c.x + dx + c.width / 2, top: c.y + dy - c.height / 2, bottom: c.y + dy + c.height / 2,
  });
  return candidates.map((c) => {
    if (!c.fits) return null;
    for (const [dx, dy] of OFFSETS(c.height)) {
      const box = at(c, dx, dy);
      if (!within(box, frame) || ((dx || dy || !c.always) && !within(box, areaOf(c))) || placed.some((b) => overlaps(box, b, gap)) || obstacles.some((b) => overlaps(box, b, 0))) continue;
      placed.push(box);
      return /** @type {[number, number]} */ ([dx, dy]);
    }
    if (!c.always) return null;
    // No clear spot: the one covering fewest markers, among those clear of other names.
    let best = null;
    let fewest = Infinity;
    for (const [dx, dy] of OFFSETS(c.height)) {
      const box = at(c, dx, dy);
      if (!within(box, frame) || ((dx || dy) && !within(box, areaOf(c))) || placed.some((b) => overlaps(box, b, gap))) continue;
      const covered = obstacles.filter((b) => overlaps(box, b, 0)).length;
      if (covered < fewest) [best, fewest] = [{ box, offset: /** @type {[number, number]} */ ([dx, dy]) }, covered];
    }
    if (!best) return null;
    placed.push(best.box);
    return best.offset;
  });
}
