import { gunzipSync } from 'fflate';
import type { RecordedEvent } from '../../core/events.ts';
import { DATA_FILE_CONTENT_TYPE, type DataFileMergeResponse } from '../../core/protocol/data-file.ts';
import {
  LAB_PREFIX,
  type AuditEntry,
  type ExportProgress,
  type InviteResponse,
  type Researcher,
  type Retention,
  type SessionDetail,
  type SessionSelection,
  type SessionsList,
  type StudyDetail,
  type StudyState,
  type StudySummary,
  type UpdateSettings,
} from '../../core/protocol/lab.ts';
import { decodeSessionFrame } from '../../core/protocol/session-frame.ts';
import type { SessionRecord } from '../../core/records.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';
import { noAnswer, readResult, type ApiResult } from './study-api.ts';

export type { ApiResult };

/** A stored session as the analysis view takes it: the record and its events by screen. */
export interface ServerSession {
  record: SessionRecord;
  events: Map<number, RecordedEvent[]>;
}

/**
 * The researcher workspace's API (/api/lab) over fetch, same origin: the browser sends the httpOnly
 * login cookie itself. No React, no DOM: the workspace pages and the analysis worker both use it.
 */
export class ResearchApi {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(options: { baseUrl?: string; fetch?: typeof fetch } = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  login(email: string, password: string): Promise<ApiResult<Researcher>> {
    return this.call('POST', '/login', { email, password });
  }
  logout(): Promise<ApiResult<null>> {
    return this.call('POST', '/logout');
  }
  me(): Promise<ApiResult<Researcher>> {
    return this.call('GET', '/me');
  }
  changePassword(current: string, next: string): Promise<ApiResult<null>> {
    return this.call('POST', '/me/password', { current, next });
  }
  researchers(): Promise<ApiResult<Researcher[]>> {
    return this.call('GET', '/researchers');
  }
  invite(email: string): Promise<ApiResult<InviteResponse>> {
    return this.call('POST', '/invitations', { email });
  }
  acceptInvitation(token: string, name: string, password: string): Promise<ApiResult<Researcher>> {
    return this.call('POST', '/invitations/accept', { token, name, password });
  }
  removeResearcher(id: string): Promise<ApiResult<Researcher>> {
    return this.call('DELETE', `/researchers/${id}`);
  }
  audit(before?: number): Promise<ApiResult<AuditEntry[]>> {
    return this.call('GET', `/audit${before ? `?before=${before}` : ''}`);
  }
  retention(): Promise<ApiResult<Retention>> {
    return this.call('GET', '/retention');
  }
  setRetention(days: number | null): Promise<ApiResult<Retention>> {
    return this.call('PUT', '/retention', { days });
  }

  studies(): Promise<ApiResult<StudySummary[]>> {
    return this.call('GET', '/studies');
  }
  createStudy(config: StudyConfig, studio: object | null): Promise<ApiResult<StudyDetail>> {
    return this.call('POST', '/studies', { config, studio });
  }
  study(id: string): Promise<ApiResult<StudyDetail>> {
    return this.call('GET', `/studies/${id}`);
  }
  saveDraft(id: string, config: StudyConfig, studio: object | null, baseRevision: number): Promise<ApiResult<StudyDetail>> {
    return this.call('PUT', `/studies/${id}/draft`, { config, studio, baseRevision });
  }
  publish(id: string): Promise<ApiResult<StudyDetail>> {
    return this.call('POST', `/studies/${id}/publish`);
  }
  setState(id: string, state: StudyState): Promise<ApiResult<StudyDetail>> {
    return this.call('POST', `/studies/${id}/state`, { state });
  }
  updateSettings(id: string, update: UpdateSettings): Promise<ApiResult<StudyDetail>> {
    return this.call('PUT', `/studies/${id}/settings`, update);
  }
  share(id: string, researcherId: string): Promise<ApiResult<StudyDetail>> {
    return this.call('POST', `/studies/${id}/access`, { researcherId });
  }
  unshare(id: string, researcherId: string): Promise<ApiResult<StudyDetail>> {
    return this.call('DELETE', `/studies/${id}/access/${researcherId}`);
  }
  deleteStudy(id: string, confirm: string): Promise<ApiResult<{ deleted: string; sessions: number; chunks: number }>> {
    return this.call('DELETE', `/studies/${id}`, { confirm });
  }

  sessions(studyId: string): Promise<ApiResult<SessionsList>> {
    return this.call('GET', `/studies/${studyId}/sessions`);
  }
  session(studyId: string, sessionId: string): Promise<ApiResult<SessionDetail>> {
    return this.call('GET', `/studies/${studyId}/sessions/${sessionId}`);
  }
  deleteSession(studyId: string, sessionId: string, confirm: string): Promise<ApiResult<{ deleted: string; participantId: string }>> {
    return this.call('DELETE', `/studies/${studyId}/sessions/${sessionId}`, { confirm });
  }
  exportProgress(exportId: string): Promise<ApiResult<ExportProgress>> {
    return this.call('GET', `/exports/${exportId}`);
  }

  /** Where the browser downloads a study's zip (a plain link: the browser streams it to disk). */
  exportUrl(studyId: string, selection: SessionSelection, progressId: string): string {
    return `${this.baseUrl}${LAB_PREFIX}/studies/${studyId}/export.zip?sessions=${selection}&progress=${progressId}`;
  }
  sessionExportUrl(studyId: string, sessionId: string, progressId: string): string {
    return `${this.baseUrl}${LAB_PREFIX}/studies/${studyId}/sessions/${sessionId}/export.zip?progress=${progressId}`;
  }

  /** A participant's data file (its bytes as they came) into the study's session. */
  async addDataFile(studyId: string, bytes: Uint8Array): Promise<ApiResult<DataFileMergeResponse>> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${LAB_PREFIX}/studies/${studyId}/data-files`, {
        method: 'POST',
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': DATA_FILE_CONTENT_TYPE },
        credentials: 'same-origin',
        cache: 'no-store',
        signal: AbortSignal.timeout(300_000),
      });
    } catch (error) {
      return noAnswer(error);
    }
    return readResult(res);
  }

  /** One stored session, its chunks opened and joined per screen. */
  async sessionData(studyId: string, sessionId: string): Promise<ApiResult<ServerSession>> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${LAB_PREFIX}/studies/${studyId}/sessions/${sessionId}/data`, {
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (error) {
      return noAnswer(error);
    }
    if (!res.ok) return readResult(res);
    const { header, blobs } = decodeSessionFrame(new Uint8Array(await res.arrayBuffer()));
    const decoder = new TextDecoder();
    const events = new Map<number, RecordedEvent[]>();
    header.chunks.forEach((c, i) => {
      const list = JSON.parse(decoder.decode(gunzipSync(blobs[i]!))) as RecordedEvent[];
      const screen = events.get(c.taskId);
      if (screen) for (const e of list) screen.push(e);
      else events.set(c.taskId, list);
    });
    return { ok: true, value: { record: header.record, events } };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${LAB_PREFIX}${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return noAnswer(error);
    }
    return readResult<T>(res);
  }
}

/** The words of a failed call, for the page. */
export function failureText(result: Exclude<ApiResult<unknown>, { ok: true }>): string {
  return result.retry ? `The server did not answer (${result.message}). Try again.` : result.error.message;
}
