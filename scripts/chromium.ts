/**
 * Debian's chromium, launched headless the one way this project does it (benchmarks, screenshots and the
 * browser tests): never a downloaded browser, no sandbox, no GPU, no network of its own.
 */
import type { Browser } from "playwright-core";

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** The flags every headless run uses; `extra` adds to them. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/**
 * A headless Debian chromium (playwright-core is imported only when called).
 * @example const browser = await launchChromium(); try { … } finally { await browser.close(); }
 */
export async function launchChromium(extra: readonly string[] = []): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extra] });
}
