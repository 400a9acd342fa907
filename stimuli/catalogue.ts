import type { CatalogueItem, Catalogue } from '../core/study-config/schema.ts';

let builtin: Promise<ReadonlyMap<number, CatalogueItem>> | null = null;

/** Items of a catalogue by id. The built-in RecGaze catalogue (1.1 MB) is loaded once, on demand, and shared. */
export async function loadCatalogue(catalogue: Catalogue): Promise<ReadonlyMap<number, CatalogueItem>> {
  if (catalogue.kind === 'inline') return new Map(catalogue.items.map((item) => [item.id, item]));
  builtin ??= import('./recgaze/catalogue.json').then((m) => new Map((m.default.items as CatalogueItem[]).map((item) => [item.id, item])));
  // A failed load (a chunk that did not arrive) is tried again next time.
  builtin.catch(() => (builtin = null));
  return builtin;
}
