// The catalog: chips and models by id, in definition order.
#include "flopcast/catalog/catalog.hpp"

#include <algorithm>

namespace flopcast::catalog {
namespace {

template <class T>
void put(std::vector<T>& items, T item) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == item.id; });
  if (it != items.end()) {
    *it = std::move(item);
  } else {
    items.push_back(std::move(item));
  }
}

template <class T>
const T* find(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}

template <class T>
std::vector<std::string> ids(const std::vector<T>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& x : items) out.push_back(x.id);
  return out;
}

}  // namespace

void Catalog::put_chip(ChipSpec chip) { put(chips_, std::move(chip)); }
void Catalog::put_model(ModelProfile model) { put(models_, std::move(model)); }
void Catalog::put_mode(ServingMode mode) { put(modes_, std::move(mode)); }
const ServingMode* Catalog::find_mode(std::string_view id) const { return find(modes_, id); }
std::vector<std::string> Catalog::mode_ids() const { return ids(modes_); }
const ChipSpec* Catalog::find_chip(std::string_view id) const { return find(chips_, id); }
const ModelProfile* Catalog::find_model(std::string_view id) const { return find(models_, id); }
std::vector<std::string> Catalog::chip_ids() const { return ids(chips_); }
std::vector<std::string> Catalog::model_ids() const { return ids(models_); }

}  // namespace flopcast::catalog
