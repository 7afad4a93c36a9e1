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

/** Possessive pronouns that point back to the clause's subject ("its troops", "their forces"). */
export const SUBJECT_POSSESSIVES = new Set(['its', 'their', 'his', 'her', 'our']);

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
/** Verbs applying means of force: "used tear gas to disperse", "opened fire to disperse" did disperse. */
export const MEANS_VERBS = new Set(['use', 'employ', 'open', 'fire']);
/** Verbs whose that-complement is what the speaker wants done, not what happened ("demanded that Y withdraw"). */
export const DIRECTIVE_VERBS = new Set([
  'demand',
  'urge',
  'insist',
  'ask',
  'request',
  'recommend',
  'suggest',
  'propose',
]);
export const HYPOTHETICAL_SUBORDINATORS = new Set(['if', 'unless', 'whether']);
/** Subordinators of a condition: a hostile act made conditional on one is a threat. */
export const CONDITIONALS = new Set(['if', 'unless']);
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
  // "is ready / willing / determined to": a stated intention, not a conjecture
  'ready',
  'willing',
  'determined',
  'eager',
]);

/** "is willing / ready / prepared / committed to" + an act: the source's commitment, coded as intent. */
export const COMMITMENT_WORDS = new Set(['willing', 'ready', 'prepared', 'committed']);

/** Documents that speak for whoever issued them ("a report released in Kigali alleged ..."). */
export const DOCUMENT_NOUNS = new Set([
  'report',
  'statement',
  'communique',
  'communiqué',
  'study',
  'document',
  'dossier',
  'letter',
  'memo',
  'memorandum',
  'declaration',
  'resolution',
  'bulletin',
]);

/** Prepositions naming a document's issuer ("by the UN") or the place it was issued in ("from Moscow"). */
export const ISSUER_PREPS = new Set(['by', 'from', 'in']);

/** Speech verbs whose report of another actor's violence is coded as an accusation (112). */
export const ACCUSING_SPEECH = new Set(['claim', 'allege', 'charge', 'insist', 'assert', 'accuse']);

/** Speech verbs by which an actor owns its own violence: a claim of responsibility (015). */
export const CLAIMING_SPEECH = new Set(['claim', 'admit', 'acknowledge', 'confess']);

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
  'accuse',
  'maintain',
  'contend',
  'acknowledge',
  'admit',
  'concede',
  'confess',
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
  'hold',
  'have',
  'stage',
  'launch',
  'conduct',
  'carry',
  'make',
  'pay',
  'begin',
  'start',
  'continue',
  'resume',
  'open',
  'mount',
  'undertake',
  'engage',
  'wage',
  'give',
  'impose',
  'announce',
  'issue',
  'lodge',
  'file',
  'express',
  'voice',
  'offer',
  'extend',
  'order',
  'sign',
  'conclude',
  'reach',
  'seal',
  'join',
  'lead',
  'attend',
  'end',
  'complete',
  'finish',
  'host',
  'call',
  'step',
  'intensify',
  'escalate',
  'level',
  'deliver',
  'send',
  'provide',
  'announce',
  'unveil',
  'approve',
  'adopt',
  'introduce',
  'tighten',
  'expand',
  'plan',
  'schedule',
  'propose',
  'seek',
  'pursue',
  'renew',
  'kick',
  'initiate',
  'commence',
  'perform',
]);

/** Prepositions that attach an event noun to the main clause's subject ("during a visit to Beirut"). */
export const EVENT_NOUN_PREPS = new Set([
  // "killed two soldiers in a raid on Y", "were wounded in clashes with police"
  'in',
  'during',
  'after',
  'before',
  'following',
  'ahead',
  'amid',
  'since',
  'upon',
]);

/**
 * Nouns whose of-complement is the topic they speak about, not an act of the clause's subject ("an
 * investigation of arms sales to Y", "allegations of torture", "reports of clashes").
 */
export const TOPIC_NOUNS = new Set([
  'investigation',
  'inquiry',
  'probe',
  'report',
  'allegation',
  'accusation',
  'claim',
  'rumour',
  'rumor',
  'evidence',
  'suspicion',
  'denial',
  'trial',
]);

/** Verbs whose infinitive complement happened ("managed to", "went on to", "moved to"). */
export const IMPLICATIVE_VERBS = new Set([
  'manage',
  'decide',
  'begin',
  'start',
  'continue',
  'proceed',
  'move',
  'come',
  'go',
  'rush',
  'hasten',
  'dare',
  'bother',
  'get',
  'use',
  'happen',
  'tend',
  'agree',
  'pledge',
  'vow',
  'promise',
  'offer',
  'threaten',
  'seek',
  'want',
  'wish',
  'hope',
  'propose',
  'commit',
  'undertake',
  'volunteer',
  'warn',
]);

/**
 * Verbs whose infinitive complement names what they are about ("refused to deploy troops in Iraq",
 * "agreed to lift sanctions on Iran", "threatened to cut ties with Y"): the chain shares its target. Other
 * verbs' infinitives say a purpose ("cooperate to encourage refugees") and do not.
 */
const DESIRE_VERBS = new Set([
  'want',
  'wish',
  'hope',
  'need',
  'expect',
  'tend',
  'happen',
  'use',
  'bother',
  'dare',
]);
export const CHAIN_VERBS = new Set([
  ...IMPLICATIVE_VERBS,
  ...NEGATING_VERBS,
  ...PLANNING_LEMMAS,
  'threaten',
  'try',
  'attempt',
  'vote',
  'resolve',
  'demand',
  'ask',
  'request',
  'urge',
  'hesitate',
  'fail',
]);
// wanting or hoping to do something is not an act towards its target ("the inspectors want to visit Iran")
for (const w of DESIRE_VERBS) CHAIN_VERBS.delete(w);
