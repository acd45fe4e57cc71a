"""The kinds of records that can be imported: each app registers its own in its `imports.py`.

The importer finds them here and never imports an app (as InvenTree's importer registry
does); `MenaprogramConfig.ready` loads every app's `imports` module.
"""

from dataclasses import dataclass

_kinds = {}


@dataclass(frozen=True)
class Kind:
    """One kind of record that can be imported, and how its file is checked."""

    slug: str
    label: str
    resource: type  # a ProgramResource
    permission: str  # to import is to add records
    required: tuple  # columns a file must have
    key: tuple  # columns that name one record: two rows with the same key clash
    # Fields of the model that make a new row look like a record already in the database
    # (the same file imported again): the preview warns and says how many. A kind whose
    # rows are found by their key (import_id_fields) needs none: such rows are updates.
    same_as: tuple = ()
    # Where the kind is listed: a file that names other records (events name partners)
    # comes after theirs, whatever the order the apps are installed in.
    order: int = 0
    # Rows that belong to the council, not to a program (partners): importable whatever the
    # program chosen, an ended one included.
    council_wide: bool = False

    @property
    def columns(self):
        # In the order of the export (Meta.fields), not of the model.
        return [self.resource.fields[name].column_name for name in self.resource._meta.fields]

    @property
    def same_as_columns(self):
        return [self.resource.fields[name].column_name for name in self.same_as]

    def make_resource(self, program):
        return self.resource(program=program)


def register(kind):
    """Make `kind` importable; a slug is registered once."""
    if kind.slug in _kinds and _kinds[kind.slug] != kind:
        raise ValueError(f"Another import kind is already called {kind.slug!r}.")
    _kinds[kind.slug] = kind
    return kind


def get(slug):
    """The kind called `slug`; KeyError if no app registered it."""
    return _kinds[slug]


def kinds():
    """Every registered kind, in their order."""
    return sorted(_kinds.values(), key=lambda kind: kind.order)


def kinds_for(user):
    """The kinds this person may import: those whose records they may add."""
    return [kind for kind in kinds() if user.has_perm(kind.permission)]
