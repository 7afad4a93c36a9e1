import { readFileSync } from 'node:fs';
import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
import { findDates } from '../src/nlp/dates.ts';
const text = readFileSync('../shared/seed/iran-russia-bloc.txt','utf8');
const ag = readFileSync('../shared/data/agnews-world/articles.jsonl','utf8').split('\n').filter(Boolean).slice(0,3000).map(l=>JSON.parse(l));
const nlp = createNlp();
for (const [label, docs] of [['seed', Array.from({length: 300}, (_, i) => ({id:String(i),published_at:'2025-12-18',text}))], ['agnews', ag.map((a:any)=>({id:a.id,published_at:a.date??'2005-01-01',text:a.text}))]] as const) {
  const an = (docs as any[]).map(d => analyzeDocument(d, nlp));
  const sents = an.flatMap(a => a.sentences.map(s => [s, a.doc.published_at] as const));
  let best = 1e9;
  for (let r=0;r<5;r++){ const t=performance.now(); for (const [s,p] of sents) findDates(s.text, s.start, s.tokens, s.entities, {publishedAt:p}); best=Math.min(best, performance.now()-t); }
  let bestA = 1e9;
  for (let r=0;r<3;r++){ const t=performance.now(); for (const d of docs as any[]) analyzeDocument(d, nlp); bestA=Math.min(bestA, performance.now()-t); }
  console.log(label, 'sentences', sents.length, 'findDates us/sent', (best*1000/sents.length).toFixed(2), 'analyze sent/s', Math.round(sents.length/(bestA/1000)), 'dates found', sents.reduce((n,[s])=>n+s.dates.length,0));
}
