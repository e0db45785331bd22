#include "console_words.hpp"

#include <array>
#include <utility>

namespace madoguchi::console {

namespace {

using Pair = std::pair<std::string_view, std::string_view>;

template <std::size_t N>
std::string_view find(const std::array<Pair, N>& words, std::string_view key) {
  for (const auto& [k, v] : words) {
    if (k == key) return v;
  }
  return key;  // an id the console does not know yet: shown as it is
}

constexpr std::array<Pair, 16> kScreens{{{"welcome", "最初の画面"},
                                         {"place_card", "カードを置く"},
                                         {"checking_card", "カードの確認"},
                                         {"enter_pin", "暗証番号"},
                                         {"reading_card", "カードの読み取り"},
                                         {"confirm_identity", "本人の確認"},
                                         {"question", "質問"},
                                         {"check_answers", "答えの確認"},
                                         {"paying", "支払い中"},
                                         {"payment_problem", "支払いの問題"},
                                         {"printing", "印刷中"},
                                         {"print_problem", "印刷の問題"},
                                         {"refunding", "返金中"},
                                         {"take_card", "カードを取る"},
                                         {"counter", "窓口へ案内"},
                                         {"staff_menu", "係員メニュー"}}};
constexpr std::array<Pair, 6> kOutcomes{{{"printed", "印刷した"},
                                         {"sent_to_counter", "窓口へ案内"},
                                         {"cancelled", "やめた"},
                                         {"timed_out", "時間切れ"},
                                         {"card_taken_away", "カードを取った"},
                                         {"refunded", "返金した"}}};
constexpr std::array<Pair, 5> kPayments{{{"card", "クレジットカード"},
                                         {"emoney", "電子マネー"},
                                         {"qr", "QRコード"},
                                         {"cash_at_counter", "窓口で現金"},
                                         {"none", "支払いなし"}}};
constexpr std::array<Pair, 3> kLanguages{
    {{"ja", "日本語"}, {"ja-easy", "やさしい日本語"}, {"en", "English"}}};
constexpr std::array<Pair, 8> kReasons{{{"media-empty", "用紙切れ"},
                                        {"media-needed", "用紙切れ"},
                                        {"media-jam", "紙づまり"},
                                        {"cover-open", "カバーが開いている"},
                                        {"toner-low", "トナー残りわずか"},
                                        {"toner-empty", "トナー切れ"},
                                        {"marker-supply-low", "インク残りわずか"},
                                        {"offline", "オフライン"}}};
constexpr std::array<Pair, 5> kPrinterStates{{{"none", "なし"},
                                              {"idle", "待機中"},
                                              {"printing", "印刷中"},
                                              {"stopped", "停止"},
                                              {"unreachable", "応答なし"}}};
constexpr std::array<Pair, 4> kTerminal{{{"none", "なし"},
                                         {"logged_in", "接続中"},
                                         {"networks_offline", "決済網に接続できない"},
                                         {"unreachable", "応答なし"}}};
constexpr std::array<Pair, 3> kReader{
    {{"present", "接続中"}, {"missing", "見つかりません"}, {"no_pcscd", "読み取りサービス停止"}}};

}  // namespace

std::string_view screen_words(std::string_view id) { return find(kScreens, id); }
std::string_view outcome_words(std::string_view outcome) { return find(kOutcomes, outcome); }
std::string_view payment_words(std::string_view method) { return find(kPayments, method); }
std::string_view language_words(std::string_view code) { return find(kLanguages, code); }
std::string_view printer_reason_words(std::string_view r) { return find(kReasons, r); }
std::string_view printer_state_words(std::string_view s) { return find(kPrinterStates, s); }
std::string_view terminal_words(std::string_view s) { return find(kTerminal, s); }
std::string_view reader_words(std::string_view s) { return find(kReader, s); }

}  // namespace madoguchi::console
