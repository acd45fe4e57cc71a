"""A PostgreSQL trigger that keeps a row's year inside its program's term.

A CHECK constraint cannot look at another table, and a year outside the term would
silently fall out of every report, so the database itself refuses such a row.
Models repeat the rule in `clean()` to show the message next to the field.
"""

import pgtrigger
from django.db import migrations


def _refuse_outside_term(program_id_sql, year_sql, constraint):
    # The error names the rule as a constraint would, and is a check_violation (an
    # IntegrityError in Django), like the CHECK constraints beside it.
    return f"""
  SELECT start_year, end_year INTO term FROM activities_program WHERE id = ({program_id_sql});
  IF ({year_sql}) NOT BETWEEN term.start_year AND term.end_year THEN
    RAISE EXCEPTION 'year % is outside the program term %-%',
        ({year_sql}), term.start_year, term.end_year
      USING ERRCODE = 'check_violation', CONSTRAINT = '{constraint}';
  END IF;
  RETURN NEW;
"""


class YearInTerm(pgtrigger.Trigger):
    """`Meta.triggers` entry: the row's year (`year_sql`) lies within the term of its program.

    Both arguments are SQL over `NEW`: the program's id and the year.
    """

    name = "year_in_term"
    when = pgtrigger.Before
    operation = pgtrigger.Insert | pgtrigger.Update
    declare = [("term", "record")]

    def __init__(self, *, program_id_sql, year_sql, **kwargs):
        self.program_id_sql = program_id_sql
        self.year_sql = year_sql
        super().__init__(**kwargs)

    def get_func(self, model):
        constraint = f"{model._meta.db_table}_year_in_term"
        return _refuse_outside_term(self.program_id_sql, self.year_sql, constraint)


def year_in_term(table, program_id_sql, year_sql):
    """The hand-made trigger the first migrations installed, before `YearInTerm`.

    Kept for those migrations (a fresh database still runs them) and for undoing the
    migrations that replaced it.
    """
    name = f"{table}_year_in_term"
    return migrations.RunSQL(
        sql=f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  term record;
BEGIN
{_refuse_outside_term(program_id_sql, year_sql, name)}
END $$;
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {name}();
""",
        reverse_sql=f"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();",
    )


def drop_year_in_term(table, program_id_sql, year_sql):
    """Undoes `year_in_term`, for the migrations that replaced it by `YearInTerm`."""
    made = year_in_term(table, program_id_sql, year_sql)
    return migrations.RunSQL(sql=made.reverse_sql, reverse_sql=made.sql)
