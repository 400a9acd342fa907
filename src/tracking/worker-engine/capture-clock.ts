// Capture time of camera frames on the receiver's performance.now() clock. Pure.
//
// A VideoFrame's `timestamp` (µs) is its capture time on a clock of its own (in Chromium the
// system's monotonic clock). The smallest (received − captured) difference seen so far is that
// clock's offset plus the shortest delivery delay, so captured + offset is the capture time up to
// that delay (a few ms), and it does not grow when the engine falls behind and frames wait.
export class CaptureClock {
  private offset = Infinity;
  private lastCapture = -Infinity;

  /** Receiver-clock ms of the frame's capture; the receive time itself when the timestamp is unusable. */
  captureTime(timestampUs: number | null | undefined, receivedMs: number): number {
    if (typeof timestampUs !== 'number' || !Number.isFinite(timestampUs) || timestampUs <= 0) return receivedMs;
    const captured = timestampUs / 1000;
    // A clock jump backwards (new track, looping fake camera restarting its timestamps) starts over.
    if (captured < this.lastCapture) this.offset = Infinity;
    this.lastCapture = captured;
    this.offset = Math.min(this.offset, receivedMs - captured);
    return Math.min(receivedMs, captured + this.offset);
  }
}
