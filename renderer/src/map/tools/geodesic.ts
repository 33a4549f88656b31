/**
 * Geodesics on the WGS84 ellipsoid for the measure tool and range rings: Vincenty's inverse and
 * direct formulae (1975), accurate to about 0.5 mm. Within about half a degree of the antipode the
 * inverse iteration may not converge; there the answer is the great circle on the mean sphere
 * (R = 6,371,008.8 m), marked `exact: false`: its distance is within 0.6 % of the geodesic's (the
 * sphere's radius lies within 0.6 % of the ellipsoid's radii of curvature; near the antipode, 0.1 %).
 */

const A = 6_378_137;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const RAD = Math.PI / 180;
/** Mean Earth radius (IUGG), for the spherical fallback. */
const MEAN_RADIUS_M = 6_371_008.8;

/** The answer of the inverse problem: distance and azimuths (degrees true, 0 ≤ x < 360). */
export interface GeodesicInverse {
  distanceM: number;
  /** Azimuth of the geodesic at the first point (the initial bearing). */
  initialBearing: number;
  /** Azimuth of the geodesic at the second point, continuing onward (the final bearing). */
  finalBearing: number;
  /** false where Vincenty's iteration did not converge and the spherical answer stands in. */
  exact: boolean;
}

/** The answer of the direct problem. */
export interface GeodesicPoint {
  lat: number;
  lon: number;
  /** Azimuth of the geodesic at the point reached (degrees true, 0 ≤ x < 360). */
  bearing: number;
}

/** Degrees in [0, 360). */
function azimuth(rad: number): number {
  const d = (rad / RAD) % 360;
  const a = d < 0 ? d + 360 : d;
  return a >= 360 ? 0 : a;
}

/** Radians in [-π, π]. */
function wrapPi(rad: number): number {
  return Math.atan2(Math.sin(rad), Math.cos(rad));
}

/** Reduced latitude U of a geodetic latitude: [sin U, cos U]. */
function reduced(latRad: number): [number, number] {
  const tanU = (1 - F) * Math.tan(latRad);
  const cosU = 1 / Math.sqrt(1 + tanU * tanU);
  return [tanU * cosU, cosU];
}

/** Vincenty's A and B series for u² = cos²α (a² − b²) / b². */
function series(cosSqAlpha: number): { a: number; b: number } {
  const uSq = (cosSqAlpha * (A * A - B * B)) / (B * B);
  return {
    a: 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq))),
    b: (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq))),
  };
}

function deltaSigma(b: number, sinS: number, cosS: number, cos2Sm: number): number {
  const c2 = cos2Sm * cos2Sm;
  return (
    b * sinS * (cos2Sm + (b / 4) * (cosS * (-1 + 2 * c2) - (b / 6) * cos2Sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * c2)))
  );
}

/** The great circle on the mean sphere (the fallback near the antipode). */
export function sphericalInverse(lat1: number, lon1: number, lat2: number, lon2: number): GeodesicInverse {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const dl = wrapPi((lon2 - lon1) * RAD);
  const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  const d = 2 * Math.atan2(Math.sqrt(h), Math.sqrt(Math.max(0, 1 - h)));
  const bearing = (pa: number, pb: number, l: number) =>
    Math.atan2(Math.sin(l) * Math.cos(pb), Math.cos(pa) * Math.sin(pb) - Math.sin(pa) * Math.cos(pb) * Math.cos(l));
  return {
    distanceM: d * MEAN_RADIUS_M,
    initialBearing: azimuth(bearing(p1, p2, dl)),
    finalBearing: azimuth(bearing(p2, p1, -dl) + Math.PI),
    exact: false,
  };
}

/** Distance and bearings from (lat1, lon1) to (lat2, lon2) along the geodesic, in degrees and metres. */
export function geodesicInverse(lat1: number, lon1: number, lat2: number, lon2: number): GeodesicInverse {
  const L = wrapPi((lon2 - lon1) * RAD);
  const [sinU1, cosU1] = reduced(lat1 * RAD);
  const [sinU2, cosU2] = reduced(lat2 * RAD);
  const antipodal = Math.abs(L) > Math.PI / 2 || Math.abs(lat2 - lat1) > 90;
  let lambda = L;
  let sinL = 0;
  let cosL = 0;
  let sinS = 0;
  let cosS = 0;
  let sigma = 0;
  let sinAlpha = 0;
  let cosSqAlpha = 1;
  let cos2Sm = 0;
  for (let i = 0; ; i++) {
    if (i >= 200) return sphericalInverse(lat1, lon1, lat2, lon2);
    sinL = Math.sin(lambda);
    cosL = Math.cos(lambda);
    const x = cosU1 * sinU2 - sinU1 * cosU2 * cosL;
    const sinSqS = (cosU2 * sinL) ** 2 + x * x;
    cosS = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    if (sinSqS < 1e-24) {
      // The same point, or exact antipodes (whose geodesics are many: the sphere answers).
      if (cosS > 0) return { distanceM: 0, initialBearing: 0, finalBearing: 0, exact: true };
      return sphericalInverse(lat1, lon1, lat2, lon2);
    }
    sinS = Math.sqrt(sinSqS);
    sigma = Math.atan2(sinS, cosS);
    sinAlpha = (cosU1 * cosU2 * sinL) / sinS;
    cosSqAlpha = 1 - sinAlpha * sinAlpha;
    // On the equator cos²α is 0 and cos 2σm is undefined; its term drops out.
    cos2Sm = cosSqAlpha !== 0 ? cosS - (2 * sinU1 * sinU2) / cosSqAlpha : 0;
    const C = (F / 16) * cosSqAlpha * (4 + F * (4 - 3 * cosSqAlpha));
    const previous = lambda;
    lambda = L + (1 - C) * F * sinAlpha * (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
    if ((antipodal ? Math.abs(lambda) - Math.PI : Math.abs(lambda)) > Math.PI)
      return sphericalInverse(lat1, lon1, lat2, lon2);
    if (Math.abs(lambda - previous) < 1e-12) break;
  }
  const { a, b } = series(cosSqAlpha);
  const s = B * a * (sigma - deltaSigma(b, sinS, cosS, cos2Sm));
  const a1 = Math.atan2(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL);
  const a2 = Math.atan2(cosU1 * sinL, -sinU1 * cosU2 + cosU1 * sinU2 * cosL);
  return { distanceM: s, initialBearing: azimuth(a1), finalBearing: azimuth(a2), exact: true };
}

/**
 * The point `distanceM` metres from (lat, lon) along the geodesic leaving at `bearing` degrees true;
 * its longitude continues from `lon` (not wrapped to ±180).
 */
export function geodesicDirect(lat: number, lon: number, bearing: number, distanceM: number): GeodesicPoint {
  const a1 = bearing * RAD;
  const sinA1 = Math.sin(a1);
  const cosA1 = Math.cos(a1);
  const [sinU1, cosU1] = reduced(lat * RAD);
  const sigma1 = Math.atan2(sinU1 / cosU1, cosA1);
  const sinAlpha = cosU1 * sinA1;
  const cosSqAlpha = 1 - sinAlpha * sinAlpha;
  const { a, b } = series(cosSqAlpha);
  const first = distanceM / (B * a);
  let sigma = first;
  let sinS = 0;
  let cosS = 0;
  let cos2Sm = 0;
  for (let i = 0; i < 100; i++) {
    cos2Sm = Math.cos(2 * sigma1 + sigma);
    sinS = Math.sin(sigma);
    cosS = Math.cos(sigma);
    const previous = sigma;
    sigma = first + deltaSigma(b, sinS, cosS, cos2Sm);
    if (Math.abs(sigma - previous) < 1e-12) break;
  }
  cos2Sm = Math.cos(2 * sigma1 + sigma);
  sinS = Math.sin(sigma);
  cosS = Math.cos(sigma);
  const x = sinU1 * sinS - cosU1 * cosS * cosA1;
  const lat2 = Math.atan2(sinU1 * cosS + cosU1 * sinS * cosA1, (1 - F) * Math.sqrt(sinAlpha * sinAlpha + x * x));
  const lambda = Math.atan2(sinS * sinA1, cosU1 * cosS - sinU1 * sinS * cosA1);
  const C = (F / 16) * cosSqAlpha * (4 + F * (4 - 3 * cosSqAlpha));
  const L = lambda - (1 - C) * F * sinAlpha * (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
  return { lat: lat2 / RAD, lon: lon + L / RAD, bearing: azimuth(Math.atan2(sinAlpha, -x)) };
}

/** Makes longitudes continuous (each step under 180°), so Leaflet draws a line across ±180 the short way. */
export function unwrapLons(points: [number, number][]): [number, number][] {
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]![1];
    let lon = points[i]![1];
    while (lon - prev > 180) lon -= 360;
    while (lon - prev < -180) lon += 360;
    points[i]![1] = lon;
  }
  return points;
}

/**
 * [lat, lon] points along the geodesic from the first point to the second (both included), for
 * drawing; longitudes are continuous from the first point's.
 */
export function geodesicPath(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  segments = 64,
): [number, number][] {
  const inv = geodesicInverse(lat1, lon1, lat2, lon2);
  const points: [number, number][] = [[lat1, lon1]];
  for (let i = 1; i < segments; i++) {
    const p = geodesicDirect(lat1, lon1, inv.initialBearing, (inv.distanceM * i) / segments);
    points.push([p.lat, p.lon]);
  }
  points.push([lat2, lon2]);
  return unwrapLons(points);
}

/** [lat, lon] points of the circle of geodesic radius `radiusM` around (lat, lon), closed (first = last). */
export function geodesicCircle(lat: number, lon: number, radiusM: number, segments = 90): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i <= segments; i++) {
    const p = geodesicDirect(lat, lon, (360 * i) / segments, radiusM);
    points.push([p.lat, p.lon]);
  }
  return unwrapLons(points);
}
