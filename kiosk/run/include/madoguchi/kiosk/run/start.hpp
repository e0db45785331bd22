// What every run mode with a screen starts from: the town's settings, the state folder (taken,
// so one kiosk per folder), the outbox key's source and the procedure catalogue. Read before
// any device or window, so a mistake stops the kiosk within a second.
#pragma once

#include <expected>
#include <optional>
#include <vector>

#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/kiosk/outbox_key_source.hpp"
#include "madoguchi/kiosk/run/options.hpp"
#include "madoguchi/kiosk/state_folder.hpp"
#include "madoguchi/kiosk/town_settings.hpp"

namespace madoguchi::kiosk::run {

struct Start {
  TownSettings town;
  std::optional<StateFolder> state_folder;  // none when the run keeps no state (the audit)
  OutboxKeySource outbox_key;
  std::vector<forms::Procedure> catalogue;  // at least one procedure
};

// Settles the defaults of `o` (absolute paths, the demo's persona, the state and PDF folders),
// reads the settings and the catalogue and, when `keeps_state`, takes the state folder and
// writes the start-up report there. On a mistake (said on stderr): the exit code, 2 for
// settings, 1 when no procedure loads.
std::expected<Start, int> start(Options& o, bool keeps_state);
// start() in two: the settings, the state folder and the outbox key (each mistake said and
// refused at once), then the catalogue (the start-up report; an office.json that does not fit
// the forms, exit 2; no usable procedure, exit 1). The kiosk opens its window between the two,
// beside the catalogue's reading (kiosk/main.cpp), never before a mistake in the settings.
std::expected<Start, int> start_settings(Options& o, bool keeps_state);
std::expected<void, int> load_catalogue(const Options& o, Start& s, bool keeps_state);

}  // namespace madoguchi::kiosk::run
