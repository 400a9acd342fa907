// WebGazer (via localforage) can leave eye images in IndexedDB db `localforage`, store
// `keyvaluepairs`. We run with saveDataAcrossSessions(false), but a page from another build or
// app on this origin may have written them; nothing of a participant's face may outlive a session.

const DB_NAME = 'localforage';
const STORE = 'keyvaluepairs';
export const WEBGAZER_STORAGE_KEYS = ['webgazerGlobalData', 'webgazerGlobalSettings'] as const;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Deletes WebGazer's keys if the localforage database exists; returns how many keys were present. */
export async function clearWebGazerStorage(idb: IDBFactory | undefined = globalThis.indexedDB): Promise<number> {
  if (!idb) return 0;
  // Opening a database that does not exist would create it; ask first where the browser can tell.
  if (typeof idb.databases === 'function') {
    const dbs = await idb.databases();
    if (!dbs.some((d) => d.name === DB_NAME)) return 0;
  }
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = idb.open(DB_NAME);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('cannot open localforage'));
  });
  try {
    if (!db.objectStoreNames.contains(STORE)) return 0;
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    let present = 0;
    for (const key of WEBGAZER_STORAGE_KEYS) {
      if ((await request(store.count(key))) > 0) present += 1;
      store.delete(key);
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('localforage clean-up failed'));
    });
    return present;
  } finally {
    db.close();
  }
}
