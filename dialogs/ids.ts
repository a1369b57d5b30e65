/** Dialog ids, in one place so dialogs and tests agree. */
export const DialogIds = {
  main: 'main',
  mainSteps: 'main.steps',
  clarify: 'clarify',
  clarifySteps: 'clarify.steps',
  escalate: 'escalate',
  escalateSteps: 'escalate.steps',
  language: 'language',
  languageSteps: 'language.steps',
  forget: 'forget',
  forgetSteps: 'forget.steps',
  procedure: 'procedure',
  procedureSteps: 'procedure.steps',
  text: 'text',
} as const;
