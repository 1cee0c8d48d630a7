// Draws app/apple-icon.png from app/icon.svg (Next's icon file conventions): run `node scripts/generate-app-icons.mjs`
// after changing the SVG, and commit both. iOS rounds the corners itself and shows transparency as black, so the
// PNG is full-bleed: the SVG's transparent corners are filled with its background colour. sharp comes with Next.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

const svg = await readFile(new URL('../app/icon.svg', import.meta.url));
await sharp(svg, { density: 72 * (180 / 64) })
  .resize(180, 180)
  .flatten({ background: '#4338ca' })
  .png({ compressionLevel: 9 })
  .toFile(new URL('../app/apple-icon.png', import.meta.url).pathname);
