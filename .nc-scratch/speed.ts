import { readFileSync } from 'node:fs';
import { createExtractor } from '../src/pipeline.ts';
import { analyzeDocument } from '../src/nlp/index.ts';
import { resolveActors } from '../src/actors/index.ts';
import { codeEvents } from '../src/coding/index.ts';
import { extractClaimsAndQuotes } from '../src/claims/index.ts';
const seed = readFileSync('../shared/seed/iran-russia-bloc.txt','utf8');
const ag = readFileSync('../shared/data/agnews-world/articles.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l));
const ex = createExtractor();
const sets: [string, any[]][] = [['seed x300', Array.from({length:300},(_,i)=>({id:'s'+i,published_at:'2025-12-18',text:seed}))], ['agnews', ag.map((a:any)=>({id:a.id,published_at:a.date??'2005-01-01',text:a.title+'. '+a.text}))]];
for (const [label, docs] of sets) {
  for (const d of docs.slice(0,50)) ex.extract(d);
  const an = docs.map(d=>analyzeDocument(d, ex.nlp)); const ms = an.map(a=>resolveActors(a, ex.kb)); const evs = an.map((a,i)=>codeEvents(a, ms[i], ex.coder));
  const nS = an.reduce((n,a)=>n+a.sentences.length,0);
  const best = (f: ()=>void) => { let b=1e9; for (let r=0;r<3;r++){const t=performance.now(); f(); b=Math.min(b, performance.now()-t);} return b; };
  const tNlp = best(()=>{ for (const d of docs) analyzeDocument(d, ex.nlp); });
  const tClaims = best(()=>{ for (let i=0;i<an.length;i++) extractClaimsAndQuotes(an[i], ms[i], evs[i], ex.claimsRules); });
  const tExtract = best(()=>{ for (const d of docs) ex.extract(d); });
  console.log(label, 'sentences', nS, 'nlp sent/s', Math.round(nS/tNlp*1000), 'extract sent/s', Math.round(nS/tExtract*1000), 'claims ms', tClaims.toFixed(1), 'extract ms', tExtract.toFixed(1), 'claims share of extract', (100*tClaims/tExtract).toFixed(1)+'%', 'claims us/sent', (tClaims*1000/nS).toFixed(2));
}
