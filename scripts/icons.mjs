#!/usr/bin/env node
// `node scripts/icons.mjs`: the platform icons from resources/icon.svg, written into resources/ and
// committed (so a release build needs no SVG renderer): icons/NxN.png for Linux, icon.png (1024 px),
// icon.ico (Windows, 16–256 px) and icon.icns (macOS, 16–1024 px). Run it again after changing the SVG;
// `--check` (run by test/unit/packaging/icons.test.ts) fails while the committed files are stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const resources = fileURLToPath(new URL('../resources/', import.meta.url));
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function renderIcons(svg = readFileSync(join(resources, 'icon.svg'))) {
  const png = (size) =>
    Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
  const master = png(1024);
  return {
    'icon.png': master,
    'icon.ico': png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true),
    'icon.icns': png2icons.createICNS(master, png2icons.BICUBIC2, 0),
    ...Object.fromEntries(LINUX_SIZES.map((size) => [`icons/${size}x${size}.png`, png(size)])),
  };
}

if (process.argv.includes('--check')) {
  // Exit 1 when a committed icon differs from what the SVG renders to (or is missing).
  const stale = Object.entries(renderIcons()).filter(([name, bytes]) => {
    try {
      return !readFileSync(join(resources, name)).equals(bytes);
    } catch {
      return true;
    }
  });
  for (const [name] of stale) console.error(`resources/${name} is stale: run node scripts/icons.mjs`);
  process.exit(stale.length ? 1 : 0);
} else {
  mkdirSync(join(resources, 'icons'), { recursive: true });
  for (const [name, bytes] of Object.entries(renderIcons())) {
    writeFileSync(join(resources, name), bytes);
    console.log(`resources/${name}  ${bytes.length} B`);
  }
}
