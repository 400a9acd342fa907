// What a questionnaire is made of: the study's questionnaires define them, SurveyForm renders them.

export interface Option {
  value: string;
  label?: string;
}

export type SurveyQuestion =
  | { id: string; text: string; type: 'single'; options: Option[]; required: boolean; compact?: boolean }
  | { id: string; text: string; type: 'multi'; options: Option[]; required: boolean; otherId?: string }
  | { id: string; text: string; type: 'text'; required: boolean }
  | { id: string; text: string; type: 'number'; min: number; max: number; unit?: string; required: boolean }
  | { id: string; text: string; type: 'scale'; min: number; max: number; minLabel?: string; maxLabel?: string; required: boolean };

export interface SurveySection {
  title: string;
  intro?: string;
  questions: SurveyQuestion[];
}
