import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium } from '../test/e2e/support/chromium';

/**
 * Renders the tray / menu bar icons in resources/tray from the app icon's ⇄ mark (resources/icon.svg):
 * `trayTemplate.png` for macOS (black on transparent; the name makes it a template image that
 * follows a light or dark menu bar) and `tray.png` (the app's blue tile) for Windows and Linux, each
 * at 16 px and 32 px (@2x). Run with `npx tsx scripts/render-tray-icons.ts` after changing the mark.
 */
const ARROWS = 'M64 96h104l-24-24M192 160H88l24 24';

const template = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="16 16 224 224">
  <path d="${ARROWS}" fill="none" stroke="#000" stroke-width="26" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
const tile = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">
  <rect width="256" height="256" rx="56" fill="#0b5cad"/>
  <path d="${ARROWS}" fill="none" stroke="#fff" stroke-width="24" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  for (const [name, svg] of [
    ['trayTemplate', template],
    ['tray', tile],
  ] as const) {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ] as const) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`,
      );
      const png = await page.locator('svg').screenshot({ omitBackground: true });
      await writeFile(join('resources', 'tray', `${name}${suffix}.png`), png);
    }
  }
} finally {
  await browser.close();
}
