// The Debian packages as a town installs them (docs/install.md): cpack builds madoguchi and
// madoguchi-demo from this build tree into a scratch folder once, and dpkg-deb opens them there.
//
//   Package.*  what is in each package, its permissions and its control fields
//   Unit.*     madoguchi-kiosk.service: systemd-analyze verify and security, the state folder
//   Cage.*     the unit's own command line (cage + the installed kiosk, paths moved into a
//              scratch root) on cage's headless backend: the first frame, and a kiosk that
//              crashes takes cage down so the service ends and Restart=always starts it again
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "madoguchi/kiosk/child_process.hpp"
#include "support/run_as.hpp"
#include "support/text_file.hpp"

namespace {

namespace fs = std::filesystem;
using madoguchi::kiosk::ChildProcess;
using madoguchi::tests::slurp;
using namespace std::chrono_literals;

const fs::path kSource = MADOGUCHI_SOURCE_DIR;
const fs::path kBuild = MADOGUCHI_BINARY_DIR;

struct Finished {
  int status = -1;
  std::string output;  // stdout and stderr
  bool ok() const { return status == 0; }
};

// Runs a program to its end (up to `timeout`), its output captured in `log`.
Finished run(const std::vector<std::string>& argv, const fs::path& log,
             std::chrono::milliseconds timeout = 120s, const std::vector<std::string>& env = {}) {
  std::error_code ec;
  fs::remove(log, ec);  // ChildProcess appends to its log
  auto child = ChildProcess::start(argv, log, env);
  if (!child) return {-1, child.error()};
  const int status = child->wait(timeout);
  if (status < 0) child->stop();
  Finished result{status, slurp(log)};
  if (status >= 0 && WIFEXITED(status)) result.status = WEXITSTATUS(status);
  return result;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// One entry of `dpkg-deb -c`: "-rwxr-xr-x root/root 3090896 2026-12-05 02:05 ./usr/bin/kiosk".
struct Entry {
  std::string mode;
  std::string owner;
  std::string path;  // without the leading "."
};

std::vector<Entry> parse_listing(const std::string& listing) {
  std::vector<Entry> entries;
  for (const auto& line : lines(listing)) {
    std::istringstream in(line);
    Entry e;
    std::string size, date, time;
    in >> e.mode >> e.owner >> size >> date >> time >> e.path;
    if (e.path.starts_with(".")) e.path.erase(0, 1);
    if (e.path.size() > 1 && e.path.ends_with("/")) e.path.pop_back();
    if (!e.path.empty()) entries.push_back(e);
  }
  return entries;
}

// The packages, built once for every test of this program; the folder is removed at the end.
class Packages : public testing::Environment {
 public:
  void SetUp() override {
    char name[] = "/tmp/madoguchi-package-test-XXXXXX";
    if (::mkdtemp(name) == nullptr) {
      error_ = "mkdtemp failed";
      return;
    }
    scratch_ = name;
    ::chmod(scratch_.c_str(), 0755);  // cage runs as nobody when the test runs as root
    const auto started = std::chrono::steady_clock::now();
    const Finished cpack = run({"cpack", "--config", (kBuild / "CPackConfig.cmake").string(), "-B",
                                (scratch_ / "out").string()},
                               scratch_ / "cpack.log", 600s);
    cpack_seconds_ =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!cpack.ok()) {
      error_ = "cpack failed:\n" + cpack.output;
      return;
    }
    for (const auto& entry : fs::directory_iterator(scratch_ / "out")) {
      const std::string file = entry.path().filename().string();
      if (file.starts_with("madoguchi-demo_") && file.ends_with(".deb")) demo_ = entry.path();
      if (file.starts_with("madoguchi_") && file.ends_with(".deb")) town_ = entry.path();
    }
    if (town_.empty() || demo_.empty()) error_ = "cpack made no madoguchi or madoguchi-demo .deb";
    std::printf("[ packages ] cpack: %.1f s, madoguchi %ju bytes, madoguchi-demo %ju bytes\n",
                cpack_seconds_,
                static_cast<std::uintmax_t>(town_.empty() ? 0 : fs::file_size(town_)),
                static_cast<std::uintmax_t>(demo_.empty() ? 0 : fs::file_size(demo_)));
  }
  void TearDown() override {
    if (!scratch_.empty() && std::getenv("MADOGUCHI_KEEP_PACKAGES") == nullptr) {
      std::error_code ec;
      fs::remove_all(scratch_, ec);
    }
  }

  static Packages* get() { return instance_; }
  static void set(Packages* p) { instance_ = p; }

  const std::string& error() const { return error_; }
  const fs::path& town() const { return town_; }
  const fs::path& demo() const { return demo_; }
  const fs::path& scratch() const { return scratch_; }

  // `dpkg-deb ARGS... PACKAGE`'s output.
  std::string deb(const std::vector<std::string>& args, const fs::path& package) const {
    std::vector<std::string> argv = {"dpkg-deb"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(package.string());
    const Finished r = run(argv, scratch_ / "dpkg-deb.log");
    EXPECT_TRUE(r.ok()) << r.output;
    return r.output;
  }

  // A fresh root with `packages` unpacked in it (dpkg-deb -x), as apt would lay them out.
  fs::path unpack(const std::string& name, const std::vector<fs::path>& packages) const {
    const fs::path root = scratch_ / name;
    std::error_code ec;
    fs::remove_all(root, ec);
    fs::create_directories(root);
    ::chmod(root.c_str(), 0755);
    for (const auto& package : packages) {
      const Finished r =
          run({"dpkg-deb", "-x", package.string(), root.string()}, scratch_ / "dpkg-deb-x.log");
      EXPECT_TRUE(r.ok()) << r.output;
    }
    return root;
  }

 private:
  static inline Packages* instance_ = nullptr;
  fs::path scratch_;
  fs::path town_;
  fs::path demo_;
  std::string error_;
  double cpack_seconds_ = 0;
};

const Packages& packages() {
  const Packages* p = Packages::get();
  if (!p->error().empty()) ADD_FAILURE() << p->error();
  return *p;
}

#define NEED_PACKAGES()                                            \
  do {                                                             \
    ASSERT_TRUE(packages().error().empty()) << packages().error(); \
  } while (false)

std::set<std::string> paths(const std::vector<Entry>& entries) {
  std::set<std::string> out;
  for (const auto& e : entries) out.insert(e.path);
  return out;
}

std::vector<std::string> json_files(const fs::path& folder) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".json") out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------------------------------------

TEST(Package, TheTownPackageHoldsTheKioskItsToolsTheCatalogueTheLanguagesAndTheUnit) {
  NEED_PACKAGES();
  const auto listed = paths(parse_listing(packages().deb({"-c"}, packages().town())));
  for (const char* program :
       {"kiosk", "madoguchi_lookup", "madoguchi_volunteer_code", "madoguchi_check_procedure",
        "madoguchi_outbox_key", "madoguchi-studio", "madoguchi-console"}) {
    EXPECT_TRUE(listed.contains(std::string("/usr/bin/") + program)) << program;
  }
  EXPECT_TRUE(listed.contains("/usr/lib/systemd/system/madoguchi-kiosk.service"));
  EXPECT_TRUE(listed.contains("/etc/madoguchi/office.json"));
  for (const auto& file : json_files(kSource / "forms/catalog")) {
    EXPECT_TRUE(listed.contains("/usr/share/madoguchi/catalog/" + file)) << file;
  }
  for (const auto& file : json_files(kSource / "assets/lang")) {
    EXPECT_TRUE(listed.contains("/usr/share/madoguchi/lang/" + file)) << file;
  }
}

TEST(Package, TheTownPackageHoldsNothingOfTheDemoOrTheTests) {
  NEED_PACKAGES();
  const auto town = parse_listing(packages().deb({"-c"}, packages().town()));
  for (const auto& e : town) {
    for (const char* word : {"virtual-mynumber-card", "terminal-simulator", "personas", "golden",
                             "volunteers.json", "_test", "matrix", "benchmark", "fuzz", "/tests"}) {
      EXPECT_EQ(e.path.find(word), std::string::npos) << e.path << " is in the town's package";
    }
  }
  // ... and they are in the demo package, which needs the town's.
  const auto demo = paths(parse_listing(packages().deb({"-c"}, packages().demo())));
  EXPECT_TRUE(demo.contains("/usr/bin/virtual-mynumber-card"));
  EXPECT_TRUE(demo.contains("/usr/bin/terminal-simulator"));
  for (const auto& file : json_files(kSource / "tests/personas")) {
    EXPECT_TRUE(demo.contains("/usr/share/madoguchi/personas/" + file)) << file;
  }
  EXPECT_NE(packages().deb({"-f"}, packages().demo()).find("madoguchi (= "), std::string::npos);
}

TEST(Package, ProgramsAreRootsAndExecutableAndNothingIsWorldWritable) {
  NEED_PACKAGES();
  for (const auto& package : {packages().town(), packages().demo()}) {
    for (const auto& e : parse_listing(packages().deb({"-c"}, package))) {
      EXPECT_EQ(e.owner, "root/root") << e.path;
      ASSERT_EQ(e.mode.size(), 10u) << e.path;
      EXPECT_NE(e.mode[8], 'w') << e.path << " is world-writable: " << e.mode;
      EXPECT_EQ(e.mode.find_first_of("sStT"), std::string::npos) << e.path << ": " << e.mode;
      if (e.path.starts_with("/usr/bin/")) {
        EXPECT_EQ(e.mode, "-rwxr-xr-x") << e.path;
      }
      if (e.mode[0] == '-' && !e.path.starts_with("/usr/bin/")) {
        EXPECT_EQ(e.mode, "-rw-r--r--") << e.path;
      }
    }
  }
  // The maintainer scripts: run by dpkg as root, so writable by root alone.
  const std::string info = packages().deb({"-I"}, packages().town());
  for (const char* script : {"postinst", "prerm", "postrm"}) {
    EXPECT_NE(info.find(std::string("*  ") + script), std::string::npos)
        << script << " missing or not executable:\n"
        << info;
  }
}

// The font the kiosk draws with is a path compiled in (MADOGUCHI_FONT): its package must be
// installed with the kiosk, as must the real shared libraries (dpkg-shlibdeps), pcscd and cage.
TEST(Package, TheTownPackageDependsOnItsLibrariesPcscdCageAndTheFont) {
  NEED_PACKAGES();
  const fs::path font_package_log = packages().scratch() / "dpkg-S.log";
  const Finished owner = run({"dpkg", "-S", MADOGUCHI_FONT}, font_package_log);
  ASSERT_TRUE(owner.ok()) << owner.output;
  const std::string font_package = owner.output.substr(0, owner.output.find(':'));
  const std::string depends = packages().deb({"-f"}, packages().town());
  std::string line;
  for (const auto& l : lines(depends)) {
    if (l.starts_with("Depends:")) line = l;
  }
  ASSERT_FALSE(line.empty()) << depends;
  for (const std::string& needed :
       {std::string("pcscd"), std::string("cage"), std::string("xwayland"), font_package,
        std::string("adduser"), std::string("libpam-systemd"), std::string("libsdl2-2.0-0"),
        std::string("libpcsclite1"), std::string("libpq5"), std::string("libhpdf-2.3.0"),
        std::string("libsqlite3-0"), std::string("opensc-pkcs11"), std::string("libp11-kit0"),
        std::string("fonts-noto-cjk"), std::string("fonts-noto-core")}) {
    EXPECT_TRUE(std::regex_search(line, std::regex("(: |, )" + needed + "( |,|$)")))
        << needed << " not in " << line;
  }
  const fs::path control = packages().unpack("control", {});
  const Finished extract =
      run({"dpkg-deb", "-e", packages().town().string(), (control / "DEBIAN").string()},
          packages().scratch() / "dpkg-deb-e.log");
  ASSERT_TRUE(extract.ok()) << extract.output;
  EXPECT_EQ(slurp(control / "DEBIAN/conffiles"), "/etc/madoguchi/office.json\n");
  for (const char* script : {"postinst", "prerm", "postrm"}) {
    const Finished syntax = run({"sh", "-n", (control / "DEBIAN" / script).string()},
                                packages().scratch() / "sh-n.log");
    EXPECT_TRUE(syntax.ok()) << script << ": " << syntax.output;
  }
}

// ---------------------------------------------------------------------------------------------

std::string unit_text(const fs::path& root) {
  return slurp(root / "usr/lib/systemd/system/madoguchi-kiosk.service");
}

// Every "Key=value" of the unit, in order (a key may repeat).
std::vector<std::pair<std::string, std::string>> unit_settings(const std::string& unit) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& line : lines(unit)) {
    if (line.empty() || line[0] == '#' || line[0] == '[') continue;
    const auto eq = line.find('=');
    if (eq != std::string::npos) out.emplace_back(line.substr(0, eq), line.substr(eq + 1));
  }
  return out;
}

std::string unit_value(const std::string& unit, const std::string& key) {
  std::string value;
  for (const auto& [k, v] : unit_settings(unit)) {
    if (k == key) value = v;
  }
  return value;
}

// systemd-analyze verify wants ExecStart's program to exist: the installed unit with /usr/bin/kiosk
// moved into the scratch root (cage is the host's).
fs::path unit_for_this_machine(const fs::path& root) {
  std::string unit = unit_text(root);
  const std::string kiosk = "/usr/bin/kiosk";
  for (auto at = unit.find(kiosk); at != std::string::npos; at = unit.find(kiosk, at)) {
    unit.replace(at, kiosk.size(), (root / "usr/bin/kiosk").string());
    at += (root / "usr/bin/kiosk").string().size();
  }
  const fs::path folder = root.parent_path() / (root.filename().string() + "-units");
  fs::create_directories(folder);
  const fs::path file = folder / "madoguchi-kiosk.service";
  std::ofstream(file) << unit;
  return file;
}

TEST(Unit, SystemdAnalyzeVerifyFindsNothingToSay) {
  NEED_PACKAGES();
  const fs::path root = packages().unpack("verify-root", {packages().town()});
  const fs::path unit = unit_for_this_machine(root);
  const Finished verify =
      run({"systemd-analyze", "verify", unit.string()}, packages().scratch() / "verify.log");
  EXPECT_EQ(verify.status, 0) << verify.output;
  EXPECT_EQ(verify.output, "") << "systemd-analyze verify has warnings";
}

TEST(Unit, RunsTheKioskUnderCageAsMadoguchiSupervisedWithAPrivateStateFolderAndCredentials) {
  NEED_PACKAGES();
  const fs::path root = packages().unpack("unit-root", {packages().town()});
  const std::string unit = unit_text(root);
  EXPECT_EQ(unit_value(unit, "User"), "madoguchi");
  EXPECT_EQ(unit_value(unit, "Restart"), "always");
  EXPECT_FALSE(unit_value(unit, "RestartSec").empty());
  EXPECT_EQ(unit_value(unit, "StateDirectory"), "madoguchi");
  EXPECT_EQ(unit_value(unit, "StateDirectoryMode"), "0700");
  EXPECT_EQ(unit_value(unit, "UMask"), "0077");
  EXPECT_EQ(unit_value(unit, "LimitCORE"), "0");
  // No internet: everything denied but loopback and the private ranges (docs/security.md).
  EXPECT_EQ(unit_value(unit, "IPAddressDeny"), "any");
  const std::string allowed = unit_value(unit, "IPAddressAllow");
  EXPECT_NE(allowed.find("localhost"), std::string::npos) << allowed;
  for (const char* part : {"any", "0.0.0.0/0", "::/0"}) {
    std::istringstream words(allowed);
    std::string word;
    while (words >> word)
      EXPECT_NE(word, part) << "IPAddressAllow= lets the internet in: " << allowed;
  }
  std::set<std::string> credentials;
  for (const auto& [k, v] : unit_settings(unit)) {
    if (k == "LoadCredential") credentials.insert(v);
  }
  EXPECT_TRUE(credentials.contains("outbox-key:/etc/madoguchi/outbox.key"));
  EXPECT_TRUE(credentials.contains("pgpass:/etc/madoguchi/pgpass"));
  EXPECT_TRUE(credentials.contains("terminal-key:/etc/madoguchi/terminal-key"));
  const std::string exec = unit_value(unit, "ExecStart");
  EXPECT_TRUE(exec.starts_with("/usr/bin/env XDG_RUNTIME_DIR=/run/" +
                               unit_value(unit, "RuntimeDirectory") + " /usr/bin/cage "))
      << "cage's Wayland socket in the service's own runtime folder: " << exec;
  EXPECT_EQ(unit_value(unit, "RuntimeDirectoryMode"), "0700");
  EXPECT_EQ(exec.find(" -s "), std::string::npos) << "cage -s lets a keyboard switch terminals";
  EXPECT_NE(exec.find(" -- /usr/bin/kiosk --state /var/lib/madoguchi"), std::string::npos) << exec;
  EXPECT_TRUE(fs::exists(root / "usr/bin/kiosk"));
  // The tcache off before the kiosk starts, so that it need not execute itself again, and a
  // cache folder of its own for the baked glyph atlas.
  std::set<std::string> environment;
  for (const auto& [k, v] : unit_settings(unit)) {
    if (k == "Environment") environment.insert(v);
  }
  EXPECT_TRUE(environment.contains("GLIBC_TUNABLES=glibc.malloc.tcache_count=0"));
  EXPECT_EQ(unit_value(unit, "CacheDirectory"), "madoguchi");
  EXPECT_EQ(unit_value(unit, "CacheDirectoryMode"), "0700");
}

// The sandbox, measured the way systemd rates it; docs/install.md quotes the figure.
TEST(Unit, SystemdAnalyzeSecurityRatesTheSandboxOk) {
  NEED_PACKAGES();
  const fs::path root = packages().unpack("security-root", {packages().town()});
  const fs::path unit = unit_for_this_machine(root);
  const Finished security = run({"systemd-analyze", "security", "--offline=yes", unit.string()},
                                packages().scratch() / "security.log");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(security.output, m,
                                std::regex(R"(Overall exposure level for \S+: ([0-9.]+) (\S+))")))
      << security.output;
  const double exposure = std::stod(m[1]);
  std::printf("[ security ] systemd-analyze security: exposure %.1f %s\n", exposure,
              m[2].str().c_str());
  EXPECT_LE(exposure, 2.5) << security.output;
}

// ---------------------------------------------------------------------------------------------

// The unit's command and environment, moved into a scratch root: the installed kiosk, the
// scratch state folder, a private XDG_RUNTIME_DIR, cage's headless backend and no input devices.
struct CageRun {
  std::vector<std::string> argv;
  std::vector<std::string> env;
  fs::path log;
};

CageRun cage_command(const fs::path& root, const std::string& name) {
  const std::string unit = unit_text(root);
  auto user = madoguchi::tests::unprivileged_user({"nobody"});
  EXPECT_TRUE(user.has_value()) << user.error();
  const fs::path state = root / "var/lib/madoguchi";
  const fs::path runtime = root / "run/madoguchi-kiosk";
  for (const auto& folder : {state, runtime}) {
    fs::create_directories(folder);
    EXPECT_EQ(::chown(folder.c_str(), user->uid, user->gid), 0);
    ::chmod(folder.c_str(), 0700);
  }
  CageRun r;
  r.argv = user->prefix;
  std::istringstream words(unit_value(unit, "ExecStart"));
  for (std::string word; words >> word;) {
    if (word == "/usr/bin/kiosk") word = (root / "usr/bin/kiosk").string();
    if (word == "/var/lib/madoguchi") word = state.string();
    if (word.starts_with("XDG_RUNTIME_DIR=")) word = "XDG_RUNTIME_DIR=" + runtime.string();
    r.argv.push_back(word);
  }
  for (const auto& [k, v] : unit_settings(unit)) {
    if (k == "Environment" && !v.starts_with("XDG_RUNTIME_DIR=")) r.env.push_back(v);
  }
  r.env.insert(r.env.end(), {"XDG_RUNTIME_DIR=" + runtime.string(), "WLR_BACKENDS=headless",
                             "WLR_LIBINPUT_NO_DEVICES=1", "SDL_AUDIODRIVER=dummy",
                             "WAYLAND_DISPLAY=", "DISPLAY=",
                             // the scratch root's /var/lib/madoguchi lies in the temporary folder
                             "MADOGUCHI_TEMPORARY_STATE=1"});
  r.log = root.parent_path() / (name + "-cage.log");
  std::error_code ec;
  fs::remove(r.log, ec);  // ChildProcess appends: a log of an earlier run (--gtest_repeat) goes
  return r;
}

// Waits for the kiosk's "first frame" line in the log; its milliseconds from process start.
std::optional<long> wait_for_first_frame(ChildProcess& cage, const fs::path& log,
                                         std::chrono::seconds timeout) {
  const std::regex first_frame(R"(kiosk: first frame after (\d+) ms.*screen welcome)");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string text = slurp(log);
    if (std::regex_search(text, m, first_frame)) return std::stol(m[1]);
    if (!cage.running()) return std::nullopt;
    std::this_thread::sleep_for(50ms);
  }
  return std::nullopt;
}

pid_t child_named(pid_t parent, const std::string& comm) {
  std::ifstream children("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) +
                         "/children");
  for (pid_t pid; children >> pid;) {
    std::string name = slurp("/proc/" + std::to_string(pid) + "/comm");
    while (!name.empty() && name.back() == '\n') name.pop_back();
    if (name == comm) return pid;
  }
  return -1;
}

TEST(Cage, TheInstalledKioskReachesItsFirstFrameUnderCageWithTheUnitsCommand) {
  NEED_PACKAGES();
  const fs::path root = packages().unpack("cage-root", {packages().town()});
  const CageRun command = cage_command(root, "first-frame");
  const auto started = std::chrono::steady_clock::now();
  auto cage = ChildProcess::start(command.argv, command.log, command.env);
  ASSERT_TRUE(cage.has_value()) << cage.error();
  const auto frame = wait_for_first_frame(*cage, command.log, 60s);
  const double wall =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(frame.has_value()) << "no first frame under cage:\n" << slurp(command.log);
  std::printf("[ cage ] first frame: %ld ms from the kiosk's start, %.0f ms from cage's start\n",
              *frame, wall);
  // The installed kiosk read the installed data: its start-up report is in the state folder,
  // with every procedure of the packaged catalogue offered.
  const auto report =
      nlohmann::json::parse(slurp(root / "var/lib/madoguchi/startup-report.json"), nullptr, false);
  ASSERT_TRUE(report.is_object()) << "no start-up report in the state folder";
  EXPECT_EQ(report["ok"], true) << report.dump(2);
  EXPECT_EQ(report["procedures_offered"].size(), json_files(kSource / "forms/catalog").size())
      << report.dump(2);
  cage->stop(5000ms);
}

// Settings are read from the root's /etc/madoguchi and data from its /usr/share/madoguchi, not
// from the source tree the kiosk was built from: a broken file there stops the installed kiosk,
// named.
TEST(Package, TheInstalledKioskReadsEtcMadoguchiAndShareMadoguchi) {
  NEED_PACKAGES();
  const fs::path root = packages().unpack("data-root", {packages().town()});
  const std::vector<std::string> kiosk = {(root / "usr/bin/kiosk").string(), "--state",
                                          (root / "var/lib/madoguchi").string()};
  std::ofstream(root / "etc/madoguchi/office.json") << R"({"town_nmae": "x"})";
  const Finished office = run(kiosk, packages().scratch() / "data-office.log", 15s);
  EXPECT_EQ(office.status, 2) << office.output;
  EXPECT_NE(office.output.find((root / "etc/madoguchi/office.json").string()), std::string::npos)
      << office.output;
  fs::copy_file(kSource / "assets/office.json", root / "etc/madoguchi/office.json",
                fs::copy_options::overwrite_existing);
  std::ofstream(root / "usr/share/madoguchi/lang/ko.json") << "{";
  const Finished language = run(kiosk, packages().scratch() / "data-lang.log", 15s);
  EXPECT_EQ(language.status, 2) << language.output;
  EXPECT_NE(language.output.find((root / "usr/share/madoguchi/lang/ko.json").string()),
            std::string::npos)
      << language.output;
}

// A kiosk that crashes ends cage, the service's main process, so systemd sees the service end and
// Restart=always starts it again (cage 0.1.4 itself exits 0 whatever its client did: the
// restart does not depend on the status; docs/install.md).
TEST(Cage, AKioskCrashedBySigsegvTakesCageDownSoTheServiceRestarts) {
  NEED_PACKAGES();
  const fs::path root = packages().unpack("segv-root", {packages().town()});
  const CageRun command = cage_command(root, "segv");
  auto cage = ChildProcess::start(command.argv, command.log, command.env);
  ASSERT_TRUE(cage.has_value()) << cage.error();
  ASSERT_TRUE(wait_for_first_frame(*cage, command.log, 60s).has_value()) << slurp(command.log);
  const pid_t kiosk = child_named(cage->pid(), "kiosk");
  ASSERT_GT(kiosk, 0) << "no kiosk under cage " << cage->pid();
  ASSERT_EQ(::kill(kiosk, SIGSEGV), 0);
  const int status = cage->wait(10s);
  EXPECT_GE(status, 0) << "cage still runs 10 s after its kiosk crashed:\n" << slurp(command.log);
  EXPECT_FALSE(fs::exists("/proc/" + std::to_string(kiosk) + "/comm"));
  if (status < 0) cage->stop(5000ms);
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  auto* environment = new Packages;
  Packages::set(environment);
  testing::AddGlobalTestEnvironment(environment);
  return RUN_ALL_TESTS();
}
