// What the resident is told of the fee and of a refund: the payment desk reports a typed notice
// (payment::PaymentNotice, payment::RefundNotice), and the kiosk, which alone speaks to the
// resident, chooses the sentence. The sentences are marked with say(), so the language files
// translate them.
#pragma once

#include <string>

#include "madoguchi/payment/payment_notice.hpp"

namespace madoguchi::kiosk {

// A short, plain sentence in Japanese (the screens translate it) that says what happened and
// what to do, e.g. "残高が足りませんでした。別のお支払い方法をお選びください"; never the
// terminal's technical detail.
std::string payment_words(payment::PaymentNotice notice);
std::string refund_words(payment::RefundNotice notice);

}  // namespace madoguchi::kiosk
