// Entry of the in-page bundle (built by ../bundle.ts into one classic script).
import { PAGE_API } from '../protocol.ts';
import { install } from './camera-page.ts';
import { createMeshProbe } from './mesh-probe.ts';

(globalThis as unknown as Record<string, unknown>)[`${PAGE_API}Lib`] = { install, createMeshProbe };
