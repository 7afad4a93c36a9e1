import { readFileSync } from 'node:fs';
import { createExtractor } from '../src/pipeline.ts';
import { analyzeDocument } from '../src/nlp/index.ts';
import { resolveActors } from '../src/actors/index.ts';
import { extractClaimsAndQuotes } from '../src/claims/index.ts';
const ag = readFileSync('../shared/data/agnews-world/articles.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l));
const ex = createExtractor();
const docs = ag.map((a:any)=>({id:a.id,published_at:a.date??'2005-01-01',text:a.title+'. '+a.text}));
const an = docs.map(d=>analyzeDocument(d as any, ex.nlp)); const ms = an.map(a=>resolveActors(a, ex.kb));
const t0 = performance.now();
for (let r=0;r<30;r++){ for (let i=0;i<an.length;i++) extractClaimsAndQuotes(an[i], ms[i], [], ex.claimsRules); }
const nS = an.reduce((n,a)=>n+a.sentences.length,0);
console.log('claims us/sent', ((performance.now()-t0)*1000/(30*nS)).toFixed(2));
