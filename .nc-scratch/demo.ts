import { readFileSync, readdirSync } from 'node:fs';
import { createExtractor } from '../src/pipeline.ts';
const ex = createExtractor();
const docs: any[] = [];
for (const f of readdirSync('data/demo/articles').sort()) {
  const raw = readFileSync('data/demo/articles/'+f,'utf8');
  const head: any = {}; const [h, ...rest] = raw.split(/\n\n/);
  for (const l of h.split('\n')) { const m = /^(\w+): (.*)$/.exec(l); if (m) head[m[1].toLowerCase()] = m[2]; }
  docs.push({id:f.slice(0,3),published_at:head.date,source:head.source,text:rest.join('\n\n'),lang:'en',content_hash:'',simhash:'',format:'text'});
}
for (const l of readFileSync('data/demo/wire.jsonl','utf8').split('\n').filter(Boolean)) { const j = JSON.parse(l); docs.push({id:j.id.slice(0,20),published_at:j.date,source:j.source,text:j.text,lang:'en',content_hash:'',simhash:'',format:'jsonl'}); }
const only = process.argv[2];
for (const d of docs) {
  if (only && d.id !== only) continue;
  const r = ex.extract(d);
  for (const c of r.claims) if (c.claim_type==='numeric' || process.env.REL) console.log(d.id, JSON.stringify({s:c.sentence_index,t:c.claim_type[0],m:c.metric,v:c.value,u:c.unit,ov:c.original_value,ou:c.original_unit,a:c.actors,d:c.direction,p:[c.period_start,c.period_end],rel:c.relation,st:c.stance,sp:c.speaker,role:c.speaker_actor?.role,rule:c.rule}), '|', c.evidence.text.slice(0,150));
  if (process.env.Q) for (const q of r.quotes) console.log(d.id, 'Q', q.direct, q.speaker, q.speaker_role, q.speaker_actor?.code, '|', q.text.slice(0,100));
}
