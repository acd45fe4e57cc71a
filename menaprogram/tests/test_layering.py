"""The floor plan: apps import downward only, and the project's library imports no app.

partners ← activities ← budget ← reports ← reminders ← public: an app may import the apps to its
left. In the project package, only the modules that bring the apps together (urls, views,
commands) may import an app.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["partners", "activities", "budget", "reports", "reminders", "public"]
# Modules of menaprogram/ that bring the apps together; the rest is library code. (tasks.py
# is the import pages' background job: it does what import_views.py does in a request.)
ASSEMBLY = ("urls.py", "views.py", "import_views.py", "import_urls.py", "tasks.py", "management/")


def imported_apps(path):
    """The top-level packages of this project that a module imports, anywhere in it."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & {*LAYERS, "menaprogram"}


def modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT / package).as_posix()
        if "/tests/" in f"/{relative}" or relative.startswith("migrations/"):
            continue
        yield relative, path


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    wrong = {
        relative: sorted(imported_apps(path) & above)
        for relative, path in modules(app)
        if imported_apps(path) & above
    }
    assert wrong == {}


def test_the_project_library_imports_no_app():
    wrong = {
        relative: sorted(imported_apps(path) - {"menaprogram"})
        for relative, path in modules("menaprogram")
        if not relative.startswith(ASSEMBLY)
        and relative != "settings.py"
        and imported_apps(path) - {"menaprogram"}
    }
    assert wrong == {}


def test_the_layering_test_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from budget.models import Expense\n")
    assert imported_apps(module) == {"budget"}
