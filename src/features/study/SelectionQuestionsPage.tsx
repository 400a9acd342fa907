import { SurveyForm } from '../../components/survey/SurveyForm.tsx';
import { PosterArt } from '../../components/carousel/poster-art.tsx';
import type { SelectionAnswers } from '../../../core/records.ts';
import type { CatalogueItem } from '../../../core/study-config/schema.ts';
import { SELECTION_QUESTIONS } from './questionnaires/definitions.ts';

export function SelectionQuestionsPage({
  item,
  onSubmit,
}: {
  item: CatalogueItem | undefined;
  onSubmit: (answers: SelectionAnswers) => void;
}) {
  return (
    <div className="selection-questions">
      {item && (
        <div className="picked">
          <div className="picked-poster">
            <PosterArt item={item} />
          </div>
          <p>
            You picked <strong>{item.title}</strong>
            {item.year ? ` (${item.year})` : ''}
          </p>
        </div>
      )}
      <SurveyForm
        sections={[SELECTION_QUESTIONS]}
        onSubmit={(a) => {
          const why = Array.isArray(a.whySelected) ? a.whySelected.filter((v) => v !== 'Other') : [];
          const other = a.whySelected__other;
          const answers: SelectionAnswers = { familiarity: String(a.familiarity ?? ''), whySelected: why };
          if (typeof other === 'string') answers.whyOther = other;
          onSubmit(answers);
        }}
      />
    </div>
  );
}
