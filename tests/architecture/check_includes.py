#!/usr/bin/env python3
"""Checks the include rules of docs/ARCHITECTURE.md over every C++ file's #include lines.

- gateway/ folders depend only downward: the order is the order of the "# NAME/ — …"
  sections in gateway/CMakeLists.txt, and a folder may include only itself and folders
  listed above it.
- gateway/ never includes Widgets, Charts, ui/, app/ or cli/.
- app/cli/ (the CLI library) never includes Widgets, Charts or ui/, nor app/'s wiring.
- ui/ never includes app/; only ui/charts/ includes Qt Charts.
- Nothing includes across folders with "../".

Usage: check_includes.py SOURCE_DIR. Prints every violation; exits 1 if there is any.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
WIDGETS = re.compile(r'^(QtWidgets/|QtCharts/|QtGui/|Q(Widget|Application|MainWindow|Dialog|SystemTrayIcon|Chart\w*|PushButton|Label|Menu|Action|Icon|Pixmap|Painter|Gui\w*)\b)')
CHARTS = re.compile(r'^(QtCharts/|QChart\w*\b|Q(Line|Bar|Pie|Area|Spline|Scatter)Series\b|Q(Value|DateTime|BarCategory)Axis\b)')


def folder_order(root):
    order = []
    with open(os.path.join(root, 'gateway', 'CMakeLists.txt'), encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^# (\w+)/ — ', line)
            if m:
                order.append(m.group(1))
    return order


def includes(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield number, m.group(1), m.group(2)


def sources(root, top):
    for d, dirs, files in os.walk(os.path.join(root, top)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(('.h', '.cpp', '.mm')):
                yield os.path.join(d, name)


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '.')
    order = folder_order(root)
    rank = {name: i for i, name in enumerate(order)}
    problems = []
    present = {d for d in os.listdir(os.path.join(root, 'gateway'))
               if os.path.isdir(os.path.join(root, 'gateway', d))}
    for missing in sorted(present - set(order)):
        problems.append('gateway/%s/ has no place in the folder order (gateway/CMakeLists.txt)'
                        % missing)

    for path in sources(root, 'gateway'):
        rel = os.path.relpath(path, root)
        folder = rel.split(os.sep)[1]
        for number, kind, target in includes(path):
            where = '%s:%d' % (rel, number)
            if '..' in target.split('/'):
                problems.append('%s: include "%s" climbs with ../' % (where, target))
            if kind == '<':
                if WIDGETS.match(target):
                    problems.append('%s: the gateway library must not include <%s>' % (where, target))
                continue
            head = target.split('/')[0]
            if head in ('ui', 'app', 'cli'):
                problems.append('%s: the gateway library must not include "%s"' % (where, target))
            elif '/' in target and head in rank and folder in rank and rank[head] > rank[folder]:
                problems.append('%s: %s/ includes "%s", but %s/ sits above %s/'
                                % (where, folder, target, head, folder))

    for path in sources(root, os.path.join('app', 'cli')):
        rel = os.path.relpath(path, root)
        here = os.path.dirname(path)
        for number, kind, target in includes(path):
            where = '%s:%d' % (rel, number)
            if kind == '<':
                if WIDGETS.match(target):
                    problems.append('%s: the CLI library must not include <%s>' % (where, target))
                continue
            if target.split('/')[0] == 'ui':
                problems.append('%s: the CLI library must not include "%s"' % (where, target))
            elif '/' not in target and not os.path.exists(os.path.join(here, target)):
                problems.append('%s: the CLI library must not include app/\'s "%s"'
                                % (where, target))

    for path in sources(root, 'ui'):
        rel = os.path.relpath(path, root)
        in_charts = rel.startswith(os.path.join('ui', 'charts') + os.sep)
        for number, kind, target in includes(path):
            where = '%s:%d' % (rel, number)
            if target.startswith('app/'):
                problems.append('%s: ui/ must not include "%s"' % (where, target))
            if kind == '<' and CHARTS.match(target) and not in_charts:
                problems.append('%s: only ui/charts/ may include <%s>' % (where, target))

    for line in problems:
        print(line)
    print('%d include rule violation(s) over the folder order: %s'
          % (len(problems), ' < '.join(order)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
