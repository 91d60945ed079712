# Tunes the combination of the ranking's parts offline, from the lines RankingFeatures.java prints
# (lexical score, mentions, kind of file, graph walk shares): recall@1/5/10 and MRR per language
# for each variant of the graph and weight. Usage: python3 bench/ranking/tune.py FEATURES.jsonl
import json,sys,collections,math
rows=[json.loads(l) for l in open(sys.argv[1])]
def lang(i):
    if i.startswith(('grpc','zeromicro')): return 'Go'
    if i.startswith(('anuraghazra','expressjs','axios','iamkun')): return 'JS'
    if i.startswith('darkreader'): return 'TS'
    if i.startswith('apache'): return 'Java'
    return 'Python'
TEMPLATE=1.0
def ranks(variant,g,mw=0.6,mult=False):
    out=[]
    for r in rows:
        sc=[]
        for f in r['files']:
            w=f['walk'][variant] if variant else 0
            b=f['lex']+mw*math.log1p(f['mention'])
            s=(b*(1+g*w) if mult else b+g*w)*f['kind']*(TEMPLATE if f['path'].startswith(('.github/ISSUE_TEMPLATE','.github/PULL_REQUEST_TEMPLATE','.github/pull_request_template')) else 1)
            sc.append((-s,f['path']))
        sc.sort()
        k=0
        for i,(s,p) in enumerate(sc):
            if p in r['gold']: k=i+1; break
        out.append((r['id'],k))
    return out
def fig(ks):
    n=len(ks)
    return (n, sum(1 for k in ks if 0<k<=1)/n, sum(1 for k in ks if 0<k<=5)/n, sum(1 for k in ks if 0<k<=10)/n, sum(1/k for k in ks if k>0)/n)
def show(name,rs):
    by=collections.defaultdict(list)
    for i,k in rs: by[lang(i)].append(k); by['ALL'].append(k)
    print(f"{name:22}", '  '.join(f"{l}:{n} {100*a:.0f}/{100*b:.0f}/{100*c:.0f} {m:.3f}" for l,(n,a,b,c,m) in sorted((l,fig(v)) for l,v in by.items())))
show('none',ranks(None,0))
TEMPLATE=0.25
show('none-tmpl',ranks(None,0))
variants=list(rows[0]['files'][0]['walk'].keys())
for v in variants:
    for g in (0.05,0.1,0.2,0.3,0.5):
        show(f"{v} g{g}",ranks(v,g))
        show(f"{v} m{g*4}",ranks(v,g*4,mult=True))
