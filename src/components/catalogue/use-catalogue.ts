// The one catalogue hook: items of a study's catalogue by id, for the studio and the analysis view.
// The built-in catalogue (1.1 MB) is loaded once, on demand (stimuli/catalogue.ts caches it); an
// inline catalogue's map is built once per items array.
import { useEffect, useState } from 'react';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import type { Catalogue, CatalogueItem } from '../../../core/study-config/schema.ts';

const inlineMaps = new WeakMap<readonly CatalogueItem[], ReadonlyMap<number, CatalogueItem>>();

function inlineMap(items: readonly CatalogueItem[]): ReadonlyMap<number, CatalogueItem> {
  let map = inlineMaps.get(items);
  if (!map) inlineMaps.set(items, (map = new Map(items.map((i) => [i.id, i]))));
  return map;
}

/** Items by id, or null while the built-in catalogue loads (or when there is no catalogue). */
export function useCatalogue(catalogue: Catalogue | null): ReadonlyMap<number, CatalogueItem> | null {
  const builtinId = catalogue?.kind === 'builtin' ? catalogue.id : null;
  const [loaded, setLoaded] = useState<{ id: string; items: ReadonlyMap<number, CatalogueItem> } | null>(null);
  useEffect(() => {
    if (!builtinId) return;
    let live = true;
    loadCatalogue({ kind: 'builtin', id: builtinId }).then(
      (items) => live && setLoaded({ id: builtinId, items }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [builtinId]);
  if (catalogue?.kind === 'inline') return inlineMap(catalogue.items);
  return loaded && loaded.id === builtinId ? loaded.items : null;
}
