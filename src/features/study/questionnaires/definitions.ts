// The RecGaze questionnaires. Question texts are ours; answer values are the original study's
// (survey_responses_answers.pdf / the dataset's column dictionary), because the exported columns
// use them verbatim. Keys are the dataset's column names.
import { FAMILIARITY_VALUES, GENRES, WHY_SELECTED_VALUES } from '../../../../format/recgaze-columns.ts';
import type { QuestionnaireSettings } from '../../../../core/study-config/schema.ts';
import type { Option, SurveyQuestion, SurveySection } from '../../../components/survey/survey-types.ts';

export { GENRES };

const opts = (...values: string[]): Option[] => values.map((value) => ({ value }));
const FREQUENCY = opts('Every day', '5 or more times per week', '3-4 times per week', '1-2 times per week', '1-2 times per month');
export const GENRE_RATINGS = opts('1 star - Awful', '2 stars - Poor', '3 stars - Ok', '4 stars - Good', '5 stars - Must Watch');
const HELPFULNESS = opts('Very unhelpful', 'Unhelpful', 'Neutral', 'Helpful', 'Very helpful', 'I do not know');

export const TOPICS: { id: string; label: string }[] = [
  { id: 'Topic_genre', label: 'Genre (Animation, Horror)' },
  { id: 'Topic_content', label: 'Content (Feel-good Movies, Exciting Movies)' },
  { id: 'Topic_personalized', label: 'Personalized (We think you will love these, Gems for you)' },
  { id: 'Topic_itemBased', label: 'Item-based (Because you watched …)' },
  { id: 'Topic_userBased', label: 'User-based (Popular with similar viewers)' },
  { id: 'Topic_expertBased', label: 'Expert-based (Critically Acclaimed, Award-winning)' },
  { id: 'Topic_regionalTop', label: 'Regional Top/Popular (Top movies in your country)' },
  { id: 'Topic_globalTop', label: 'Global Top/Popular (Trending now, Popular Movies)' },
  { id: 'Topic_temporal', label: 'Temporal (New releases, Released in the last year)' },
  { id: 'Topic_exclusive', label: 'Exclusive (Only on Netflix, Amazon Originals & Exclusives)' },
];

export function preSurvey(settings: QuestionnaireSettings): SurveySection[] {
  const sections: SurveySection[] = [
    {
      title: 'About you',
      questions: [
        {
          id: 'Age',
          text: 'What is your age?',
          type: 'single',
          options: opts('18-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70+'),
          required: true,
        },
        {
          id: 'Gender',
          text: 'How do you identify?',
          type: 'single',
          options: opts('Man', 'Woman', 'Non-binary', 'Prefer not disclose', 'Other'),
          required: true,
        },
        {
          id: 'Netflix_user',
          text: 'Have you ever used Netflix or a similar TV/movie streaming service?',
          type: 'single',
          options: opts('Yes', 'No'),
          required: true,
        },
        {
          id: 'Netflix_past_month',
          text: 'Have you used such a streaming service in the past month?',
          type: 'single',
          options: opts('Yes', 'No'),
          required: true,
        },
        { id: 'Netflix_usage', text: 'How often do you use a streaming service?', type: 'single', options: FREQUENCY, required: true },
        {
          id: 'Movie_watching_frequency',
          text: 'How often do you watch movies (cinema, TV, streaming — any form)?',
          type: 'single',
          options: FREQUENCY,
          required: true,
        },
      ],
    },
    {
      title: 'Your movie genres',
      questions: [
        {
          id: 'Preferred_genres',
          text: 'Which of these genres do you prefer? Tick every preferred genre.',
          type: 'multi',
          options: opts(...GENRES),
          required: false,
        },
        ...GENRES.map((g): SurveyQuestion => ({
          id: `${g}_rating`,
          text: `Rate ${g} from 1 star (worst) to 5 stars (best)`,
          type: 'single',
          options: GENRE_RATINGS,
          required: true,
          compact: true,
        })),
        {
          id: 'Top_genre',
          text: 'If you had to pick one genre, which would be your favourite?',
          type: 'single',
          options: GENRES.map((g) => ({ value: g, label: g === 'Sci-Fi' ? 'Science Fiction' : g })),
          required: true,
        },
      ],
    },
    {
      title: 'Carousel topics',
      intro: 'When looking for something to watch on a streaming service, how helpful are (or would be) carousels of these types?',
      questions: TOPICS.map((t): SurveyQuestion => ({
        id: t.id,
        text: t.label,
        type: 'single',
        options: HELPFULNESS,
        required: true,
        compact: true,
      })),
    },
  ];
  if (settings.maximizationItems.length) {
    sections.push({
      title: 'How you make choices',
      intro: 'Rate each statement from 1 (completely disagree) to 7 (completely agree).',
      questions: settings.maximizationItems.map((text, i): SurveyQuestion => ({
        id: `MAX_Q${i + 1}`,
        text,
        type: 'scale',
        min: 1,
        max: 7,
        minLabel: 'Completely disagree',
        maxLabel: 'Completely agree',
        required: true,
      })),
    });
  }
  return sections;
}

export function postSurvey(settings: QuestionnaireSettings, builtIn: boolean): SurveySection[] {
  const custom: SurveySection[] = settings.custom.length
    ? [
        {
          title: 'A few more questions',
          questions: settings.custom.map((q): SurveyQuestion => {
            const required = q.required ?? true;
            switch (q.type) {
              case 'single':
              case 'multi':
                return { id: q.id, text: q.text, type: q.type, options: opts(...(q.options ?? [])), required };
              case 'scale':
                return { id: q.id, text: q.text, type: 'scale', min: q.min ?? 1, max: q.max ?? 7, required };
              case 'number':
                return { id: q.id, text: q.text, type: 'number', min: q.min ?? 0, max: q.max ?? 1e9, required };
              default:
                return { id: q.id, text: q.text, type: 'text', required };
            }
          }),
        },
      ]
    : [];
  if (!builtIn) return custom;
  return [
    {
      title: 'Your experience',
      questions: [
        {
          id: 'FreeBrowsing_experience_rating',
          text: 'Rate your experience of the free-browsing screens (1 lowest, 5 neutral, 10 highest).',
          type: 'scale',
          min: 1,
          max: 10,
          minLabel: 'Lowest',
          maxLabel: 'Highest',
          required: true,
        },
        {
          id: 'Tiredness_level',
          text: 'How tired or exhausted do you feel now?',
          type: 'single',
          options: opts('Very exhausted', 'Exhausted', 'Somewhat exhausted', 'Slightly exhausted', 'Not exhausted at all'),
          required: true,
        },
        {
          id: 'Overwhelmed_by_genres',
          text: 'At any point, did the number of genres overwhelm you?',
          type: 'single',
          options: opts('Yes, I felt overwhelmed', 'No, I did not feel overwhelmed.'),
          required: true,
        },
        {
          id: 'Enough_genres_to_decide',
          text: 'Were there enough genres for you to be satisfied with your choice?',
          type: 'single',
          options: opts(
            'Yes, the amount of genres was sufficient.',
            'No, I would have liked to see an additional 1-2 genres.',
            'No, I would have liked to see an additional 3-4 genres.',
            'No, I would have liked to see an additional 5 or more genres.',
          ),
          required: true,
        },
        {
          id: 'Overwhelmed_by_movies',
          text: 'At any point, did the number of movies in each genre overwhelm you?',
          type: 'single',
          options: opts('Yes, I felt overwhelmed', 'No, I did not feel overwhelmed.'),
          required: true,
        },
        {
          id: 'Enough_movies_to_decide',
          text: 'Were there enough movies in each genre for you to be satisfied with your choice?',
          type: 'single',
          options: opts(
            'Yes, the amount of movies was sufficient.',
            'No, I would have liked another 1-2 sets of movies in each genre (5-10 movies total).',
            'No, I would have liked another 3-4 sets of movies in each genre (15-20 movies total).',
            'No, I would have liked another 5 or more sets of movies in each genre (25+ movies)',
          ),
          required: true,
        },
        {
          id: 'Other_carousel_topics',
          text: 'Would you have liked other kinds of carousel topics (e.g. "critically acclaimed", "trending now", "gems for you")?',
          type: 'single',
          options: opts(
            'Yes, in addition to the genres carousels.',
            'Yes, replacing some of the genre carousels.',
            'No, genres were sufficient.',
          ),
          required: true,
        },
        { id: 'Comments_suggestions', text: 'Any comments or suggestions to make finding a movie easier?', type: 'text', required: false },
        {
          id: 'Customize_interface',
          text: 'If you could choose which kinds of topics your streaming homepage shows, would you?',
          type: 'single',
          options: opts('Yes, I would customize my homepage', 'No, I would not customize my homepage', "I'm not sure"),
          required: true,
        },
        {
          id: 'Distance_eyes_center_screen',
          text: 'Roughly how far were your eyes from the centre of the screen?',
          type: 'number',
          min: 20,
          max: 200,
          unit: 'cm',
          required: true,
        },
      ],
    },
    ...custom,
  ];
}

export const FAMILIARITY = opts(...FAMILIARITY_VALUES);

export const WHY_SELECTED = opts(...WHY_SELECTED_VALUES);

export const SELECTION_QUESTIONS: SurveySection = {
  title: 'About the movie you picked',
  questions: [
    {
      id: 'familiarity',
      text: 'How familiar are you with this movie? Pick the first statement that is true.',
      type: 'single',
      options: FAMILIARITY,
      required: true,
    },
    {
      id: 'whySelected',
      text: 'Why did you pick this movie? Tick all that apply.',
      type: 'multi',
      options: WHY_SELECTED,
      required: true,
      otherId: 'whyOther',
    },
  ],
};
