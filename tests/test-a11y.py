#!/usr/bin/python3
# test-a11y.py — drives the running app through the AT-SPI tree, as a screen
# reader would: finds the search box, the category tiles and the back button
# by accessible name and role, and uses them (issue 6).
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-a11y.py APP_NAME (run by test-a11y.sh, which starts the app).
import sys
import time

import pyatspi

APP = sys.argv[1] if len(sys.argv) > 1 else "readingpoint"
TAP = []


def ok(cond, what):
    TAP.append((bool(cond), what))
    print(("ok %d - %s" if cond else "not ok %d - %s") % (len(TAP), what), flush=True)
    return cond


def wait_for(fn, timeout=20.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            found = fn()
        except Exception:  # the tree changes under us while the app works
            found = None
        if found:
            return found
        time.sleep(0.2)
    return None


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name and APP.lower() in app.name.lower():
            return app
    return None


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def showing(node):
    # GTK 4.8 does not report SHOWING for widgets: every node counts.
    return True


def find(app, role, pred):
    for node in walk(app):
        try:
            if node.getRoleName() == role and pred(node.name or "") and showing(node):
                return node
        except Exception:
            continue
    return None


def sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def results():
    """Labels inside the search results page."""
    page = find(app, "filler", lambda n: n == "RpSearchPage")
    if page is None:
        return 0
    return sum(1 for n in walk(page) if n.getRoleName() == "label" and (n.name or "").strip())


print("TAP version 13", flush=True)
app = wait_for(find_app, 30)
if not ok(app is not None, "the app is on the accessibility bus"):
    print("1..%d" % len(TAP))
    sys.exit(1)

search = wait_for(lambda: find(app, "entry", lambda n: n == "Search"))
ok(search is not None, "entry 'Search' found")
tile = wait_for(lambda: find(app, "push button", lambda n: n.startswith("政府信息公开指南")))
ok(tile is not None, "category tile button '政府信息公开指南…' found")
back = wait_for(lambda: find(app, "push button", lambda n: n == "Back"))
ok(back is not None, "button 'Back' found")
ok(back is not None and not sensitive(back), "Back is insensitive on the home page")

if tile is not None:
    tile.queryAction().doAction(0)
    ok(wait_for(lambda: sensitive(back), 10), "activating the tile opens the category (Back becomes sensitive)")
if back is not None:
    back.queryAction().doAction(0)
    ok(wait_for(lambda: not sensitive(back), 10), "activating Back returns home")

if search is not None:
    search.queryEditableText().setTextContents("ljfl")
    ok(wait_for(lambda: results() > 0, 10), "text typed into the search box shows results (%d labels)" % results())
    search.queryEditableText().setTextContents("")
    ok(wait_for(lambda: results() == 0, 10), "clearing the search clears the results")

# Every button showing has a name (screen readers announce it).
unnamed = [n for n in walk(app) if n.getRoleName() in ("push button", "toggle button")
           and showing(n) and not (n.name or "").strip()]
ok(not unnamed, "every visible button has an accessible name (%d without)" % len(unnamed))

print("1..%d" % len(TAP), flush=True)
sys.exit(0 if all(c for c, _ in TAP) else 1)
