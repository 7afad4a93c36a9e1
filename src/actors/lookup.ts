// What the knowledge base knows about a name: every entry the phrase maps to, with the actor code
// each gives at a date (for `blocwatch actors lookup` and the API).
import { codeAt, type Entry, type KnowledgeBase } from './kb.ts';
import { personActor } from './resolve.ts';
import { keyOf, splitPhrase } from './text.ts';

export interface LookupEntry {
  readonly type: string;
  readonly code: string;
  readonly name: string;
  readonly entity_id?: string;
  readonly role?: string;
  readonly roles?: readonly { role: string; country: string; start: string; end: string | null }[];
}

function describe(e: Entry, kb: KnowledgeBase, date: string): LookupEntry | null {
  switch (e.t) {
    case 'country':
      return { type: `country ${e.form}`, code: e.c.code, name: e.c.name };
    case 'capital':
      return {
        type: 'capital (acting: government; after in/at/to/from: location)',
        code: `${e.c.code}GOV`,
        name: e.name,
      };
    case 'seat':
      return { type: 'seat of power', code: e.c.code + e.sector, name: e.name };
    case 'place':
      return { type: 'place', code: e.c.code, name: e.name };
    case 'org':
      return {
        type: e.o.kind === 'igo' ? 'organisation' : 'group',
        code: codeAt(e.o.periods, e.o.code, date) ?? e.o.code,
        name: e.o.name,
      };
    case 'person': {
      const a = personActor(e.p, date, kb);
      return {
        type: e.weak ? 'person (ambiguous surname)' : 'person',
        code: a.code,
        name: e.p.name,
        entity_id: e.p.id,
        role: a.role,
        roles: e.p.roles.map((r) => ({ role: r.role, country: r.country, start: r.start, end: r.end })),
      };
    }
    case 'noun':
      return { type: 'sector noun', code: e.sector, name: '' };
    case 'role':
      return { type: `role ${e.r.role}`, code: e.r.sector, name: '' };
    case 'reference':
      return { type: `reference to the last named pair of ${e.target}`, code: '', name: '' };
    case 'actor':
      return {
        type: 'dictionary actor',
        code: codeAt(e.a.periods, e.a.fallback, date) ?? '',
        name: e.a.name,
      };
    default:
      return { type: e.t, code: '', name: '' };
  }
}

export function lookupName(kb: KnowledgeBase, name: string, date: string): LookupEntry[] {
  const keys = splitPhrase(name).map((t) => keyOf(t.toLowerCase()));
  const found = lookupKeys(kb, keys, date);
  return found.length === 0 && keys[0] === 'the' && keys.length > 1
    ? lookupKeys(kb, keys.slice(1), date)
    : found;
}

function lookupKeys(kb: KnowledgeBase, keys: readonly string[], date: string): LookupEntry[] {
  const list = kb.index.get(keys[0] ?? '') ?? [];
  const out: LookupEntry[] = [];
  for (const ph of list) {
    if (ph.keys.length !== keys.length || ph.keys.some((k, i) => k !== keys[i])) continue;
    for (const e of ph.entries) {
      const d = describe(e, kb, date);
      if (d) out.push(d);
    }
  }
  return out;
}
