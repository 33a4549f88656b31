#!/usr/bin/env node
// Draws the app icon programmatically (no image tools needed) and writes every size electron-builder
// needs into build/: icon.png (1024), icons/NxN.png (Linux), icon.ico (Windows), icon.icns (macOS).
// Design: a dark-blue rounded square, a white position ring and an orange tracked dot with a trail.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { ROOT } from './lib/paths.mjs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes RGBA pixels as a PNG. */
export function encodePng(size, rgba) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The colour at (u, v) in unit coordinates, or null for transparent. */
function shade(u, v) {
  const r = 0.2; // corner radius of the rounded square
  const dx = Math.max(Math.abs(u - 0.5) - (0.5 - r) + 0.02, 0);
  const dy = Math.max(Math.abs(v - 0.5) - (0.5 - r) + 0.02, 0);
  if (dx * dx + dy * dy > r * r) return null;
  const dist = (x, y) => Math.hypot(u - x, v - y);
  const dot = [0.6, 0.42];
  if (dist(dot[0], dot[1]) < 0.1) return [255, 140, 26];
  // A fading trail of small dots behind the tracked object.
  for (const [i, [x, y]] of [
    [0.48, 0.58],
    [0.38, 0.68],
    [0.3, 0.76],
  ].entries()) {
    if (dist(x, y) < 0.045 - i * 0.008) return [255, 170, 80];
  }
  const ring = dist(0.5, 0.5);
  if (ring > 0.3 && ring < 0.35) return [240, 244, 250];
  if (Math.abs(u - 0.5) < 0.012 && (v < 0.2 || v > 0.8) && v > 0.1 && v < 0.9) return [240, 244, 250];
  if (Math.abs(v - 0.5) < 0.012 && (u < 0.2 || u > 0.8) && u > 0.1 && u < 0.9) return [240, 244, 250];
  const t = v;
  return [Math.round(20 + 10 * t), Math.round(60 + 30 * t), Math.round(120 + 40 * t)];
}

/** Renders the icon at `size` px with 4×4 supersampling. */
export function renderIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const o = (y * size + x) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((255 * a) / (n * n));
    }
  }
  return encodePng(size, rgba);
}

/** An ICO file whose entries are PNGs (supported since Windows Vista). */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(([size, png], i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(([, png]) => png)]);
}

/** An ICNS file with PNG payloads under their OSType codes. */
export function encodeIcns(entries) {
  const parts = entries.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((s, p) => s + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

export function makeIcons(outDir = path.join(ROOT, 'build')) {
  const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];
  const png = Object.fromEntries(sizes.map((s) => [s, renderIcon(s)]));
  mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  for (const s of sizes) writeFileSync(path.join(outDir, 'icons', `${s}x${s}.png`), png[s]);
  writeFileSync(path.join(outDir, 'icon.png'), png[1024]);
  writeFileSync(path.join(outDir, 'icon.ico'), encodeIco([16, 32, 48, 64, 128, 256].map((s) => [s, png[s]])));
  const icns = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ];
  writeFileSync(path.join(outDir, 'icon.icns'), encodeIcns(icns.map(([t, s]) => [t, png[s]])));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) makeIcons();
