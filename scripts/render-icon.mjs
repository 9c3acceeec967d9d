// Renders images/icon.svg to images/icon.png (128×128, what the Marketplace shows) in Debian's
// headless Chromium, so the icon is drawn from its source rather than kept as an opaque binary.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const svg = readFileSync('images/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: 'images/icon.png', omitBackground: true });
await browser.close();
console.log('wrote images/icon.png');
