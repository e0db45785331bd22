// The one error type of the submission module. Messages are for staff and logs: they name the
// application id, the file or the back office, never the form data or a 個人番号.
#pragma once

#include <string>

namespace madoguchi::submission {

struct SubmissionError {
  enum class Kind {
    Io,           // the outbox file, the key file or the drop directory cannot be used
    Corrupt,      // the outbox does not hold what was written (a damaged file)
    Key,          // no key, an unusable key file, or a 個人番号 sealed with another key
    Invalid,      // the application is incomplete or malformed (no id, form data not JSON, ...)
    Conflict,     // another application already has this id (different content)
    Unreachable,  // the back office does not answer: try again later
    Rejected      // the back office refused it (no table, no permission, a constraint)
  } kind;
  std::string message;
};

// "Io" and so on, for logs.
const char* to_string(SubmissionError::Kind kind);

}  // namespace madoguchi::submission
