// Catalogue items for drawing posters, loaded once per catalogue (the built-in one is 1.1 MB).
import { useEffect, useState } from 'react';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import type { Catalogue, CatalogueItem } from '../../../core/study-config/schema.ts';

const cache = new Map<string, Promise<Map<number, CatalogueItem>>>();

export function useCatalogueItems(catalogue: Catalogue | null): ReadonlyMap<number, CatalogueItem> | null {
  const key = catalogue ? JSON.stringify(catalogue) : null;
  const [items, setItems] = useState<{ key: string; items: Map<number, CatalogueItem> } | null>(null);
  useEffect(() => {
    if (!catalogue || !key) return;
    let live = true;
    let p = cache.get(key);
    if (!p) {
      p = loadCatalogue(catalogue);
      cache.set(key, p);
    }
    p.then(
      (m) => live && setItems({ key, items: m }),
      () => cache.delete(key),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the catalogue's content
  }, [key]);
  return items && items.key === key ? items.items : null;
}
