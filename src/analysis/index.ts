// Analysis over stored events and UN votes: dyad series, alignment, blocs, trends, follow-through
// and the most cooperative / conflictual pairs. Every function takes the store's kysely instance
// and typed parameters, aggregates in the database, and returns plain JSON-ready objects.
export type {
  AlignmentParams,
  AlignmentResult,
  AnalysisOrigin,
  EventAlignmentResult,
  EventPairAlignment,
  ThirdParty,
  VoteAlignmentResult,
  VotePairAlignment,
} from './alignment.ts';
export { alignment, EVENT_ALIGNMENT_FORMULA, VOTE_ALIGNMENT_FORMULA } from './alignment.ts';
export type { Bloc, BlocEvidence, BlocsParams, BlocsResult, BlocsWindowResult, BlocWindow } from './blocs.ts';
export { BLOC_WINDOWS, blocs, signedModularity } from './blocs.ts';
export type { DyadParams, DyadPeriod, DyadSeries, DyadStats, EvidenceEvent, QuadCounts } from './dyad.ts';
export { dyadSeries } from './dyad.ts';
export type { Followup, FollowupsParams, FollowupsResult } from './followups.ts';
export { followups } from './followups.ts';
export type { PairRelation } from './relations.ts';
export { forgetRelations, pairRelations } from './relations.ts';
export type { Period, Scope } from './scope.ts';
export { dateBound, EVENT_ORIGINS, PERIODS } from './scope.ts';
export { cooperationIndex } from './stats.ts';
export { blocsChartSvg, dyadChartSvg } from './svg.ts';
export type { RankedDyad, TopDyadsParams, TopDyadsResult } from './top-dyads.ts';
export { topDyads } from './top-dyads.ts';
export type { Trend, TrendSide, TrendsParams, TrendsResult } from './trends.ts';
export { trends } from './trends.ts';
