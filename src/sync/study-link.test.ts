import { describe, expect, it } from 'vitest';
import { readStudyLink, recruitmentParams, studyLink } from './study-link.ts';

describe('study links', () => {
  it('builds the link of each recruitment channel', () => {
    const o = 'https://study.example.org';
    expect(studyLink(o, 'my-study', 'anonymous')).toBe(`${o}/s/my-study`);
    expect(studyLink(o, 'my-study', 'named', { participant: 'LAB 7' })).toBe(`${o}/s/my-study?participant=LAB%207`);
    expect(studyLink(o, 'my-study', 'external', { gaze: 'mouse' })).toBe(`${o}/s/my-study?id=%SURVEY_CODE%&gaze=mouse`);
    expect(studyLink(o, 'my-study', 'prolific')).toBe(
      `${o}/s/my-study?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}`,
    );
  });

  it('reads a link back, keeping only the parameters that name the participant for the server', () => {
    const link = readStudyLink('/s/my-study', '?PROLIFIC_PID=p1&STUDY_ID=s&gaze=mouse&utm=x');
    expect(link?.studyId).toBe('my-study');
    expect(recruitmentParams(link!.params)).toEqual({ PROLIFIC_PID: 'p1', STUDY_ID: 's' });
    expect(readStudyLink('/s/My_Study', '')).toBeNull();
    expect(readStudyLink('/studio', '')).toBeNull();
    expect(readStudyLink('/s/a/b', '')).toBeNull();
  });
});
