// PaymentTerminal for terminals that speak nexo Retailer Sale-to-POI (JSON encoding) over TCP on
// the LAN, one JSON message per line. See docs/payment.md for the wire format.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "madoguchi/payment/nexo_messages.hpp"
#include "madoguchi/payment/payment_terminal.hpp"

namespace madoguchi::payment {

struct NexoOptions {
  std::chrono::milliseconds connect_timeout{3000};
  // How long Login, TransactionStatus, Reversal, Reconciliation, GetTotals and Logout may take.
  std::chrono::milliseconds request_timeout{10000};
  // After pay() times out it sends an Abort and waits this long for the terminal's last word.
  std::chrono::milliseconds abort_grace{3000};
  nexo::SaleSoftware software;
  // Called just before a Payment goes to the terminal, with the ServiceID that carries it: the
  // place where the crash-safe journal records the correlation TransactionStatus will need.
  std::function<void(const std::string& sale_transaction_id, const std::string& service_id)>
      before_payment_sent;
  // Called just after the Payment was written to the socket (tests kill the kiosk here).
  std::function<void(const std::string& sale_transaction_id, const std::string& service_id)>
      after_payment_sent;
};

class NexoTerminal final : public PaymentTerminal {
 public:
  NexoTerminal(std::string host, int port, std::string sale_id = "MADOGUCHI-KIOSK-1",
               std::string poi_id = "POI-1", NexoOptions options = {});
  ~NexoTerminal() override;
  NexoTerminal(const NexoTerminal&) = delete;
  NexoTerminal& operator=(const NexoTerminal&) = delete;

  using PaymentTerminal::pay;
  // Connects and logs in on first use (and again after the connection was lost).
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

  bool connected() const;
  bool logged_in() const;

 private:
  class Link;
  std::unique_ptr<Link> link_;
};

}  // namespace madoguchi::payment
