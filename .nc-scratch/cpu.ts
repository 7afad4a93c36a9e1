import { readFileSync } from 'node:fs';
import { createExtractor } from '../src/pipeline.ts';
import { analyzeDocument, createNlp } from '../src/nlp/index.ts';
import { findDates } from '../src/nlp/dates.ts';
const seed = readFileSync('../shared/seed/iran-russia-bloc.txt','utf8');
const ag = readFileSync('../shared/data/agnews-world/articles.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l));
const ex = createExtractor(); const no = createExtractor({ skipClaims: true });
const cpu = (f: ()=>void) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return (c.user+c.system)/1e6; };
const sets: [string, any[]][] = [['seed x200', Array.from({length:200},(_,i)=>({id:'s'+i,published_at:'2025-12-18',text:seed}))], ['agnews', ag.map((a:any)=>({id:a.id,published_at:a.date??'2005-01-01',text:a.title+'. '+a.text}))]];
for (const [label, docs] of sets) {
  for (const d of docs.slice(0,50)) { ex.extract(d); no.extract(d); }
  let a=1e9,b=1e9,n=1e9,fd=1e9; let nS=0;
  const an = docs.map(d=>analyzeDocument(d, ex.nlp)); nS = an.reduce((k,x)=>k+x.sentences.length,0);
  for (let r=0;r<4;r++) {
    a=Math.min(a,cpu(()=>{for (const d of docs) ex.extract(d);}));
    b=Math.min(b,cpu(()=>{for (const d of docs) no.extract(d);}));
    n=Math.min(n,cpu(()=>{for (const d of docs) analyzeDocument(d, ex.nlp);}));
    fd=Math.min(fd,cpu(()=>{for (const x of an) for (const s of x.sentences) findDates(s.text,s.start,s.tokens,s.entities,{publishedAt:x.doc.published_at});}));
  }
  console.log(label, 'sentences', nS, 'extract', (nS/a).toFixed(0), 'sent/cpu-s; without claims', (nS/b).toFixed(0), '; claims overhead', (100*(a-b)/b).toFixed(1)+'%', '; nlp', (nS/n).toFixed(0), 'sent/cpu-s; dates share of nlp', (100*fd/n).toFixed(1)+'%', 'nlp without dates est', (nS/(n-fd)).toFixed(0));
}
