"""On PostgreSQL the database itself keeps the ledger's rules (the services keep them everywhere):

- every journal entry balances (debits = credits) over two or more lines, checked when the
  transaction commits (deferred constraint triggers on lines and entries);
- posted lines and entries never change or disappear (corrections are reversal entries).

TRUNCATE (test database flushes) does not fire row triggers.
"""

from django.db import migrations

from desmigratif.core.migration_sql import run_on_postgresql

CREATE = r"""
CREATE FUNCTION coop_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry bigint := NEW.id;
    debits numeric;
    credits numeric;
    lines integer;
BEGIN
    IF TG_TABLE_NAME = 'cooperatives_journalline' THEN
        entry := NEW.entry_id;
    END IF;
    SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*)
      INTO debits, credits, lines
      FROM cooperatives_journalline WHERE entry_id = entry;
    IF lines < 2 OR debits <> credits THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, debits %, credits %',
            entry, lines, debits, credits USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER coop_line_entry_balanced
    AFTER INSERT ON cooperatives_journalline DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coop_check_entry_balanced();
CREATE CONSTRAINT TRIGGER coop_entry_balanced
    AFTER INSERT ON cooperatives_journalentry DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coop_check_entry_balanced();

CREATE FUNCTION coop_posted_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'posted ledger rows are immutable (% on %); post a reversal instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER coop_line_immutable BEFORE UPDATE OR DELETE ON cooperatives_journalline
    FOR EACH ROW EXECUTE FUNCTION coop_posted_is_immutable();
CREATE TRIGGER coop_entry_immutable BEFORE UPDATE OR DELETE ON cooperatives_journalentry
    FOR EACH ROW EXECUTE FUNCTION coop_posted_is_immutable();
"""

DROP = r"""
DROP TRIGGER IF EXISTS coop_entry_immutable ON cooperatives_journalentry;
DROP TRIGGER IF EXISTS coop_line_immutable ON cooperatives_journalline;
DROP FUNCTION IF EXISTS coop_posted_is_immutable();
DROP TRIGGER IF EXISTS coop_entry_balanced ON cooperatives_journalentry;
DROP TRIGGER IF EXISTS coop_line_entry_balanced ON cooperatives_journalline;
DROP FUNCTION IF EXISTS coop_check_entry_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0002_account_template")]
    operations = [run_on_postgresql(CREATE, DROP)]
