"""``qualcode framework add|list`` and ``qualcode link``: map themes onto a strategy from a script.

Team leads set up the strategy once (a bundled one, or a CSV/XLSX of ``id,parent_id,label,aliases``)
and analysts link themes by name and item id or alias, so a project can be prepared for the
write-up without the app. Errors are :class:`QualCodeError` with a one-line message.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qualcode.domain.errors import ValidationError
from qualcode.domain.wording import plural
from qualcode.services.frameworks.bundled import bundled_frameworks

# The services (and the database layer under them) load when a command runs, not when the
# parser is built: every ``qualcode`` call builds the whole parser.


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fw = sub.add_parser("framework", help="strategy frameworks that themes are mapped onto")
    actions = fw.add_subparsers(dest="framework_command", required=True)
    add = actions.add_parser("add", help="add a framework from CSV/XLSX or a bundled one")
    add.add_argument("project", type=Path)
    add.add_argument("file", type=Path, nargs="?", help="id,parent_id,label,aliases (CSV/XLSX)")
    keys = [k for k, _n, _p in bundled_frameworks()]
    add.add_argument("--bundled", choices=keys, help="a framework shipped with QualCode")
    add.add_argument("--name", help="the framework's name (default: from the file name)")
    ls = actions.add_parser("list", help="the project's frameworks and their items")
    ls.add_argument("project", type=Path)
    ls.add_argument("--items", action="store_true", help="list every item too")

    link = sub.add_parser("link", help="link a theme to a framework item (priority)")
    link.add_argument("project", type=Path)
    link.add_argument("theme", help="the theme's name")
    link.add_argument(
        "item", help="the item's id (P3.2), an alias or its label; '*' = cross-cutting"
    )
    link.add_argument("--secondary", action="store_true", help="a secondary link (default primary)")
    link.add_argument("--rationale", default="", help="why the theme serves this item")
    link.add_argument("--framework", help="the framework's name (needed when there are several)")


def run_framework(args: argparse.Namespace) -> int:
    from qualcode.services.frameworks.frameworks import (
        add_bundled_framework,
        framework_items,
        import_framework,
        list_frameworks,
    )
    from qualcode.storage.project import Project

    if args.framework_command == "list":
        with Project.open(args.project, readonly=True) as project:
            infos = list_frameworks(project)
            if not infos:
                print(f"{args.project}: no frameworks yet")
            for info in infos:
                priorities = plural(info.priorities, "priority", "priorities")
                links = plural(info.links, "theme link")
                print(f"{info.name}: {priorities}, {plural(info.items, 'item')}, {links}")
                if args.items:
                    for item in framework_items(project, info.id):
                        print(f"  {'  ' * item.depth}{item.ref}  {item.label}")
        return 0
    if (args.file is None) == (args.bundled is None):
        raise ValidationError("Give either a framework file or --bundled KEY.")
    with Project.open(args.project) as project:
        if args.bundled:
            change = add_bundled_framework(project, args.bundled)
        else:
            change = import_framework(project, args.file, args.name)
    print(change.summary)
    return 0


def run_link(args: argparse.Namespace) -> int:
    from qualcode.services.frameworks.framework_links import (
        find_theme,
        link_theme,
        set_cross_cutting,
    )
    from qualcode.services.frameworks.frameworks import find_item, framework_id
    from qualcode.storage.project import Project

    with Project.open(args.project) as project:
        theme_id = find_theme(project, args.theme)
        if args.item.strip() == "*":
            change = set_cross_cutting(project, theme_id, framework_id(project, args.framework))
        else:
            item = find_item(project, args.framework, args.item)
            strength = "secondary" if args.secondary else "primary"
            change = link_theme(project, theme_id, item.id, strength, args.rationale)
    print(change.summary)
    return 0


def add_attribution_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    at = sub.add_parser("attribution", help="show or set the quote attribution template")
    at.add_argument("project", type=Path)
    at.add_argument("template", nargs="?", help="e.g. '({gender}, aged {age_band})'")
    at.add_argument("--fallback", default="", help="used when an attribute is missing")
    at.add_argument(
        "--preview",
        type=int,
        metavar="N",
        help="print the attribution of N coded extracts instead of saving the template",
    )


def run_attribution(args: argparse.Namespace) -> int:
    from qualcode.services.reports.attribution import (
        attribution_template,
        placeholders,
        set_attribution_template,
    )
    from qualcode.storage.project import Project

    if getattr(args, "preview", None) is not None:
        from qualcode.cli.cases import print_attribution_preview

        return print_attribution_preview(args)
    if args.template is None:
        with Project.open(args.project, readonly=True) as project:
            template, fallback = attribution_template(project)
            names = ", ".join("{" + n + "}" for n in placeholders(project))
        print(f"template: {template}\nfallback: {fallback}\nplaceholders: {names}")
        return 0
    with Project.open(args.project) as project:
        set_attribution_template(project, args.template, args.fallback)
        template, fallback = attribution_template(project)
    print(f"Attribution template set: {template} (fallback {fallback})")
    return 0
