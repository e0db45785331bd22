// What every answer of the simulated terminal is made of: the response's header and a Failure
// with its AdditionalResponse. Shared by the files of SimulatedTerminal; not a public header.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "madoguchi/payment/nexo_messages.hpp"

namespace madoguchi::payment::simulator {

// The request's header as its response carries it.
inline nexo::MessageHeader response_header(nexo::MessageHeader header) {
  header.message_type = "Response";
  return header;
}

inline nexo::ResponseStatus failure(std::string error_condition,
                                    std::vector<std::pair<std::string, std::string>> additional) {
  return {"Failure", std::move(error_condition), nexo::additional_response(additional)};
}

}  // namespace madoguchi::payment::simulator
