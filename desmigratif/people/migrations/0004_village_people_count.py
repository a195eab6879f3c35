"""People per village (``VillagePeopleCount``), kept by PostgreSQL triggers on ``people_person``.

- INSERT (and COPY): one statement-level trigger adds the new rows per village, so a bulk insert
  of thousands of persons updates each village's row once.
- DELETE: the same, subtracting.
- UPDATE: a row trigger that fires only when a person's village changes (a column list and a
  WHEN clause; PostgreSQL allows neither on a trigger with transition tables), moving one person.

Villages are touched in code order, so two transactions writing persons of the same villages wait
for each other rather than deadlock. TRUNCATE fires none of these; the test database's flush
truncates both tables together. Nothing on SQLite: there the list counts the persons themselves.
"""

from django.db import migrations, models

from desmigratif.core.migration_sql import run_on_postgresql

CREATE = r"""
LOCK TABLE people_person IN SHARE MODE;

INSERT INTO people_villagepeoplecount (village_code, people)
SELECT domicile_village_id, count(*) FROM people_person GROUP BY domicile_village_id;

CREATE FUNCTION people_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_villagepeoplecount AS c (village_code, people)
    SELECT domicile_village_id, count(*) FROM inserted GROUP BY domicile_village_id ORDER BY domicile_village_id
    ON CONFLICT (village_code) DO UPDATE SET people = c.people + EXCLUDED.people;
    RETURN NULL;
END $$;

CREATE FUNCTION people_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone record;
BEGIN
    FOR gone IN SELECT domicile_village_id AS village_code, count(*) AS people
                  FROM deleted GROUP BY domicile_village_id ORDER BY domicile_village_id LOOP
        UPDATE people_villagepeoplecount SET people = people - gone.people WHERE village_code = gone.village_code;
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION people_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_villagepeoplecount SET people = people - 1
     WHERE village_code = OLD.domicile_village_id AND OLD.domicile_village_id < NEW.domicile_village_id;
    INSERT INTO people_villagepeoplecount AS c (village_code, people) VALUES (NEW.domicile_village_id, 1)
    ON CONFLICT (village_code) DO UPDATE SET people = c.people + 1;
    UPDATE people_villagepeoplecount SET people = people - 1
     WHERE village_code = OLD.domicile_village_id AND OLD.domicile_village_id > NEW.domicile_village_id;
    RETURN NULL;
END $$;

CREATE TRIGGER people_count_inserted AFTER INSERT ON people_person
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION people_count_inserted();
CREATE TRIGGER people_count_deleted AFTER DELETE ON people_person
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION people_count_deleted();
CREATE TRIGGER people_count_moved AFTER UPDATE OF domicile_village_id ON people_person
    FOR EACH ROW WHEN (OLD.domicile_village_id IS DISTINCT FROM NEW.domicile_village_id)
    EXECUTE FUNCTION people_count_moved();
"""

DROP = r"""
DROP TRIGGER IF EXISTS people_count_moved ON people_person;
DROP TRIGGER IF EXISTS people_count_deleted ON people_person;
DROP TRIGGER IF EXISTS people_count_inserted ON people_person;
DROP FUNCTION IF EXISTS people_count_moved();
DROP FUNCTION IF EXISTS people_count_deleted();
DROP FUNCTION IF EXISTS people_count_inserted();
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_name_trigram_index")]
    operations = [
        migrations.CreateModel(
            name="VillagePeopleCount",
            fields=[
                ("village_code", models.CharField(max_length=13, primary_key=True, serialize=False)),
                ("people", models.IntegerField(default=0)),
            ],
        ),
        run_on_postgresql(CREATE, DROP),
    ]
