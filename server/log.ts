import { pino, type DestinationStream, type Logger } from 'pino';

/** The server's JSON log: no host name or pid per line, and (see app.ts) no client addresses. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino({ level, base: null }, destination) : pino({ level, base: null });
}
