// The set of known chips and models, looked up by id.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flopcast/catalog/calibration.hpp"
#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_error.hpp"
#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/catalog/serving_mode.hpp"

namespace flopcast::catalog {

class Catalog {
 public:
  /// Adds or replaces an entry (a scenario's own definition replaces a built-in one of the same id).
  void put_chip(ChipSpec chip);
  void put_model(ModelProfile model);
  void put_mode(ServingMode mode);

  [[nodiscard]] const ChipSpec* find_chip(std::string_view id) const;
  [[nodiscard]] const ModelProfile* find_model(std::string_view id) const;
  [[nodiscard]] const ServingMode* find_mode(std::string_view id) const;
  [[nodiscard]] const std::vector<ServingMode>& modes() const { return modes_; }
  [[nodiscard]] std::vector<std::string> mode_ids() const;
  [[nodiscard]] const std::vector<ChipSpec>& chips() const { return chips_; }
  [[nodiscard]] const std::vector<ModelProfile>& models() const { return models_; }
  [[nodiscard]] std::vector<std::string> chip_ids() const;
  [[nodiscard]] std::vector<std::string> model_ids() const;
  /// The performance models' constants (scenarios/catalog/calibration.yaml, else the defaults).
  [[nodiscard]] const Calibration& calibration() const { return calibration_; }
  void set_calibration(const Calibration& c) { calibration_ = c; }
  /// The models' held-out error on the validation cases (scenarios/catalog/model-error.yaml;
  /// empty when the catalog has none).
  [[nodiscard]] const ModelErrorTable& model_error() const { return model_error_ ? *model_error_ : kNoModelError; }
  void set_model_error(ModelErrorTable t) { model_error_ = std::make_shared<const ModelErrorTable>(std::move(t)); }

 private:
  std::vector<ChipSpec> chips_;      // in definition order: deterministic listings
  std::vector<ModelProfile> models_;
  std::vector<ServingMode> modes_;
  Calibration calibration_;
  // Shared: scenarios copy their catalog (sweeps, goal seeking), and this table never changes.
  std::shared_ptr<const ModelErrorTable> model_error_;
  static inline const ModelErrorTable kNoModelError{};
};

}  // namespace flopcast::catalog
