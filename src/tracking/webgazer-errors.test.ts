import { describe, expect, it } from 'vitest';
import { classifyStartError } from './webgazer-errors.ts';

const domError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('classifyStartError()', () => {
  it('maps getUserMedia errors to camera reasons', () => {
    expect(classifyStartError(domError('NotAllowedError', 'Permission denied')).reason).toBe('camera-denied');
    expect(classifyStartError(domError('NotFoundError', 'Requested device not found')).reason).toBe('no-camera');
    expect(classifyStartError(domError('OverconstrainedError', '')).reason).toBe('no-camera');
  });
  it('treats anything else as a model failure and keeps the original text', () => {
    const f = classifyStartError(new TypeError('t is not a function'));
    expect(f.reason).toBe('model-failed');
    expect(f.message).toContain('TypeError: t is not a function');
    expect(classifyStartError('abort(undefined)').message).toContain('abort(undefined)');
  });
});
