// The actors stage: a knowledge base of states, organisations, groups, sectors and office holders,
// and a resolver that turns a document's tokens into actor mentions at the publication date.
export type { ActorsOptions, CountryInfo, KnowledgeBase, OrgInfo, PersonInfo, PersonRole } from './kb.ts';
export { loadKnowledgeBase } from './kb.ts';
export { type LookupEntry, lookupName } from './lookup.ts';
export { parsePetrarchDictionary, readPetrarchDictionary } from './petrarch.ts';
export { personActor, type ResolveOptions, resolveActors } from './resolve.ts';
