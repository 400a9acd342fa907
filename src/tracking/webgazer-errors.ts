// Turns whatever WebGazer's begin() rejected with into a reason the setup page can act on.

export type StartFailureReason = 'camera-denied' | 'no-camera' | 'model-failed';

export interface StartFailure {
  reason: StartFailureReason;
  message: string;
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string') return error.name;
  return '';
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

export function classifyStartError(error: unknown): StartFailure {
  const name = errorName(error);
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError')
    return { reason: 'camera-denied', message: `Camera access was refused (${errorText(error)}).` };
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return { reason: 'no-camera', message: `No usable camera was found (${errorText(error)}).` };
  // A camera that another program holds is a camera problem, not a model problem.
  if (name === 'NotReadableError' || name === 'TrackStartError')
    return { reason: 'no-camera', message: `The camera is in use by another program or could not be started (${errorText(error)}).` };
  return { reason: 'model-failed', message: `The eye-tracking model could not be loaded (${errorText(error)}).` };
}
