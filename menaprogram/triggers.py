"""A PostgreSQL trigger that keeps a row's year inside its program's term.

A CHECK constraint cannot look at another table, and a year outside the term would
silently fall out of every report, so the database itself refuses such a row.
Models repeat the rule in `clean()` to show the message next to the field.
"""

from django.db import migrations


def year_in_term(table, program_id_sql, year_sql):
    """A migration operation that adds the trigger to `table`."""
    name = f"{table}_year_in_term"
    return migrations.RunSQL(
        sql=f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  term record;
BEGIN
  SELECT start_year, end_year INTO term FROM activities_program WHERE id = ({program_id_sql});
  IF ({year_sql}) NOT BETWEEN term.start_year AND term.end_year THEN
    RAISE EXCEPTION 'year % is outside the program term %-%',
        ({year_sql}), term.start_year, term.end_year
      USING ERRCODE = 'check_violation', CONSTRAINT = '{name}';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {name}();
""",
        reverse_sql=f"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();",
    )
