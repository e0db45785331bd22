// PaymentTerminal for terminals that speak nexo Retailer Sale-to-POI (JSON encoding) as Adyen's
// local Terminal API does: one HTTPS POST per request to https://HOST:PORT/nexo/ (TLS trusting
// only the terminal root, the certificate naming the terminal), every message secured with the
// shared key (nexo_security.hpp). An answer that does not come over that TLS, or does not open
// with that key, is never taken for an answer. See docs/payment.md.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "madoguchi/payment/nexo_messages.hpp"
#include "madoguchi/payment/nexo_security.hpp"
#include "madoguchi/payment/payment_terminal.hpp"
#include "madoguchi/payment/terminal_post.hpp"

namespace madoguchi::payment {

struct NexoOptions {
  std::chrono::milliseconds connect_timeout{3000};  // TCP and TLS set-up
  // How long Login, TransactionStatus, Reversal, Reconciliation, GetTotals and Logout may take.
  std::chrono::milliseconds request_timeout{10000};
  // After pay() times out it sends an Abort and waits this long for the terminal's last word.
  std::chrono::milliseconds abort_grace{3000};
  nexo::SaleSoftware software;
  // Called just before a Payment goes to the terminal, with the ServiceID that carries it: the
  // place where the crash-safe journal records the correlation TransactionStatus will need.
  std::function<void(const std::string& sale_transaction_id, const std::string& service_id)>
      before_payment_sent;
  // Called once the whole Payment request was handed to the connection (tests kill the kiosk
  // here).
  std::function<void(const std::string& sale_transaction_id, const std::string& service_id)>
      after_payment_sent;
};

class NexoTerminal final : public PaymentTerminal {
 public:
  // `sale_id` names this kiosk (one per kiosk), `poi_id` the terminal ([model]-[serial]).
  NexoTerminal(TerminalAddress address, const nexo::NexoCipher& cipher, std::string sale_id,
               std::string poi_id, NexoOptions options = {});
  ~NexoTerminal() override;
  NexoTerminal(const NexoTerminal&) = delete;
  NexoTerminal& operator=(const NexoTerminal&) = delete;

  using PaymentTerminal::pay;
  // Logs in on first use (and again when the terminal says LoggedOut).
  PaymentResult pay(const PaymentRequest& request, std::chrono::milliseconds timeout,
                    const BeforeSend& before_send) override;
  bool abort(const std::string& sale_transaction_id) override;
  // Never TerminalUnavailable: when the terminal cannot be asked the answer is Unknown.
  PaymentResult status(const std::string& sale_transaction_id) override;
  // The handle is "ServiceID@SaleID@POIID" (the ServiceID alone from before issue 17): a
  // payment sent under other IDs than this adapter's is not asked about here; status() says
  // Unknown and why, abort() does nothing.
  void restore_handle(const std::string& sale_transaction_id, const std::string& handle) override;
  ReversalResult reverse(const ReversalRequest& request) override;
  TerminalTotals totals() override;
  TerminalTotals reconcile() override;
  TerminalTotals previous_totals(const std::string& period_id) override;
  TerminalHealth health() override;
  bool logout() override;

  // The ServiceID of the last Payment sent for a SaleTransactionID (Abort and TransactionStatus
  // refer to it). A restarted kiosk gives it back from its journal; without it, status() asks
  // for the terminal's last transaction and checks that it is the one asked about.
  std::optional<std::string> service_id_of(const std::string& sale_transaction_id) const;
  void remember_service_id(const std::string& sale_transaction_id, const std::string& service_id);

  bool logged_in() const;

 private:
  class Link;
  std::unique_ptr<Link> link_;
};

}  // namespace madoguchi::payment
