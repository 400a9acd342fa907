import { useEffect, useMemo, useState } from 'react';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import type { Catalogue, CatalogueItem } from '../../../core/study-config/schema.ts';

let builtin: Promise<Map<number, CatalogueItem>> | null = null;

/** Items of the study's catalogue by id (the built-in one is loaded once, on demand). */
export function useCatalogue(catalogue: Catalogue): Map<number, CatalogueItem> | null {
  const inline = useMemo(() => (catalogue.kind === 'inline' ? new Map(catalogue.items.map((i) => [i.id, i])) : null), [catalogue]);
  const [loaded, setLoaded] = useState<Map<number, CatalogueItem> | null>(null);
  useEffect(() => {
    if (catalogue.kind !== 'builtin') return;
    let live = true;
    builtin ??= loadCatalogue({ kind: 'builtin', id: 'recgaze' });
    void builtin.then((map) => live && setLoaded(map));
    return () => {
      live = false;
    };
  }, [catalogue.kind]);
  return inline ?? loaded;
}
