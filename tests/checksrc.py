#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""netra's source checks (`make lint`, run by `make check`), a cut of curl's
checksrc: the rules of ../shared/STYLE.md that a machine can check.

Each problem is printed as FILE:LINE: rule: what; the exit status is 1 when
there is any. Rules:
  comment     no // comments
  long-line   at most 80 columns (a tab is 8)
  whitespace  no trailing white space
  stderr      standard error only inside src/util/msg.c
  fopen       fopen() only inside src/util/fsutil.c
  getenv      getenv() only inside src/util/config.c
  sqlite      sqlite3_*() only inside src/store/db_sqlite.c
  sql         no SQL text and no statement calls (db_prepare, db_exec,
              db_step, db_bind_*, db_col_*, db_int) outside src/store/
  size        no source file over 1,000 lines
  banned      every .c includes util/banned.h, and last
With --duplicates N, also runs the `duplicates` tool (where it is
installed) over src/ and fails when it finds more than N pairs.
"""
import os
import re
import subprocess
import sys

MAX_COLS = 80
MAX_LINES = 1000

SQL_WORDS = re.compile(
    r'^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|'
    r'COMMIT|ROLLBACK|SAVEPOINT|RELEASE|WITH|REPLACE)\b')
SQL_CALLS = re.compile(
    r'\b(db_prepare|db_exec|db_step|db_bind_[a-z]+|db_col_[a-z]+|db_int)\s*\(')


def strip(text):
    """Returns text with comments and string/char literals blanked (their
    lengths kept, newlines kept), plus the list of (line, literal) found."""
    out = []
    lits = []
    i, n, line = 0, len(text), 1
    comments = []
    while i < n:
        c = text[i]
        if c == '\n':
            line += 1
            out.append(c)
            i += 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            seg = text[i:j]
            out.append(''.join('\n' if ch == '\n' else ' ' for ch in seg))
            line += seg.count('\n')
            i = j
        elif text.startswith('//', i):
            comments.append(line)
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                if text[j] == '\\':
                    j += 1
                if j < n and text[j] == '\n':
                    break
                j += 1
            seg = text[i:j + 1]
            if c == '"':
                lits.append((line, seg[1:-1]))
            out.append(c + ' ' * (len(seg) - 2) + c if len(seg) >= 2
                       else seg)
            line += seg.count('\n')
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out), lits, comments


def cols(s):
    n = 0
    for ch in s:
        n = (n // 8 + 1) * 8 if ch == '\t' else n + 1
    return n


def check(path, rel, problems):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    lines = text.split('\n')
    if text.endswith('\n'):
        lines = lines[:-1]

    def bad(line, rule, what):
        problems.append('%s:%d: %s: %s' % (rel, line, rule, what))

    if len(lines) > MAX_LINES:
        bad(len(lines), 'size', '%d lines (at most %d): split the file by '
            'responsibility' % (len(lines), MAX_LINES))
    for k, l in enumerate(lines, 1):
        # display width counts characters, not bytes
        if cols(l) > MAX_COLS:
            bad(k, 'long-line', '%d columns' % cols(l))
        if l != l.rstrip():
            bad(k, 'whitespace', 'trailing white space')
    code, lits, comments = strip(text)
    for k in comments:
        bad(k, 'comment', '// comment: write /* */')
    clines = code.split('\n')
    in_store = rel.startswith('src/store/')
    for k, l in enumerate(clines, 1):
        if re.search(r'\bstderr\b', l) and rel != 'src/util/msg.c':
            bad(k, 'stderr', 'only util/msg.c writes to standard error')
        if re.search(r'\bfopen\s*\(', l) and rel != 'src/util/fsutil.c':
            bad(k, 'fopen', 'open files through util/fsutil.h')
        if re.search(r'\bgetenv\s*\(', l) and rel != 'src/util/config.c':
            bad(k, 'getenv', 'read the environment through conf_getenv()')
        if (re.search(r'\bsqlite3_\w+\s*\(', l) and
                rel != 'src/store/db_sqlite.c'):
            bad(k, 'sqlite', 'only the SQLite driver calls sqlite3_*()')
        if not in_store and SQL_CALLS.search(l):
            bad(k, 'sql', '%s() outside src/store/: call a store function'
                % SQL_CALLS.search(l).group(1))
    if not in_store:
        for k, s in lits:
            if SQL_WORDS.match(s):
                bad(k, 'sql', 'SQL text outside src/store/: "%s"' % s[:40])
    if rel.endswith('.c'):
        incs = [(k, l) for k, l in enumerate(lines, 1)
                if re.match(r'\s*#\s*include\b', l)]
        if not incs or 'util/banned.h' not in incs[-1][1]:
            bad(incs[-1][0] if incs else 1, 'banned',
                'include "util/banned.h" last')


def main(argv):
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dup_limit = None
    args = argv[1:]
    if len(args) >= 2 and args[0] == '--duplicates':
        dup_limit = int(args[1])
        args = args[2:]
    problems = []
    for d, _, files in sorted(os.walk(os.path.join(top, 'src'))):
        for name in sorted(files):
            if name.endswith(('.c', '.h')):
                p = os.path.join(d, name)
                check(p, os.path.relpath(p, top), problems)
    if dup_limit is not None:
        try:
            r = subprocess.run(['duplicates', '--repo', 'src', '--most',
                                '200', '--seconds', '60'], cwd=top,
                               capture_output=True, text=True, timeout=120)
            m = re.match(r'(\d+) pairs', r.stdout)
            pairs = int(m.group(1)) if m else 0
            if pairs > dup_limit:
                problems.append('src: duplicates: %d pairs of repeated '
                                'code (at most %d): make one piece of code '
                                'serve both' % (pairs, dup_limit))
            else:
                print('checksrc: duplicates: %d pairs (at most %d)'
                      % (pairs, dup_limit))
        except (OSError, subprocess.TimeoutExpired):
            print('checksrc: the duplicates tool is not here; '
                  'that check is skipped')
    for p in problems:
        print(p)
    print('checksrc: %d problem%s' % (len(problems),
                                     '' if len(problems) == 1 else 's'))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
