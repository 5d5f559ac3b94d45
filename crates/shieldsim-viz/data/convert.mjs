// Converts Natural Earth 1:110m land outlines and country borders (npm `world-atlas` 2.x, public domain
// data packaged by Mike Bostock) into `world110m.bin`, the compact file that shieldsim-viz embeds.
//
// Run once (the output is committed; cargo never runs this):
//   mkdir -p /tmp/wa && cd /tmp/wa && npm init -y && npm install world-atlas@2 topojson-client@3
//   NODE_PATH=/tmp/wa/node_modules node crates/shieldsim-viz/data/convert.mjs /tmp/wa/node_modules/world-atlas \
//       crates/shieldsim-viz/data/world110m.bin
//
// Coastlines = the mesh of every arc of land-110m (each outline once), cut where it runs along or jumps across the
// antimeridian, so no straight line is drawn along the map frame or across the map. Borders = the mesh of arcs shared by two different countries (a !== b) of
// countries-110m, i.e. land borders only (coasts are not repeated). Land polygons = the rings of land-110m, for the
// land fill.
//
// Format (all little-endian):
//   magic  "SSWM" (4 bytes), version u16 = 1, polyline count u32,
//   then per polyline: kind u8 (0 = coastline, 1 = country border, 2 = land polygon outer ring, 3 = land polygon
//                      hole ring; rings have continuous longitudes that may pass ±180 and are closed along the pole
//                      when they encircle it, so they can be filled),
//                      point count u32,
//                      points as (lon, lat) pairs of i16 in hundredths of a degree.
// Coordinates are rounded to 0.01°; consecutive duplicate points are dropped, polylines of < 2 points skipped.
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const topojson = require('topojson-client');

const [atlasDir, outFile] = process.argv.slice(2);
if (!atlasDir || !outFile) {
  console.error('usage: node convert.mjs <world-atlas dir> <output .bin>');
  process.exit(2);
}
const load = (name) => JSON.parse(fs.readFileSync(path.join(atlasDir, name), 'utf8'));

const q = (v) => Math.round(v * 100);
// Artificial edges of outlines: both ends on the same side of the antimeridian (lon = ±180, the cut Natural Earth
// makes there), or a jump of more than 180° in longitude (a segment that crosses the antimeridian would otherwise
// be drawn across the whole map).
const artificial = (a, b) =>
  (Math.abs(a[0]) >= 17999 && Math.abs(b[0]) >= 17999 && Math.sign(a[0]) === Math.sign(b[0])) ||
  Math.abs(a[0] - b[0]) > 18000;

function quantise(lines, kind, splitArtificial) {
  const out = [];
  for (const line of lines) {
    let cur = [];
    for (const p of line) {
      const qp = [q(p[0]), q(p[1])];
      const last = cur[cur.length - 1];
      if (last && last[0] === qp[0] && last[1] === qp[1]) continue;
      if (splitArtificial && last && artificial(last, qp)) {
        if (cur.length >= 2) out.push({ kind, pts: cur });
        cur = [qp];
        continue;
      }
      cur.push(qp);
    }
    if (cur.length >= 2) out.push({ kind, pts: cur });
  }
  return out;
}

// Land rings for filling: longitudes made continuous (a ring crossing the antimeridian then extends past ±180; the
// renderer draws copies shifted by ±360° and clips them), and a ring that winds once around the globe (Antarctica)
// is closed along its pole so that it fills the polar cap in an equirectangular projection.
function unwrapRing(ring) {
  const out = [];
  for (const p of ring) {
    const prev = out[out.length - 1];
    let lon = p[0];
    if (prev) lon = prev[0] + ((((lon - prev[0] + 180) % 360) + 360) % 360) - 180;
    out.push([lon, p[1]]);
  }
  // Shift by whole turns so the westernmost longitude is in [-180, 180) (keeps values in the i16 range).
  const minLon = Math.min(...out.map((p) => p[0]));
  const turn = -360 * Math.floor((minLon + 180) / 360);
  for (const p of out) p[0] += turn;
  const first = out[0];
  const last = out[out.length - 1];
  if (Math.abs(last[0] - first[0]) > 180) {
    const meanLat = out.reduce((s, p) => s + p[1], 0) / out.length;
    const pole = meanLat < 0 ? -90 : 90;
    out.push([last[0], pole], [first[0], pole]);
  }
  return out;
}

const land = load('land-110m.json');
const countries = load('countries-110m.json');
const coast = topojson.mesh(land, land.objects.land).coordinates;
const borders = topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b).coordinates;
const rings = { outer: [], hole: [] };
for (const f of topojson.feature(land, land.objects.land).features) {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys) poly.forEach((ring, i) => (i === 0 ? rings.outer : rings.hole).push(unwrapRing(ring)));
}
const lines = [
  ...quantise(coast, 0, true),
  ...quantise(borders, 1, true),
  ...quantise(rings.outer, 2, false),
  ...quantise(rings.hole, 3, false),
];

let size = 4 + 2 + 4;
for (const l of lines) size += 1 + 4 + 4 * l.pts.length;
const buf = Buffer.alloc(size);
let o = buf.write('SSWM', 0, 'ascii');
o = buf.writeUInt16LE(1, o);
o = buf.writeUInt32LE(lines.length, o);
for (const l of lines) {
  o = buf.writeUInt8(l.kind, o);
  o = buf.writeUInt32LE(l.pts.length, o);
  for (const [x, y] of l.pts) {
    o = buf.writeInt16LE(x, o);
    o = buf.writeInt16LE(y, o);
  }
}
fs.writeFileSync(outFile, buf);
const n = (k) => lines.filter((l) => l.kind === k);
console.log(
  `${outFile}: ${n(0).length} coastlines, ${n(1).length} border lines, ` +
    `${n(2).length} land rings, ${n(3).length} holes, ${lines.reduce((s, l) => s + l.pts.length, 0)} points, ${size} bytes`,
);
