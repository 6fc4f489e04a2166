#!/usr/bin/env node
// Renders assets/icon.svg to the PNG icons the installers and the tray need, at build time, so
// only the SVG is kept in git. electron-builder turns the large PNGs into .icns (macOS) and .ico
// (Windows) itself; Linux takes the folder of NxN.png. Uses @resvg/resvg-js: no system rasteriser.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Writes build/icons/NxN.png for every size and dist/icons/tray.png; returns the files written. */
export function makeIcons(outDir = join(root, 'build', 'icons'), trayDir = join(root, 'dist', 'icons')) {
  const svg = readFileSync(join(root, 'assets', 'icon.svg'));
  const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  mkdirSync(outDir, { recursive: true });
  mkdirSync(trayDir, { recursive: true });
  const written = ICON_SIZES.map((size) => {
    const file = join(outDir, `${size}x${size}.png`);
    writeFileSync(file, render(size));
    return file;
  });
  const tray = join(trayDir, 'tray.png');
  writeFileSync(tray, render(32));
  return [...written, tray];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = makeIcons();
  console.log(`wrote ${files.length} icons from assets/icon.svg (build/icons, dist/icons/tray.png)`);
}
