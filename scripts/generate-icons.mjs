// Draws the Workmate mark (white W on brand blue, as in web/lib/shell/Logo.svelte) into the PWA icons
// under static/icons/. Pure Node (zlib for PNG compression), so it runs anywhere without downloads:
//   node scripts/generate-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BRAND = [0x1f, 0x4e, 0x8c];
const WHITE = [0xff, 0xff, 0xff];
/** The W as a polyline on the logo's 32×32 grid, and its stroke width there. */
const W_POINTS = [[7.5, 10.5], [11.5, 21.5], [16, 13], [20.5, 21.5], [24.5, 10.5]];
const W_STROKE = 2.8;
const SAMPLES = 4; // per axis: 16 samples per pixel for smooth edges

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedRect(x, y, size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/**
 * @param size      icon edge in pixels
 * @param maskable  full-bleed background with the mark inside the 80 % safe zone
 */
function drawIcon(size, { maskable = false } = {}) {
  const radius = maskable ? 0 : size * 0.22;
  // The W keeps the logo's proportions; maskable icons shrink it into the safe zone.
  const markScale = (maskable ? 0.62 : 0.92) * (size / 32);
  const offset = (size - 32 * markScale) / 2;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let background = 0;
      let stroke = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const px = x + (sx + 0.5) / SAMPLES;
          const py = y + (sy + 0.5) / SAMPLES;
          if (!insideRoundedRect(px, py, size, radius)) continue;
          background++;
          const gx = (px - offset) / markScale;
          const gy = (py - offset) / markScale;
          let nearest = Infinity;
          for (let i = 0; i < W_POINTS.length - 1; i++) nearest = Math.min(nearest, distanceToSegment(gx, gy, W_POINTS[i], W_POINTS[i + 1]));
          if (nearest <= W_STROKE / 2) stroke++;
        }
      }
      const total = SAMPLES * SAMPLES;
      const i = (y * size + x) * 4;
      const mix = background === 0 ? 0 : stroke / background;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(BRAND[c] * (1 - mix) + WHITE[c] * mix);
      pixels[i + 3] = Math.round((background / total) * 255);
    }
  }
  return encodePng(size, size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../static/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
const icons = {
  'icon-192.png': drawIcon(192),
  'icon-512.png': drawIcon(512),
  'icon-maskable-512.png': drawIcon(512, { maskable: true }),
  'apple-touch-icon.png': drawIcon(180, { maskable: true }),
  'favicon.png': drawIcon(64),
};
for (const [name, png] of Object.entries(icons)) {
  writeFileSync(new URL(name, out), png);
  console.log(`static/icons/${name}  ${png.length} bytes`);
}
