// The kiosk's own messages for answers it cannot take, in every language of the screens
// (procedure.hpp, Language). A procedure file may give its own text for any of them
// ("messages"); these are what a resident reads otherwise. Placeholders: {min} {max} (a count
// or a date), {a} {b} (the two answers of a yes/no question), {max_length}.
#include "built_in_messages.hpp"

#include <algorithm>

namespace madoguchi::forms::detail {

namespace {

// In the order of Language: ja, ja-easy, en, zh-Hans, zh-Hant, ko, vi, pt-BR, tl, ne. The
// seven after English are drafts no native speaker has checked yet (docs/languages.md).
constexpr std::array<BuiltInMessage, kBuiltInMessageCount> kMessages{{
    {"number.required",
     {"{min}から{max}までの数を入れてください", "{min}から {max}までの かずを いれて ください",
      "Please enter a number from {min} to {max}.", "请输入{min}到{max}之间的数字。",
      "請輸入{min}到{max}之間的數字。", "{min}부터 {max}까지의 숫자를 입력해 주십시오.",
      "Vui lòng nhập một số từ {min} đến {max}.", "Digite um número de {min} a {max}.",
      "Pakilagay ang numero mula {min} hanggang {max}.",
      "कृपया {min} देखि {max} सम्मको संख्या लेख्नुहोस्।"}},
    {"number.digits",
     {"数字で入れてください", "すうじで いれて ください", "Please enter the number in digits.",
      "请用数字输入。", "請用數字輸入。", "숫자로 입력해 주십시오.", "Vui lòng nhập bằng chữ số.",
      "Digite o número em algarismos.", "Pakilagay ang numero gamit ang mga digit.",
      "कृपया अङ्कमा लेख्नुहोस्।"}},
    {"number.too_few",
     {"{min}以上にしてください", "{min}より すくなく しないで ください",
      "Please enter {min} or more.", "请输入{min}或以上。", "請輸入{min}或以上。",
      "{min} 이상을 입력해 주십시오.", "Vui lòng nhập {min} trở lên.", "Digite {min} ou mais.",
      "Pakilagay ang {min} o higit pa.", "कृपया {min} वा सोभन्दा बढी लेख्नुहोस्।"}},
    {"number.too_many",
     {"{max}までにしてください。もっと必要なときは、職員にお声がけください",
      "{max}までに して ください。もっと ほしい ときは、しょくいんに きいて ください",
      "Please enter at most {max}. If you need more, please ask a member of staff.",
      "最多请输入{max}。如需更多，请咨询工作人员。", "最多請輸入{max}。如需更多，請洽詢工作人員。",
      "{max} 이하로 입력해 주십시오. 더 필요하시면 직원에게 문의해 주십시오.",
      "Vui lòng nhập tối đa {max}. Nếu cần nhiều hơn, vui lòng hỏi nhân viên.",
      "Digite no máximo {max}. Se precisar de mais, fale com um funcionário.",
      "Pakilagay ang hindi hihigit sa {max}. Kung kailangan ninyo ng higit pa, magtanong po sa "
      "kawani.",
      "कृपया बढीमा {max} लेख्नुहोस्। थप चाहिएमा कर्मचारीलाई सोध्नुहोस्।"}},
    {"choice.yes_no",
     {"「{a}」か「{b}」を選んでください", "「{a}」か「{b}」を えらんで ください",
      "Please choose one of the two answers.", "请从两个答案中选择一个。",
      "請從兩個答案中選擇一個。", "두 답 중 하나를 선택해 주십시오.",
      "Vui lòng chọn một trong hai câu trả lời.", "Escolha uma das duas respostas.",
      "Pakipili ang isa sa dalawang sagot.", "कृपया दुई उत्तरमध्ये एउटा छान्नुहोस्।"}},
    {"choice.one",
     {"どれか1つを選んでください", "どれか 1つを えらんで ください", "Please choose one.",
      "请选择一项。", "請選擇一項。", "하나를 선택해 주십시오.", "Vui lòng chọn một mục.",
      "Escolha uma opção.", "Pakipili ang isa.", "कृपया एउटा छान्नुहोस्।"}},
    {"date.required",
     {"日付を入れてください", "ひにちを いれてください", "Please enter the date.", "请输入日期。",
      "請輸入日期。", "날짜를 입력해 주십시오.", "Vui lòng nhập ngày.", "Digite a data.",
      "Pakilagay ang petsa.", "कृपया मिति लेख्नुहोस्।"}},
    {"date.invalid",
     {"日付を「昭和55年2月17日」か「1980年2月17日」のように入れてください",
      "ひにちを「1980ねん 2がつ 17にち」のように いれてください",
      "Please enter the date like 1980-02-17.", "请按1980-02-17的格式输入日期。",
      "請依1980-02-17的格式輸入日期。", "날짜를 1980-02-17과 같이 입력해 주십시오.",
      "Vui lòng nhập ngày theo dạng 1980-02-17.", "Digite a data assim: 1980-02-17.",
      "Pakilagay ang petsa nang ganito: 1980-02-17.", "कृपया मिति 1980-02-17 जस्तै लेख्नुहोस्।"}},
    {"date.too_early",
     {"{min}からあとの日付を入れてください", "{min}より あとの ひにちを いれてください",
      "Please enter a date on or after {min}.", "请输入{min}或之后的日期。",
      "請輸入{min}或之後的日期。", "{min} 이후의 날짜를 입력해 주십시오.",
      "Vui lòng nhập ngày từ {min} trở về sau.", "Digite uma data a partir de {min}.",
      "Pakilagay ang petsang {min} o pagkatapos nito.", "कृपया {min} वा त्यसपछिको मिति लेख्नुहोस्।"}},
    {"date.too_late",
     {"{max}までの日付を入れてください", "{max}より まえの ひにちを いれてください",
      "Please enter a date on or before {max}.", "请输入{max}或之前的日期。",
      "請輸入{max}或之前的日期。", "{max} 이전의 날짜를 입력해 주십시오.",
      "Vui lòng nhập ngày đến {max}.", "Digite uma data até {max}.",
      "Pakilagay ang petsang {max} o bago nito.", "कृपया {max} सम्मको मिति लेख्नुहोस्।"}},
    {"postal_code.required",
     {"郵便番号を7けたの数字で入れてください", "ゆうびんばんごうを 7つの すうじで いれてください",
      "Please enter the 7-digit postal code, like 123-4567.",
      "请输入7位数的邮政编码，例如123-4567。", "請輸入7位數的郵遞區號，例如123-4567。",
      "우편번호 7자리를 123-4567과 같이 입력해 주십시오.",
      "Vui lòng nhập mã bưu điện 7 chữ số, ví dụ 123-4567.",
      "Digite o código postal de 7 dígitos, como 123-4567.",
      "Pakilagay ang 7-digit na postal code, tulad ng 123-4567.",
      "कृपया 123-4567 जस्तै 7 अङ्कको हुलाक कोड लेख्नुहोस्।"}},
    {"postal_code.invalid",
     {"郵便番号は「123-4567」のように7けたの数字で入れてください",
      "ゆうびんばんごうは「123-4567」のように 7つの すうじです",
      "A postal code has 7 digits, like 123-4567.", "邮政编码是7位数字，例如123-4567。",
      "郵遞區號是7位數字，例如123-4567。", "우편번호는 123-4567과 같은 7자리 숫자입니다.",
      "Mã bưu điện có 7 chữ số, ví dụ 123-4567.", "O código postal tem 7 dígitos, como 123-4567.",
      "Ang postal code ay may 7 digit, tulad ng 123-4567.", "हुलाक कोडमा 123-4567 जस्तै 7 अङ्क हुन्छन्।"}},
    {"phone.required",
     {"電話番号を入れてください", "でんわばんごうを いれてください",
      "Please enter your phone number.", "请输入电话号码。", "請輸入電話號碼。",
      "전화번호를 입력해 주십시오.", "Vui lòng nhập số điện thoại.",
      "Digite seu número de telefone.", "Pakilagay ang numero ng telepono.",
      "कृपया फोन नम्बर लेख्नुहोस्।"}},
    {"phone.invalid",
     {"電話番号を市外局番から入れてください（「03-1234-5678」や「090-1234-"
      "5678」のように10けたか11けたです）",
      "でんわばんごうを「090-1234-5678」のように さいしょから いれてください",
      "Please enter a Japanese phone number with its area code, like 03-1234-5678 (10 or 11 "
      "digits).",
      "请输入包括区号在内的日本电话号码，例如03-1234-5678（10位或11位）。",
      "請輸入含區碼的日本電話號碼，例如03-1234-5678（10或11位數）。",
      "지역번호를 포함한 일본 전화번호를 03-1234-5678과 같이 입력해 주십시오(10자리 또는 11자리).",
      "Vui lòng nhập số điện thoại Nhật Bản có mã vùng, ví dụ 03-1234-5678 (10 hoặc 11 chữ số).",
      "Digite um telefone japonês com o código de área, como 03-1234-5678 (10 ou 11 dígitos).",
      "Pakilagay ang numero ng teleponong Hapon kasama ang area code, tulad ng 03-1234-5678 (10 o "
      "11 digit).",
      "कृपया क्षेत्र कोडसहित जापानी फोन नम्बर लेख्नुहोस्, जस्तै 03-1234-5678 (10 वा 11 अङ्क)।"}},
    {"kana_text.required",
     {"カタカナかひらがなで入れてください", "カタカナか ひらがなで いれてください",
      "Please enter it in kana.", "请用假名输入。", "請用假名輸入。", "가나로 입력해 주십시오.",
      "Vui lòng nhập bằng chữ kana.", "Digite em kana.", "Pakilagay ito sa kana.",
      "कृपया काना अक्षरमा लेख्नुहोस्।"}},
    {"kana_text.invalid",
     {"カタカナかひらがなだけで入れてください", "カタカナか ひらがなだけで いれてください",
      "Please use kana only (katakana or hiragana).", "请只使用假名（片假名或平假名）。",
      "請只使用假名（片假名或平假名）。", "가나(가타카나 또는 히라가나)만 사용해 주십시오.",
      "Vui lòng chỉ dùng chữ kana (katakana hoặc hiragana).",
      "Use apenas kana (katakana ou hiragana).",
      "Kana lamang po ang gamitin (katakana o hiragana).",
      "कृपया काना (काताकाना वा हिरागाना) मात्र प्रयोग गर्नुहोस्।"}},
    {"kana_text.too_long",
     {"{max_length}文字までにしてください", "{max_length}もじまでに してください",
      "Please use at most {max_length} characters.", "请在{max_length}个字以内。",
      "請在{max_length}個字以內。", "{max_length}자 이내로 입력해 주십시오.",
      "Vui lòng nhập tối đa {max_length} ký tự.", "Use no máximo {max_length} caracteres.",
      "Hanggang {max_length} na character lamang po.", "कृपया {max_length} अक्षरभित्र लेख्नुहोस्।"}},
    {"text.required",
     {"入れてください", "いれてください", "Please fill this in.", "请填写此项。", "請填寫此項。",
      "입력해 주십시오.", "Vui lòng điền vào mục này.", "Preencha este campo.", "Pakisagutan ito.",
      "कृपया यो भर्नुहोस्।"}},
    {"text.invalid",
     {"1行で入れてください", "1ぎょうで いれてください", "Please write it on one line.",
      "请在一行内填写。", "請在一行內填寫。", "한 줄로 입력해 주십시오.",
      "Vui lòng viết trên một dòng.", "Escreva em uma só linha.", "Pakisulat sa isang linya.",
      "कृपया एउटै लाइनमा लेख्नुहोस्।"}},
    {"text.too_long",
     {"{max_length}文字までにしてください", "{max_length}もじまでに してください",
      "Please use at most {max_length} characters.", "请在{max_length}个字以内。",
      "請在{max_length}個字以內。", "{max_length}자 이내로 입력해 주십시오.",
      "Vui lòng nhập tối đa {max_length} ký tự.", "Use no máximo {max_length} caracteres.",
      "Hanggang {max_length} na character lamang po.", "कृपया {max_length} अक्षरभित्र लेख्नुहोस्।"}},
}};

}  // namespace

std::string_view built_in_message(std::string_view key, Language language) {
  const auto found = std::find_if(kMessages.begin(), kMessages.end(),
                                  [key](const BuiltInMessage& m) { return m.key == key; });
  if (found == kMessages.end()) return {};
  return found->text[static_cast<std::size_t>(language)];
}

const std::array<BuiltInMessage, kBuiltInMessageCount>& built_in_messages() { return kMessages; }

}  // namespace madoguchi::forms::detail
