// The console's words for the counter's staff, in Japanese: the screens' names as a clerk says
// them, the printers' and the terminal's states, the outcomes and payment methods.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi::console {

std::string_view screen_words(std::string_view screen_id);  // "question" → "質問"
std::string_view outcome_words(std::string_view outcome);   // "timed_out" → "時間切れ"
std::string_view payment_words(std::string_view method);  // "cash_at_counter" → "窓口で現金"
std::string_view language_words(std::string_view code);   // "ja-easy" → "やさしい日本語"
std::string_view printer_reason_words(std::string_view reason);  // "media-empty" → "用紙切れ"
std::string_view printer_state_words(std::string_view state);    // "unreachable" → "応答なし"
std::string_view terminal_words(std::string_view state);         // "logged_in" → "接続中"
std::string_view reader_words(std::string_view state);  // "missing" → "見つかりません"

}  // namespace madoguchi::console
