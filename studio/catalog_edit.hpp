// Changes to the catalogue as a whole, as the studio's procedure list makes them: a new
// procedure made from an existing one, a procedure retired (moved aside, not deleted), the order
// of the procedures within their group, and a fee. Each writes the procedure files atomically
// and changes only the values it is about; what the check would refuse is not written.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::studio {

struct NewProcedure {
  std::string id;        // the file's name and the kiosk's id: a-z, 0-9 and _, from a letter
  std::string title_ja;  // what residents ask for, in Japanese
  std::string title_en;  // and in English
  std::string from;      // the procedure it is made from (its questions, fee and paper)
};

// Writes <catalog>/<id>.json made from <catalog>/<from>.json: the new id and titles (やさしい
// 日本語 as the Japanese), last in its group. Refused, naming why, for an id that is taken or
// not of the form above, an empty title, or a result the check would refuse.
std::expected<std::filesystem::path, std::string> add_procedure(
    const std::filesystem::path& catalog, const NewProcedure& procedure);

// Moves <catalog>/<id>.json into <catalog>/retired/ (the kiosk no longer offers it; staff may
// move it back). Refused when a file of that name is already retired.
std::expected<std::filesystem::path, std::string> retire_procedure(
    const std::filesystem::path& catalog, const std::string& id);

// Gives the procedures `ids` (one group, in the order residents are to see them) the orders
// 10, 20, 30 …, writing only the files whose order changes.
std::expected<void, std::string> reorder_procedures(const std::filesystem::path& catalog,
                                                    const std::vector<std::string>& ids);

}  // namespace madoguchi::studio
