import { ResearchApi } from '../../sync/research-api.ts';

/** The workspace's one client of /api/lab (same origin, the login cookie goes along). */
export const api = new ResearchApi();
