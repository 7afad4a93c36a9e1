// Closed-class word lists the clause analysis relies on. They are grammar, not knowledge: function words
// (prepositions, modals, relativisers) whose behaviour is fixed by English, not by the domain.

/** Prepositions whose object is never the subject of the clause ("in Moscow", "from Iran"). */
export const NON_SUBJECT_PREPS = new Set([
  'in',
  'at',
  'on',
  'near',
  'from',
  'to',
  'with',
  'for',
  'against',
  'into',
  'across',
  'over',
  'by',
  'between',
  'among',
  'during',
  'under',
  'after',
  'before',
  'within',
  'inside',
  'outside',
  'toward',
  'towards',
  'via',
  'through',
  'about',
  'around',
  'upon',
  'onto',
  'behind',
  'beyond',
  'like',
  'than',
  'including',
  'per',
  'amid',
  'despite',
  'without',
]);

/** Words that open a relative clause (its subject is the noun before it). */
export const RELATIVISERS = new Set(['which', 'who', 'whom', 'whose']);

/** Subordinators that open a new clause. */
export const SUBORDINATORS = new Set([
  'that',
  'while',
  'because',
  'although',
  'though',
  'whereas',
  'if',
  'unless',
  'whether',
  'since',
  'when',
  'where',
  'as',
]);

export const CLAUSE_PUNCT = new Set([',', ';', ':', '(', ')', '--', '—', '–', '"', '“', '”']);
export const STRONG_PUNCT = new Set([';', ':', '(', ')', '—', '--']);

export const NEGATORS = new Set(['not', "n't", 'never', 'no', 'neither', 'nor', 'without', 'cannot']);
/** Verbs whose complement did not happen ("denied attacking", "refrained from"). */
export const NEGATING_VERBS = new Set(['deny', 'refrain', 'fail', 'avoid', 'refuse', 'decline']);
export const HYPOTHETICAL_MODALS = new Set([
  'could',
  'would',
  'might',
  'may',
  'can',
  'should',
  'must',
  'ought',
]);
export const HYPOTHETICAL_SUBORDINATORS = new Set(['if', 'unless', 'whether']);
export const HYPOTHETICAL_WORDS = new Set([
  'possible',
  'possibly',
  'potential',
  'potentially',
  'perhaps',
  'maybe',
  'likely',
]);
export const FUTURE_AUX = new Set(['will', "'ll", 'shall', 'wo']);
/** Lemmas that put a following verb or noun in the future ("plans to visit", "scheduled talks"). */
export const PLANNING_LEMMAS = new Set([
  'plan',
  'intend',
  'schedule',
  'set',
  'expect',
  'aim',
  'prepare',
  'upcoming',
  'planned',
  'scheduled',
  'forthcoming',
  'next',
  'due',
  'propose',
  'proposed',
]);

/** Speech and attribution verbs: their complement is the speaker's report. */
export const SPEECH_LEMMAS = new Set([
  'say',
  'tell',
  'state',
  'announce',
  'claim',
  'report',
  'add',
  'stress',
  'emphasize',
  'emphasise',
  'note',
  'insist',
  'suggest',
  'believe',
  'argue',
  'assert',
  'confirm',
  'declare',
  'indicate',
  'explain',
  'write',
  'reiterate',
  'highlight',
  'point',
  'describe',
  'think',
  'allege',
  'maintain',
  'contend',
  'acknowledge',
  'observe',
  'remark',
  'recall',
  'quote',
  'cite',
  'disclose',
  'reveal',
  'mention',
]);

export const PASSIVE_AUX = new Set(['be', 'get', 'is', 'was', 'were', 'are', 'been', 'being', 'am']);

/** Support verbs whose subject is the agent of the event noun they govern ("held talks", "launched a strike"). */
export const LIGHT_VERBS = new Set([
  'hold', 'have', 'stage', 'launch', 'conduct', 'carry', 'make', 'pay', 'begin', 'start', 'continue',
  'resume', 'open', 'mount', 'undertake', 'engage', 'wage', 'give', 'impose', 'announce', 'issue', 'lodge',
  'file', 'express', 'voice', 'offer', 'extend', 'order', 'sign', 'conclude', 'reach', 'seal', 'join',
  'lead', 'attend', 'end', 'complete', 'finish', 'host', 'call', 'step', 'intensify', 'escalate', 'level',
  'deliver', 'send', 'provide', 'announce', 'unveil', 'approve', 'adopt', 'introduce', 'tighten', 'expand',
  'plan', 'schedule', 'propose', 'seek', 'pursue', 'renew', 'kick', 'initiate', 'commence', 'perform',
]);

/** Prepositions that attach an event noun to the main clause's subject ("during a visit to Beirut"). */
export const EVENT_NOUN_PREPS = new Set(['during', 'after', 'before', 'following', 'ahead', 'amid', 'since', 'upon']);

/** Verbs whose infinitive complement happened ("managed to", "went on to", "moved to"). */
export const IMPLICATIVE_VERBS = new Set([
  'manage', 'decide', 'begin', 'start', 'continue', 'proceed', 'move', 'come', 'go', 'rush', 'hasten',
  'dare', 'bother', 'get', 'use', 'happen', 'tend', 'agree', 'pledge', 'vow', 'promise',
  'offer', 'threaten', 'seek', 'want', 'wish', 'hope', 'propose', 'commit', 'undertake', 'volunteer', 'warn',
]);
