/// <reference lib="dom" />
// (the function given to page.evaluate runs in the browser, with its DOM)
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';

/**
 * The golden timeline pictures rendered by a real browser (Debian's Chromium): each one must load
 * as an image and draw something in each of its colours, not a blank or broken picture.
 */
const goldenDirectory = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'golden');

describe('timeline SVG in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
  });

  for (const file of fs.readdirSync(goldenDirectory).filter((name) => name.endsWith('.svg'))) {
    it(`renders ${file}`, async () => {
      const svg = fs.readFileSync(path.join(goldenDirectory, file), 'utf8');
      const page = await browser.newPage();
      await page.setContent('<body style="margin:0;background:#fff"></body>');
      // Drawn through an <img> onto a canvas, the way a file viewer would show it; pixels are then counted.
      const counts = await page.evaluate(async (source: string) => {
        const image = new Image();
        image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(source)))}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.fillStyle = '#fff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        const colours = new Set<string>();
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked++;
          colours.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`);
        }
        return { width: canvas.width, height: canvas.height, inked, colours: colours.size };
      }, svg);
      await page.close();
      assert.ok(counts.width === 640 && counts.height > 100, `size ${counts.width}×${counts.height}`);
      assert.ok(counts.inked > counts.width * counts.height * 0.03, `only ${counts.inked} pixels drawn`);
      assert.ok(counts.colours > 8, `only ${counts.colours} colours: the styles did not apply`);
    });
  }
});
