// Sound as the speech library hands it out: 16-bit signed PCM, one channel.
#pragma once

#include <cstdint>
#include <vector>

namespace madoguchi::speech {

struct Audio {
  std::vector<std::int16_t> samples;  // mono
  int sample_rate = 0;                // samples per second

  double seconds() const {
    return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
  }
};

}  // namespace madoguchi::speech
