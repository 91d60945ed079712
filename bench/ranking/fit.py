# Fits the weights of the ranking's signals (app/.../context/Signal.java) on the lines
# RankingFeatures.java prints, and says how well they rank the sets they were not fitted on.
#
#   python3 bench/ranking/fit.py FEATURES.jsonl...            leave-one-language-out figures
#   WEIGHTS=out.json python3 bench/ranking/fit.py FEATURES... the same, then the weights fitted on all
#
# The score is the ranking's: kind * max(0, evidence . w) * exp(priors . v). The fit maximises, per
# task, the softmax share of the answer files among the candidates (listwise), each language
# weighed as 1/sqrt(its tasks) so that the biggest set does not decide alone; evidence weights are
# kept >= 0 (each kind of evidence can only add). Leave-one-language-out: fitted on the other
# languages, measured on the one left out, as a held-out set would be.
# Needs numpy. Environment: EVIDENCE / PRIORS (comma lists) to try subsets, L2, SCALE, ITERS.
import collections
import json
import math
import os
import sys

import numpy as np

EVIDENCE = os.environ.get('EVIDENCE', 'LEXICAL,LEXICAL_PATH,LEXICAL_DECLARATIONS,LEXICAL_BODY,LEXICAL_TITLE,PATH_MENTIONED,FRAME,MEMBER,'
                          'OWN_NAME,TYPE,FUNCTION,MODULE,MESSAGE,NAME_IN_TITLE,NAME_IN_BODY,DECLARED_IN_TITLE,DECLARED_IN_BODY').split(',')
PRIORS = [p for p in os.environ.get('PRIORS', 'CHANGED,FIXED,RECENT,SIZE,DEPTH').split(',') if p]
L2 = float(os.environ.get('L2', '1e-3'))
SCALE = float(os.environ.get('SCALE', '10'))
ITERS = int(os.environ.get('ITERS', '400'))
EXTENSIONS = {'.java': 'java', '.kt': 'kotlin', '.py': 'python', '.go': 'go', '.js': 'js', '.jsx': 'js', '.mjs': 'js', '.cjs': 'js',
              '.ts': 'ts', '.tsx': 'ts'}


def language(gold):
    """The language of a task: that of most of its answer's code files."""
    found = collections.Counter(EXTENSIONS[e] for e in (os.path.splitext(p)[1] for p in gold) if e in EXTENSIONS)
    return found.most_common(1)[0][0] if found else 'other'


def load(paths):
    tasks, seen = [], set()
    for fn in paths:
        for line in open(fn):
            r = json.loads(line)
            if r['id'] in seen:
                continue
            seen.add(r['id'])
            fs = r['files']
            gold = set(r['gold'])
            tasks.append(dict(
                id=r['id'], g=language(r['gold']), paths=[f['path'] for f in fs],
                E=np.array([[f.get(k, 0.0) for k in EVIDENCE] for f in fs]).reshape(len(fs), len(EVIDENCE)),
                P=np.array([[f.get(k, 0.0) for k in PRIORS] for f in fs]).reshape(len(fs), len(PRIORS)),
                k=np.array([f['kind'] for f in fs]), y=np.array([1.0 if f['path'] in gold else 0.0 for f in fs])))
            if fs and all('cur' in f for f in fs):
                # A dump that carries another ranking's scores ('cur'), to compare with.
                tasks[-1]['cur'] = np.array([f['cur'] for f in fs])
    return tasks


def score(t, w, v):
    return t['k'] * np.maximum(t['E'] @ w, 0) * np.exp(t['P'] @ v)


def first_rank(s, t):
    order = sorted(range(len(s)), key=lambda i: (-s[i], t['paths'][i]))
    return next((k + 1 for k, i in enumerate(order) if t['y'][i] > 0), 0)


def figures(ranks):
    n = len(ranks)
    return (n, 100 * sum(0 < k <= 1 for k in ranks) / n, 100 * sum(0 < k <= 5 for k in ranks) / n,
            100 * sum(0 < k <= 10 for k in ranks) / n, sum(1 / k for k in ranks if k > 0) / n)


def fit(train, weigh):
    d, q = len(EVIDENCE), len(PRIORS)
    th = np.concatenate([np.full(d, 0.1), np.zeros(q)])
    m, s2 = np.zeros(d + q), np.zeros(d + q)
    for it in range(1, ITERS + 1):
        g, total = np.zeros(d + q), 0
        w, v = th[:d], th[d:]
        for t in train:
            if t['y'].sum() == 0:
                continue
            ex, base = np.exp(t['P'] @ v), np.maximum(t['E'] @ w, 0)
            s = SCALE * t['k'] * base * ex
            p = np.exp(s - s.max())
            p /= p.sum()
            r = (p - t['y'] / t['y'].sum()) * SCALE * t['k']
            g[:d] += weigh[t['g']] * (t['E'].T @ (r * ex * (base > 0)))
            g[d:] += weigh[t['g']] * (t['P'].T @ (r * base * ex))
            total += weigh[t['g']]
        g = g / total + L2 * th
        m, s2 = 0.9 * m + 0.1 * g, 0.999 * s2 + 0.001 * g * g
        th -= 0.02 * (m / (1 - 0.9 ** it)) / (np.sqrt(s2 / (1 - 0.999 ** it)) + 1e-8)
        th[:d] = np.maximum(th[:d], 0)
    return th[:d], th[d:]


def main():
    tasks = load(sys.argv[1:])
    count = collections.Counter(t['g'] for t in tasks)
    weigh = {g: 1 / math.sqrt(n) for g, n in count.items()}
    print('tasks', len(tasks), dict(count))
    current, fitted = collections.defaultdict(list), collections.defaultdict(list)
    for g in sorted(count):
        w, v = fit([t for t in tasks if t['g'] != g], weigh)
        for t in tasks:
            if t['g'] == g:
                if 'cur' in t:
                    current[g].append(first_rank(t['cur'], t))
                fitted[g].append(first_rank(score(t, w, v), t))
    every = []
    for g in sorted(count):
        print(f"{g:8} left out: {len(fitted[g]):4d} tasks, rank 1 {figures(fitted[g])[1]:5.1f}, top 5 {figures(fitted[g])[2]:5.1f},"
              f" top 10 {figures(fitted[g])[3]:5.1f}, MRR {figures(fitted[g])[4]:.3f}")
        if current[g]:
            print(f"{'':8} compared: {len(current[g]):4d} tasks, rank 1 {figures(current[g])[1]:5.1f}, top 5 {figures(current[g])[2]:5.1f},"
                  f" top 10 {figures(current[g])[3]:5.1f}, MRR {figures(current[g])[4]:.3f}")
        every += fitted[g]
    n, r1, r5, r10, mrr = figures(every)
    print(f"{'all':8} left out: {n:4d} tasks, rank 1 {r1:5.1f}, top 5 {r5:5.1f}, top 10 {r10:5.1f}, MRR {mrr:.3f}")
    cur = [k for g in sorted(count) for k in current[g]]
    if cur:
        n, r1, r5, r10, mrr = figures(cur)
        print(f"{'':8} compared: {n:4d} tasks, rank 1 {r1:5.1f}, top 5 {r5:5.1f}, top 10 {r10:5.1f}, MRR {mrr:.3f}")
    if os.environ.get('WEIGHTS'):
        w, v = fit(tasks, weigh)
        for k, x in list(zip(EVIDENCE, w)) + list(zip(PRIORS, v)):
            print(f"  {k:22} {x:+.4f}")
        json.dump(dict(zip(EVIDENCE + PRIORS, [float(x) for x in list(w) + list(v)])), open(os.environ['WEIGHTS'], 'w'), indent=1)


if __name__ == '__main__':
    main()
