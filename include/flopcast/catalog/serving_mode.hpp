// A serving mode: a class of requests with its own prompt and answer lengths, images and
// latency targets (DeepSeek's Fast, Expert and Vision modes are shipped as editable data).
#pragma once

#include <optional>
#include <string>

#include "flopcast/catalog/provenance.hpp"

namespace flopcast::catalog {

struct ServingMode {
  std::string id;
  std::string display_name;
  double input_tokens = 0;   ///< text prompt tokens per request
  double output_tokens = 0;  ///< generated tokens per request (reasoning included)
  double images_per_request = 0;
  double image_tokens = 0;             ///< prompt tokens each image adds
  double vision_flops_per_image = 0;   ///< vision-encoder forward FLOPs per image
  std::optional<double> tpot_target_s;
  std::optional<double> ttft_target_s;
  Provenance provenance;
};

}  // namespace flopcast::catalog
