import type { CatalogueItem, Catalogue } from '../core/study-config/schema.ts';

/** Items of a catalogue by id. The built-in RecGaze catalogue (1.1 MB) is loaded on demand. */
export async function loadCatalogue(catalogue: Catalogue): Promise<Map<number, CatalogueItem>> {
  const items: CatalogueItem[] =
    catalogue.kind === 'inline' ? catalogue.items : ((await import('./recgaze/catalogue.json')).default.items as CatalogueItem[]);
  return new Map(items.map((item) => [item.id, item]));
}
