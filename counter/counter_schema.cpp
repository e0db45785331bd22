#include "madoguchi/counter/counter_schema.hpp"

namespace madoguchi::counter {

namespace {

constexpr std::string_view kSchema = R"SQL(DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_kiosks') THEN
    CREATE ROLE madoguchi_kiosks NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_staff') THEN
    CREATE ROLE madoguchi_staff NOLOGIN;
  END IF;
END $$;
CREATE TABLE madoguchi_calls (
  call_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kiosk_id  text        NOT NULL DEFAULT session_user,
  screen    text        NOT NULL CHECK (screen ~ '^[a-z_]{1,40}$'),
  step      integer     NOT NULL CHECK (step BETWEEN 0 AND 99),
  steps     integer     NOT NULL CHECK (steps BETWEEN 0 AND 99),
  language  text        NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[a-zA-Z]{2,8})?$'),
  assisted  boolean     NOT NULL,
  called_at timestamptz NOT NULL DEFAULT now(),
  taken_by  text,
  taken_at  timestamptz
);
ALTER TABLE madoguchi_calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY madoguchi_calls_kiosk ON madoguchi_calls TO madoguchi_kiosks
  USING (kiosk_id = session_user)
  WITH CHECK (kiosk_id = session_user AND taken_by IS NULL);
CREATE POLICY madoguchi_calls_staff ON madoguchi_calls TO madoguchi_staff
  USING (true) WITH CHECK (taken_by = session_user);
GRANT SELECT, INSERT (screen, step, steps, language, assisted) ON madoguchi_calls
  TO madoguchi_kiosks;
GRANT SELECT, UPDATE (taken_by, taken_at) ON madoguchi_calls TO madoguchi_staff;
CREATE FUNCTION madoguchi_calls_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('madoguchi_calls', NEW.call_id::text);
  RETURN NEW;
END $f$;
CREATE TRIGGER madoguchi_calls_changed AFTER INSERT OR UPDATE ON madoguchi_calls
  FOR EACH ROW EXECUTE FUNCTION madoguchi_calls_notify();
CREATE TABLE madoguchi_kiosk_health (
  kiosk_id             text        PRIMARY KEY DEFAULT session_user,
  reported_at          timestamptz NOT NULL DEFAULT now(),
  version              text        NOT NULL CHECK (length(version) <= 40),
  printer_uri          text        NOT NULL,
  printer_state        text        NOT NULL
    CHECK (printer_state IN ('none', 'idle', 'printing', 'stopped', 'unreachable')),
  printer_reasons      text        NOT NULL CHECK (printer_reasons ~ '^[a-z0-9,-]*$'),
  printer_message      text        NOT NULL CHECK (length(printer_message) <= 200),
  slip_printer_uri     text        NOT NULL,
  slip_printer_state   text        NOT NULL
    CHECK (slip_printer_state IN ('none', 'idle', 'printing', 'stopped', 'unreachable')),
  slip_printer_reasons text        NOT NULL CHECK (slip_printer_reasons ~ '^[a-z0-9,-]*$'),
  terminal             text        NOT NULL
    CHECK (terminal IN ('none', 'logged_in', 'networks_offline', 'unreachable')),
  terminal_detail      text        NOT NULL CHECK (length(terminal_detail) <= 200),
  reader               text        NOT NULL CHECK (reader IN ('present', 'missing', 'no_pcscd')),
  outbox_backlog       integer     NOT NULL CHECK (outbox_backlog >= 0),
  outbox_oldest        timestamptz,
  payments_in_doubt    integer     NOT NULL CHECK (payments_in_doubt >= 0),
  disk_free_mb         bigint      NOT NULL
);
ALTER TABLE madoguchi_kiosk_health ENABLE ROW LEVEL SECURITY;
CREATE POLICY madoguchi_kiosk_health_kiosk ON madoguchi_kiosk_health TO madoguchi_kiosks
  USING (kiosk_id = session_user) WITH CHECK (kiosk_id = session_user);
CREATE POLICY madoguchi_kiosk_health_staff ON madoguchi_kiosk_health FOR SELECT
  TO madoguchi_staff USING (true);
GRANT SELECT, INSERT (reported_at, version, printer_uri, printer_state, printer_reasons,
    printer_message, slip_printer_uri, slip_printer_state, slip_printer_reasons, terminal,
    terminal_detail, reader, outbox_backlog, outbox_oldest, payments_in_doubt, disk_free_mb),
  UPDATE (reported_at, version, printer_uri, printer_state, printer_reasons,
    printer_message, slip_printer_uri, slip_printer_state, slip_printer_reasons, terminal,
    terminal_detail, reader, outbox_backlog, outbox_oldest, payments_in_doubt, disk_free_mb)
  ON madoguchi_kiosk_health TO madoguchi_kiosks;
GRANT SELECT ON madoguchi_kiosk_health TO madoguchi_staff;
CREATE TABLE madoguchi_visits (
  visit_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  visit_key    uuid        NOT NULL UNIQUE,
  kiosk_id     text        NOT NULL DEFAULT session_user,
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz NOT NULL,
  procedures   text[]      NOT NULL
    CHECK (array_to_string(procedures, ',') ~ '^[a-z0-9_,-]*$'),
  outcome      text        NOT NULL CHECK (outcome IN
    ('printed', 'sent_to_counter', 'cancelled', 'timed_out', 'card_taken_away', 'refunded')),
  ended_screen text        NOT NULL CHECK (ended_screen ~ '^[a-z_]{1,40}$'),
  ended_step   integer     NOT NULL CHECK (ended_step BETWEEN 0 AND 99),
  language     text        NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[a-zA-Z]{2,8})?$'),
  view_options text[]      NOT NULL
    CHECK (array_to_string(view_options, ',') ~ '^[a-z_,]*$'),
  assisted     boolean     NOT NULL,
  fee_yen      integer     NOT NULL CHECK (fee_yen BETWEEN 0 AND 1000000),
  payment      text        NOT NULL
    CHECK (payment IN ('none', 'card', 'emoney', 'qr', 'cash_at_counter')),
  CHECK (ended_at >= started_at)
);
CREATE INDEX madoguchi_visits_ended ON madoguchi_visits (ended_at);
ALTER TABLE madoguchi_visits ENABLE ROW LEVEL SECURITY;
CREATE POLICY madoguchi_visits_kiosk ON madoguchi_visits TO madoguchi_kiosks
  USING (kiosk_id = session_user) WITH CHECK (kiosk_id = session_user);
CREATE POLICY madoguchi_visits_staff ON madoguchi_visits FOR SELECT TO madoguchi_staff
  USING (true);
-- SELECT (visit_key) for ON CONFLICT (visit_key) only: a kiosk reads the keys of its own
-- visits, and no other column.
GRANT SELECT (visit_key), INSERT (visit_key, started_at, ended_at, procedures, outcome,
    ended_screen, ended_step, language, view_options, assisted, fee_yen, payment)
  ON madoguchi_visits TO madoguchi_kiosks;
GRANT SELECT ON madoguchi_visits TO madoguchi_staff;
-- The town's day: the tally counts each visit on the day it ended in this zone.
CREATE TABLE madoguchi_counter_town (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  time_zone text    NOT NULL
);
INSERT INTO madoguchi_counter_town (time_zone) VALUES ('Asia/Tokyo');
-- The numbers kept as visits arrive (one row per day, figure and item), so that a month's
-- report reads a few thousand rows rather than every visit.
CREATE TABLE madoguchi_visit_tally (
  day    date   NOT NULL,
  figure text   NOT NULL,
  item   text   NOT NULL,
  visits bigint NOT NULL,
  yen    bigint NOT NULL,
  PRIMARY KEY (day, figure, item)
);
GRANT SELECT ON madoguchi_visit_tally, madoguchi_counter_town TO madoguchi_staff;
-- What one visit adds to the tally: its figures and items (and the yen of its fee). The one
-- rule, used by the trigger for each visit and by madoguchi_visit_tally_rebuild() for all.
CREATE FUNCTION madoguchi_visit_figures(v madoguchi_visits)
  RETURNS TABLE (figure text, item text, yen bigint) LANGUAGE sql IMMUTABLE AS $f$
  SELECT 'visits', 'all', 0::bigint
  UNION ALL SELECT 'outcome', v.outcome, 0
  UNION ALL SELECT 'language', v.language, 0
  UNION ALL SELECT 'seconds', floor(extract(epoch FROM v.ended_at - v.started_at))::text, 0
  UNION ALL SELECT 'assisted', 'all', 0 WHERE v.assisted
  UNION ALL SELECT 'view_option', o, 0 FROM unnest(v.view_options) AS o
  UNION ALL SELECT 'payment', v.payment, v.fee_yen WHERE v.payment <> 'none'
  UNION ALL SELECT 'applications', p, 0 FROM unnest(v.procedures) AS p
    WHERE v.outcome = 'printed'
  UNION ALL SELECT 'drop_off', v.ended_screen || ':' || v.ended_step, 0
    WHERE v.outcome IN ('cancelled', 'timed_out', 'card_taken_away')
$f$;
CREATE FUNCTION madoguchi_visits_tally() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public AS $f$
BEGIN
  INSERT INTO madoguchi_visit_tally AS t (day, figure, item, visits, yen)
    SELECT (NEW.ended_at AT TIME ZONE (SELECT time_zone FROM madoguchi_counter_town))::date,
           f.figure, f.item, 1, f.yen
    FROM madoguchi_visit_figures(NEW) AS f
    ON CONFLICT (day, figure, item) DO UPDATE SET visits = t.visits + 1, yen = t.yen + EXCLUDED.yen;
  RETURN NULL;
END $f$;
-- The whole tally again from the visits (after the town's time zone changed, or visits were
-- loaded in bulk with the trigger off); as the database's owner.
CREATE FUNCTION madoguchi_visit_tally_rebuild() RETURNS void LANGUAGE sql AS $f$
  DELETE FROM madoguchi_visit_tally;
  INSERT INTO madoguchi_visit_tally (day, figure, item, visits, yen)
    SELECT (v.ended_at AT TIME ZONE town.time_zone)::date, f.figure, f.item, count(*), sum(f.yen)
    FROM madoguchi_visits AS v CROSS JOIN madoguchi_counter_town AS town
    CROSS JOIN LATERAL madoguchi_visit_figures(v) AS f
    GROUP BY 1, 2, 3;
$f$;
REVOKE ALL ON FUNCTION madoguchi_visit_tally_rebuild() FROM PUBLIC;
REVOKE ALL ON FUNCTION madoguchi_visits_tally() FROM PUBLIC;
CREATE TRIGGER madoguchi_visits_tallied AFTER INSERT ON madoguchi_visits
  FOR EACH ROW EXECUTE FUNCTION madoguchi_visits_tally();
)SQL";

}  // namespace

std::string_view counter_schema_sql() { return kSchema; }

std::expected<void, storage::PostgresFailure> create_counter_schema(const std::string& conninfo,
                                                                    const std::string& time_zone) {
  storage::PostgresConnection link(
      conninfo, {"madoguchi-setup", std::chrono::seconds(5), std::chrono::seconds(60)});
  std::lock_guard lock(link.mutex());
  auto r = link.run(std::string(kSchema), {}, "creating the counter's tables");
  if (!r) return std::unexpected(r.error());
  // The zone must be one PostgreSQL knows: now() AT TIME ZONE refuses any other.
  auto zone = link.run(
      "UPDATE madoguchi_counter_town SET time_zone = $1 WHERE "
      "(now() AT TIME ZONE $1) IS NOT NULL",
      {time_zone}, "setting the town's time zone");
  if (!zone) return std::unexpected(zone.error());
  return {};
}

}  // namespace madoguchi::counter
