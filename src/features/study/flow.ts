import type { TaskType } from '../../../core/events.ts';
import type { FirstTask } from '../../../core/records.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';

export type Step =
  | { kind: 'consent' }
  | { kind: 'pre-survey' }
  | { kind: 'gaze-setup' }
  | { kind: 'block-intro'; block: 'practice' | 'free' | 'search' }
  | { kind: 'drift-check'; beforeTaskId: number }
  | { kind: 'screen'; taskId: number; task: TaskType }
  | { kind: 'selection-questions'; taskId: number }
  | { kind: 'speed-reminder'; afterCount: number }
  | { kind: 'post-survey' }
  | { kind: 'complete' };

/**
 * The participant's whole journey as a list of steps. A session stores only its index into this
 * list, so the same config + block order always rebuild the same flow (resume after reload).
 */
export function buildFlow(config: StudyConfig, firstTask: FirstTask): Step[] {
  const q = config.questionnaires;
  const steps: Step[] = [{ kind: 'consent' }];
  if (q.pre) steps.push({ kind: 'pre-survey' });
  steps.push({ kind: 'gaze-setup' });

  const practice = config.screens.filter((s) => s.task === 'practice');
  const free = config.screens.filter((s) => s.task === 'free_browsing');
  const search = [...config.screens.filter((s) => s.task === 'semi_free'), ...config.screens.filter((s) => s.task === 'direct_search')];
  const blocks: { block: 'practice' | 'free' | 'search'; screens: typeof free }[] = [];
  if (practice.length) blocks.push({ block: 'practice', screens: practice });
  const ordered =
    firstTask === 'Free_browsing'
      ? [
          { block: 'free' as const, screens: free },
          { block: 'search' as const, screens: search },
        ]
      : [
          { block: 'search' as const, screens: search },
          { block: 'free' as const, screens: free },
        ];
  blocks.push(...ordered.filter((b) => b.screens.length));

  const driftEvery = config.gaze.driftCheckEvery;
  let taskScreens = 0;
  let freeDone = 0;
  for (const { block, screens } of blocks) {
    steps.push({ kind: 'block-intro', block });
    for (const screen of screens) {
      if (screen.task !== 'practice') {
        if (driftEvery > 0 && taskScreens > 0 && taskScreens % driftEvery === 0)
          steps.push({ kind: 'drift-check', beforeTaskId: screen.taskId });
        taskScreens++;
      }
      steps.push({ kind: 'screen', taskId: screen.taskId, task: screen.task });
      if (q.perSelection && (screen.task === 'free_browsing' || screen.task === 'semi_free'))
        steps.push({ kind: 'selection-questions', taskId: screen.taskId });
      if (screen.task === 'free_browsing') {
        freeDone++;
        if (q.speedReminderAfter.includes(freeDone) && freeDone < free.length) steps.push({ kind: 'speed-reminder', afterCount: freeDone });
      }
    }
  }
  if (q.post || q.custom.length) steps.push({ kind: 'post-survey' });
  steps.push({ kind: 'complete' });
  return steps;
}
