import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';

/** Headless Debian Chromium with the flags that work on this machine (plus any extra flags). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
