// Column names and value vocabularies of the public RecGaze files (upstream dataset README), plus
// the extra files this app adds. Exporter, importer and tests all read these lists, so a name is
// spelled in exactly one place.

export const GENRES = ['Action', 'Animation', 'Comedy', 'Crime', 'Drama', 'Fantasy', 'Horror', 'Romance', 'Sci-Fi', 'Thriller'] as const;
export const AOI_TYPES = ['Movie', 'Genre', 'Forward', 'Backward', 'Background'] as const;
export const TOP_GENRE_VALUES = ['Top_Genre', 'Not_Top_Genre'] as const;
export const PREFERRED_GENRE_VALUES = ['Preferred_Genre', 'Not_Preferred_Genre'] as const;
export const RATING_LABELS = ['1 star - Awful', '2 stars - Poor', '3 stars - Ok', '4 stars - Good', '5 stars - Must Watch'] as const;
export const FIRST_TASK_VALUES = ['Free_browsing', 'Semi_free_direct_search'] as const;
export const SPEED_REMINDER_VALUES = ['Only after first 10', 'Only after 2nd 10 (20 screens)'] as const;
export const AOI_DATA_TYPES = ['Genre_text', 'Movie', 'Backward_swipe', 'Forward_swipe', 'Browser_bar', 'Windows_bar'] as const;

/** Event families of summary_feedback.csv, each with the same eight AOI columns. */
export const FAMILIES = ['Fixation_AOI', 'Fixation_AOI_Closest', 'Click_AOI', 'Cursor_AOI'] as const;
export type Family = (typeof FAMILIES)[number];
export const AOI_SUFFIXES = [
  'type',
  'MovieID',
  'Movie_position_in_carousel',
  'Carousel_position',
  'Carousel_genre',
  'Carousel_genre_is_top_genre',
  'Carousel_genre_is_preferred_genre',
  'Carousel_genre_rating',
] as const;

export const aoiColumns = (family: Family): string[] => AOI_SUFFIXES.map((s) => `${family}_${s}`);

export const ID_COLUMNS = ['UserID', 'SubjectID', 'TaskID', 'StimulusID', 'Timestamp'] as const;

export const SUMMARY_FEEDBACK_COLUMNS: readonly string[] = [
  ...ID_COLUMNS,
  ...aoiColumns('Fixation_AOI'),
  'Fixation_Duration',
  ...aoiColumns('Fixation_AOI_Closest'),
  ...aoiColumns('Click_AOI'),
  ...aoiColumns('Cursor_AOI'),
  'Cursor_Duration',
];

export const CLICK_FEEDBACK_COLUMNS: readonly string[] = [...ID_COLUMNS, ...aoiColumns('Click_AOI'), 'Movie_Familiarity', 'Why_Selected'];

export const ITEM_FEATURES_COLUMNS = [
  'TMDB_id',
  'TMDB_title',
  'TMDB_original_language',
  'TMDB_genres',
  'TMDB_release_date',
  'TMDB_cast',
  'TMDB_overview',
  'TMDB_popularity',
  'TMDB_rating_avg',
  'TMDB_rating_count',
  'TMDB_poster_path',
  'TMDB_extraction_date',
  'IMDB_id',
  'IMDB_rating_avg',
  'IMDB_numVotes',
  'IMDB_extraction__date',
  'TaskID',
  'Carousel_position',
  'Carousel_genre',
  'MovieID',
  'Movie_position_in_carousel',
] as const;

export const TOPIC_COLUMNS = [
  'Topic_genre',
  'Topic_content',
  'Topic_personalized',
  'Topic_itemBased',
  'Topic_userBased',
  'Topic_expertBased',
  'Topic_regionalTop',
  'Topic_globalTop',
  'Topic_temporal',
  'Topic_exclusive',
] as const;
export const MAX_COLUMNS = ['MAX_Q1', 'MAX_Q2', 'MAX_Q3', 'MAX_Q4', 'MAX_Q5', 'MAX_Q6'] as const;
export const POST_COLUMNS = [
  'Overwhelmed_by_genres',
  'Enough_genres_to_decide',
  'Overwhelmed_by_movies',
  'Enough_movies_to_decide',
  'Other_carousel_topics',
  'Comments_suggestions',
  'Customize_interface',
  'FreeBrowsing_experience_rating',
  'Tiredness_level',
  'Distance_eyes_center_screen',
] as const;

export const userFeaturesPreColumns = (): string[] => [
  'Pre_survey_timestamp',
  'UserID',
  'SubjectIDs',
  'Age',
  'Gender',
  'Location',
  'First_task',
  'Netflix_user',
  'Netflix_usage',
  'Movie_watching_frequency',
  'Top_genre',
  'Preferred_genres',
  ...GENRES.map((g) => `${g}_rating`),
  ...TOPIC_COLUMNS,
  ...MAX_COLUMNS,
];

/** user_features.csv header for the given selection-question screens (TaskID_[n]_* pairs). */
export function userFeaturesColumns(selectionTaskIds: readonly number[]): string[] {
  return [
    ...userFeaturesPreColumns(),
    ...selectionTaskIds.flatMap((n) => [`TaskID_${n}_Why_Selected`, `TaskID_${n}_Movie_Familiarity`]),
    'Post_survey_timestamp',
    ...POST_COLUMNS,
    'Speed_reminder',
  ];
}

export const AOI_DATA_COLUMNS: readonly string[] = [
  'task_id',
  'Hardware_Setup',
  'AOI_type',
  'Row_num',
  'Row_genre',
  'Row_position',
  'Page',
  'AOI_min_x',
  'AOI_max_x',
  'AOI_min_y',
  'AOI_max_y',
];

export const FAMILIARITY_VALUES = [
  'I have seen the entire movie',
  'I have seen part of the movie',
  'I have seen a trailer/clip',
  'I have seen another part of the series or version of the movie',
  'I have heard of the movie',
  'I have never heard of the movie',
  'I did not select a movie',
  'I selected a movie by accident',
  "I don't remember",
] as const;

export const WHY_SELECTED_VALUES = [
  'Because of the poster',
  'Because of the details',
  'I already wanted to watch it',
  'I want to watch it again or finish it',
  'I have enjoyed another part of the series or version of the movie',
  'I have been recommended this movie or heard good things about ( ratings, reviews, etc.)',
  "I am not sure/ I don't know",
  'I did not select a movie',
  'I selected a movie by accident',
  "I don't remember",
] as const;

// ---- Files beyond the public dataset ----

export const GAZE_SAMPLES_COLUMNS: readonly string[] = [
  'UserID',
  'SubjectID',
  'TaskID',
  'Timestamp',
  'Gaze_LocX',
  'Gaze_LocY',
  'Stimulus_LocX',
  'Stimulus_LocY',
  'ScrollY',
  'Row',
  'Page',
  'Validity',
  'Lost_reason',
  'Source',
];

export const FIXATIONS_COLUMNS: readonly string[] = [
  'UserID',
  'SubjectID',
  'TaskID',
  'Timestamp',
  'Fixation_Duration',
  'Fixation_LocX',
  'Fixation_LocY',
  'Viewport_LocX',
  'Viewport_LocY',
  'Sample_count',
  'Fixation_AOI_type',
  'Fixation_AOI_Carousel_position',
  'Fixation_AOI_Movie_position_in_carousel',
  'Fixation_AOI_Page',
  'Fixation_AOI_Closest_type',
  'Fixation_AOI_Closest_Carousel_position',
  'Fixation_AOI_Closest_Movie_position_in_carousel',
];

export const FILES = {
  summary: 'summary_feedback.csv',
  click: 'click_feedback.csv',
  item: 'item_features.csv',
  user: 'user_features.csv',
  aoi: 'aoi_data.csv',
  gaze: 'gaze_samples.csv',
  fixations: 'fixations.csv',
  session: 'session.json',
} as const;

/** The export's own description of its files (format/export-readme.ts). */
export const README_PATH = 'README.md';
