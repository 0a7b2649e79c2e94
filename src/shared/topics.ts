/**
 * Topic tags a flow may set on a call (`set` node). They feed reporting by topic and the agent's
 * screen-pop, so they are a fixed vocabulary: add a topic here.
 */
export const TOPICS = [
  'Anagrafe',
  'Tributi',
  'Polizia Locale',
  'Servizi Sociali',
  'Educazione',
  'Mobilità',
  'Centralino',
  'Informazioni',
  'Ambiente',
  'Lavori Pubblici',
  'Sanità',
] as const;

export type Topic = (typeof TOPICS)[number];
