import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';

/** Headless Debian Chromium with the flags that work on this machine (plus any extra flags). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** The same Chromium with a profile kept in `dir` (its IndexedDB survives the run). */
export function launchChromiumProfile(
  dir: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: CHROMIUM_ARGS,
    ...options,
  });
}
