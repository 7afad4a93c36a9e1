import { readFileSync } from 'node:fs';
import { createExtractor } from '../src/pipeline.ts';
import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
import { extractClaimsAndQuotes, loadClaimsRules } from '../src/claims/index.ts';
const file = process.argv[2];
let text = readFileSync(file,'utf8'); let pub = process.argv[3] ?? '2025-12-18';
const m = /^Date: (\S+)/m.exec(text); if (m && file.includes('demo')) { pub = m[1]; text = text.replace(/^(Title|Date|Source|URL):.*\n/gm,''); }
let ex: any; try { ex = createExtractor(); } catch (e) { console.error('KB FAIL', String(e).slice(0,200)); const nlp = createNlp(); const rules = loadClaimsRules(); ex = { extract(d: any) { const a = analyzeDocument(d, nlp); return { ...extractClaimsAndQuotes(a, [], [], rules), mentions: [], events: [] }; } }; }
const r = ex.extract({id:'seed',published_at:pub,text,lang:'en',content_hash:'',simhash:'',format:'text', source: 'Outlet'} as any);
if (process.env.MENTIONS) for (const x of r.mentions) console.log('M', x.sentence_index, x.kind, x.text, x.actors.map(a=>a.code+'/'+(a.role??'')).join(','));
for (const c of r.claims) console.log('CLAIM', JSON.stringify({s:c.sentence_index,t:c.claim_type,m:c.metric,v:c.value,u:c.unit,ov:c.original_value,ou:c.original_unit,a:c.actors,d:c.direction,p:[c.period_start,c.period_end],rel:c.relation,st:c.stance,sp:c.speaker,sa:c.speaker_actor?.code,role:c.speaker_actor?.role,rule:c.rule}));
for (const q of r.quotes) console.log('QUOTE', JSON.stringify({s:q.sentence_index,sp:q.speaker,sa:q.speaker_actor?.code,role:q.speaker_role,d:q.direct,t:q.text.slice(0,80),rule:q.rule}));
for (const e of r.events) console.log('EVENT', e.source.code, e.code, e.target?.code, e.modality, e.date, e.date_precision);
