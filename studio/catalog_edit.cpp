#include "catalog_edit.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "layout_edit.hpp"
#include "madoguchi/forms/procedure.hpp"
#include "madoguchi/storage/durable_file.hpp"

namespace madoguchi::studio {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool good_id(std::string_view id) {
  if (id.empty() || id.size() > 40 || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string findings_of(const std::vector<forms::LoadError>& problems) {
  std::string text;
  for (const auto& problem : problems) text += (text.empty() ? "" : "\n") + problem.to_string();
  return text;
}

}  // namespace

std::expected<fs::path, std::string> add_procedure(const fs::path& catalog,
                                                   const NewProcedure& procedure) {
  if (!good_id(procedure.id)) {
    return std::unexpected("\"" + procedure.id +
                           "\" cannot be a procedure's id: lower-case letters a–z, digits and _, "
                           "starting with a letter, at most 40");
  }
  if (procedure.title_ja.empty() || procedure.title_en.empty()) {
    return std::unexpected("the new procedure needs its title in Japanese and in English");
  }
  const fs::path file = catalog / (procedure.id + ".json");
  std::error_code ignored;
  if (fs::exists(file, ignored)) return std::unexpected(file.string() + " exists already");
  auto text = read_text_file(catalog / (procedure.from + ".json"));
  if (!text) return std::unexpected(text.error());
  const auto from = forms::parse_procedure(*text, procedure.from);
  if (!from) return std::unexpected(from.error().to_string());
  // Last in its group on the welcome screen.
  int last = from->order;
  for (const auto& other : forms::load_catalog(catalog).procedures) {
    if (other.group == from->group) last = std::max(last, other.order);
  }
  // As the catalogue writes a text in its languages: one per line, under the top level's two.
  // The template's other languages get the English title with the Japanese in parentheses,
  // as the catalogue's titles carry it, until the town has the title translated (a title in
  // Japanese alone would be all a Chinese or Nepali reader saw of it).
  std::string title = "{\n    \"ja\": " + Json(procedure.title_ja).dump() +
                      ",\n    \"ja-easy\": " + Json(procedure.title_ja).dump() +
                      ",\n    \"en\": " + Json(procedure.title_en).dump();
  for (const forms::Language language : forms::kLanguages) {
    if (language == forms::Language::Ja || language == forms::Language::JaEasy ||
        language == forms::Language::En || !from->titles.has(language)) {
      continue;
    }
    title += ",\n    " + Json(std::string(forms::language_code(language))).dump() + ": " +
             Json(procedure.title_en + " (" + procedure.title_ja + ")").dump();
  }
  title += "\n  }";
  auto made = set_member(*text, "", "id", Json(procedure.id).dump());
  if (made) made = set_member(*made, "", "order", std::to_string(last + 10), "group");
  if (made) made = set_member(*made, "", "title", title, "order");
  if (!made) return std::unexpected(made.error());
  if (const auto problems = forms::lint_procedure(*made, file.string()); !problems.empty()) {
    return std::unexpected(findings_of(problems));
  }
  if (auto written = storage::write_file_atomically(catalog, file.filename().string(), *made);
      !written) {
    return std::unexpected(written.error());
  }
  return file;
}

std::expected<fs::path, std::string> retire_procedure(const fs::path& catalog,
                                                      const std::string& id) {
  const fs::path file = catalog / (id + ".json");
  const fs::path retired = catalog / "retired" / (id + ".json");
  std::error_code error;
  if (!fs::exists(file, error)) return std::unexpected(file.string() + " does not exist");
  if (fs::exists(retired, error)) {
    return std::unexpected(retired.string() +
                           " exists already: a procedure of that id was retired before");
  }
  fs::create_directories(retired.parent_path(), error);
  fs::rename(file, retired, error);
  if (error) return std::unexpected("cannot move " + file.string() + ": " + error.message());
  return retired;
}

std::expected<void, std::string> reorder_procedures(const fs::path& catalog,
                                                    const std::vector<std::string>& ids) {
  int order = 10;
  for (const auto& id : ids) {
    const fs::path file = catalog / (id + ".json");
    auto text = read_text_file(file);
    if (!text) return std::unexpected(text.error());
    const auto procedure = forms::parse_procedure(*text, file.string());
    if (!procedure) return std::unexpected(procedure.error().to_string());
    if (procedure->order != order) {
      auto changed = set_member(*text, "", "order", std::to_string(order), "group");
      if (!changed) return std::unexpected(changed.error());
      if (auto written =
              storage::write_file_atomically(catalog, file.filename().string(), *changed);
          !written) {
        return std::unexpected(written.error());
      }
    }
    order += 10;
  }
  return {};
}

}  // namespace madoguchi::studio
