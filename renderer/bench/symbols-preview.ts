// Shows the symbol atlas (every kind at every heading) enlarged, to look at the symbols by eye.
import { createSymbolAtlas } from '../src/map/layers/symbols.js';

for (const [dpr, outline, bg] of [
  [4, '#ffffff', '#f4f1e8'],
  [4, '#0b0f14', '#2a2f36'],
] as const) {
  const atlas = createSymbolAtlas(dpr, outline);
  const src = atlas.sheet;
  if (!src) continue;
  const canvas = document.createElement('canvas');
  canvas.width = src.width;
  canvas.height = src.height;
  canvas.style.background = bg;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(src.width, src.height);
  new Uint32Array(img.data.buffer).set(src.px);
  ctx.putImageData(img, 0, 0);
  document.body.append(canvas);
}
