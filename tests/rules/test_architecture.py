"""docs/ARCHITECTURE.md matches the tree: it names every Python file of the
addons' layout folders, and every file it names exists."""
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LAYOUT = ("rules", "models", "report", "wizards", "demo_data", "controllers")


def _page():
    with open(os.path.join(ROOT, "docs", "ARCHITECTURE.md"), encoding="utf-8") as f:
        return f.read()


def _sections(page):
    """{addon: text of its '### addon' section}."""
    parts = re.split(r"^### (\S+)\s*$", page, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _addons():
    return sorted(a for a in os.listdir(os.path.join(ROOT, "addons"))
                  if os.path.isfile(os.path.join(ROOT, "addons", a, "__manifest__.py")))


def test_every_layout_file_is_described():
    sections = _sections(_page())
    missing = []
    for addon in _addons():
        for folder in LAYOUT:
            path = os.path.join(ROOT, "addons", addon, folder)
            if not os.path.isdir(path):
                continue
            for name in sorted(os.listdir(path)):
                if name.endswith(".py") and name != "__init__.py":
                    if "`%s/%s`" % (folder, name) not in sections.get(addon, ""):
                        missing.append("%s/%s/%s" % (addon, folder, name))
    assert not missing, "not in docs/ARCHITECTURE.md: %s" % missing


def test_every_described_file_exists():
    gone = []
    for addon, text in _sections(_page()).items():
        for rel in re.findall(r"`((?:%s|static)/[\w/.]+)`" % "|".join(LAYOUT), text):
            if not os.path.exists(os.path.join(ROOT, "addons", addon, rel)):
                gone.append("%s/%s" % (addon, rel))
    assert not gone, "docs/ARCHITECTURE.md names files that do not exist: %s" % gone


def test_rules_packages_do_not_import_the_framework():
    framework = re.compile(r"^\s*(from odoo import|import odoo\b|from odoo\.(?!addons\.)"
                           r"|from odoo\.addons\.(?!crm_customer_base\.rules))", re.M)
    offenders = []
    for addon in _addons():
        path = os.path.join(ROOT, "addons", addon, "rules")
        if not os.path.isdir(path):
            continue
        for name in os.listdir(path):
            if name.endswith(".py"):
                with open(os.path.join(path, name), encoding="utf-8") as f:
                    if framework.search(f.read()):
                        offenders.append("%s/rules/%s" % (addon, name))
    assert not offenders, "rules modules importing the Odoo framework: %s" % offenders
