import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../core/protocol/limits.ts';
import { DATA_FILE_CONTENT_TYPE } from '../../core/protocol/data-file.ts';
import { CHUNK_BATCH_CONTENT_TYPE } from '../../core/protocol/messages.ts';
import { refuse } from './errors.ts';

/** Gunzips with a ceiling on the output, so a small "zip bomb" cannot take the server's memory. */
export function gunzipBounded(bytes: Uint8Array, maxBytes: number, field: string): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw refuse(413, field, `is larger than ${maxBytes} bytes once decompressed`);
    throw refuse(400, field, 'is not valid gzip data');
  }
}

/**
 * JSON bodies may come gzip-compressed (`Content-Encoding: gzip`); the route's bodyLimit bounds
 * the bytes sent, LIMITS.jsonRawBytes the decompressed text. Chunk batches arrive as raw bytes.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const encoding = request.headers['content-encoding'];
      let text = body as Buffer;
      if (encoding === 'gzip') text = gunzipBounded(text, LIMITS.jsonRawBytes, 'body');
      else if (encoding && encoding !== 'identity')
        throw refuse(415, 'content-encoding', `${encoding} is not supported; send gzip or nothing`);
      parseJson(request, text.toString('utf8'), (error, value) => {
        if (error) done(refuse(400, 'body', `is not valid JSON (${error.message})`), undefined);
        else done(null, value);
      });
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser([CHUNK_BATCH_CONTENT_TYPE, DATA_FILE_CONTENT_TYPE], { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
}
