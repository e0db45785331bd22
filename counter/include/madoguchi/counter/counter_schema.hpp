// The counter's tables in the back office's PostgreSQL (docs/counter.md quotes them): the calls
// (係員を呼ぶ), each kiosk's latest health report, and the anonymous visits the town's numbers
// come from; the two group roles, madoguchi_kiosks and madoguchi_staff, their rights and the
// row-level security that keeps a kiosk from reading any other kiosk's data; and the tally of the
// visits per day, which a trigger keeps as each visit arrives (the report reads it). The back
// office runs it once, as the database's owner; a kiosk or a member of staff never needs to.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "madoguchi/storage/postgres_link.hpp"

namespace madoguchi::counter {

std::string_view counter_schema_sql();
// The tables, then the town's time zone (an IANA name): the day each visit is counted on.
std::expected<void, storage::PostgresFailure> create_counter_schema(
    const std::string& conninfo, const std::string& time_zone = "Asia/Tokyo");

}  // namespace madoguchi::counter
