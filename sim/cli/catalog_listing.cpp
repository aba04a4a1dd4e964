// Catalog listings: a readable table, or CSV/JSON with SI numbers and each entry's source.
#include "catalog_listing.hpp"

#include "flopcast/report/json_writer.hpp"
#include "text_table.hpp"

namespace flopcast::cli {
namespace {

using report::JsonWriter;

std::string conf(catalog::Confidence c) { return std::string(core::enum_token(catalog::confidence_names(), c)); }
std::string tf(double v) { return v > 0 ? grouped(v / 1e12) : "-"; }
std::string opt(const std::optional<double>& v, double scale, int decimals = 0) { return v ? grouped(*v / scale, decimals) : "?"; }
std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}
std::string num(double v) { return JsonWriter::number(v); }
std::string num(const std::optional<double>& v) { return v ? num(*v) : ""; }

}  // namespace

std::string list_chips(const catalog::Catalog& c, const std::string& format) {
  if (format == "json") {
    JsonWriter w;
    w.begin_array();
    for (const auto& chip : c.chips()) {
      w.begin_object().value("id", chip.id).value("display_name", chip.display_name).value("vendor", chip.vendor);
      w.value("release", chip.release.str()).value("status", core::enum_token(catalog::chip_status_names(), chip.status));
      w.begin_object("dense_peak_flop_per_s");
      for (const auto& p : catalog::precision_names()) if (chip.supports(p.value)) w.value(p.token, chip.peak(p.value));
      w.end_object();
      w.value("hbm_bytes", chip.hbm_bytes).value("hbm_bytes_per_s", chip.hbm_bytes_per_s);
      w.value("scale_up_bytes_per_s", chip.scale_up_bytes_per_s).value("scale_up_domain", static_cast<double>(chip.scale_up_domain));
      chip.tdp_w ? w.value("tdp_w", *chip.tdp_w) : w.null("tdp_w");
      chip.die_area_mm2 ? w.value("die_area_mm2", *chip.die_area_mm2) : w.null("die_area_mm2");
      chip.price_usd ? w.value("price_usd", *chip.price_usd) : w.null("price_usd");
      chip.system_price_usd ? w.value("system_price_usd", *chip.system_price_usd) : w.null("system_price_usd");
      chip.system_power_w ? w.value("system_power_w", *chip.system_power_w) : w.null("system_power_w");
      chip.available_in_us ? w.value("available_in_us", *chip.available_in_us) : w.null("available_in_us");
      w.value("specs_published", chip.specs_published);
      w.value("tpp", catalog::total_processing_performance(chip));
      if (auto pd = catalog::performance_density(chip)) w.value("performance_density", *pd); else w.null("performance_density");
      w.value("source", chip.provenance.source).value("confidence", conf(chip.provenance.confidence));
      w.end_object();
    }
    w.end_array();
    return w.str();
  }
  if (format == "csv") {
    std::string out = "id,display_name,vendor,release,status,fp4_flop_per_s,fp8_flop_per_s,int8_op_per_s,bf16_flop_per_s,fp16_flop_per_s,"
                      "hbm_bytes,hbm_bytes_per_s,scale_up_bytes_per_s,scale_up_domain,tdp_w,die_area_mm2,price_usd,tpp,confidence,source\n";
    for (const auto& chip : c.chips()) {
      out += chip.id + "," + csv_cell(chip.display_name) + "," + csv_cell(chip.vendor) + "," + chip.release.str() + "," +
             std::string(core::enum_token(catalog::chip_status_names(), chip.status));
      for (double v : chip.dense_peak_flop_per_s) out += "," + num(v);
      out += "," + num(chip.hbm_bytes) + "," + num(chip.hbm_bytes_per_s) + "," + num(chip.scale_up_bytes_per_s) + "," +
             num(chip.scale_up_domain) + "," + num(chip.tdp_w) + "," + num(chip.die_area_mm2) + "," + num(chip.price_usd) + "," +
             num(catalog::total_processing_performance(chip)) + "," + conf(chip.provenance.confidence) + "," + csv_cell(chip.provenance.source) + "\n";
    }
    return out;
  }
  TextTable t({"id", "name", "release", "BF16 TF", "FP8 TF", "FP4 TF", "INT8 TOPS", "HBM GB", "HBM TB/s", "TDP W", "TPP", "conf"},
              {false, false, false, true, true, true, true, true, true, true, true, false});
  using P = catalog::Precision;
  for (const auto& chip : c.chips()) {
    t.add({chip.id, chip.display_name, chip.release.str() + (chip.status == catalog::ChipStatus::roadmap ? " (roadmap)" : ""),
           tf(chip.peak(P::bf16)), tf(chip.peak(P::fp8)), tf(chip.peak(P::fp4)), tf(chip.peak(P::int8)),
           chip.specs_published ? grouped(chip.hbm_bytes / 1e9) : "?", chip.specs_published ? grouped(chip.hbm_bytes_per_s / 1e12, 2) : "?",
           opt(chip.tdp_w, 1), chip.specs_published ? grouped(catalog::total_processing_performance(chip)) : "?",
           conf(chip.provenance.confidence)});
  }
  return t.str() + "\nDense peaks (no sparsity). '-' = not supported or not disclosed, '?' = unknown.\n"
                   "Sources: flopcast catalog chips --format json\n";
}

std::string list_models(const catalog::Catalog& c, const std::string& format) {
  const double kv_ref = 0;  // elements per token do not depend on context
  (void)kv_ref;
  if (format == "json") {
    JsonWriter w;
    w.begin_array();
    for (const auto& m : c.models()) {
      w.begin_object().value("id", m.id).value("display_name", m.display_name).value("release", m.release.str());
      w.value("status", core::enum_token(catalog::model_status_names(), m.status));
      w.value("attention", core::enum_token(catalog::attention_kind_names(), m.attention.kind)).value("moe", m.is_moe());
      w.value("total_params", catalog::total_params(m)).value("active_params", catalog::active_params(m));
      m.published_total_params ? w.value("published_total_params", *m.published_total_params) : w.null("published_total_params");
      m.published_active_params ? w.value("published_active_params", *m.published_active_params) : w.null("published_active_params");
      w.value("forward_flops_per_token_at_4k", catalog::forward_flops_per_token(m, 4096));
      w.value("kv_elements_per_token", catalog::kv_elements_per_token(m));
      w.value("context_length", static_cast<double>(m.context_length));
      w.value("declared_only", m.declared_only);
      w.value("source", m.provenance.source).value("confidence", conf(m.provenance.confidence));
      w.end_object();
    }
    w.end_array();
    return w.str();
  }
  if (format == "csv") {
    std::string out = "id,display_name,release,status,attention,moe,total_params,active_params,published_total_params,"
                      "published_active_params,kv_elements_per_token,context_length,confidence,source\n";
    for (const auto& m : c.models()) {
      out += m.id + "," + csv_cell(m.display_name) + "," + m.release.str() + "," +
             std::string(core::enum_token(catalog::model_status_names(), m.status)) + "," +
             std::string(core::enum_token(catalog::attention_kind_names(), m.attention.kind)) + "," + (m.is_moe() ? "true" : "false") + "," +
             num(catalog::total_params(m)) + "," + num(catalog::active_params(m)) + "," + num(m.published_total_params) + "," +
             num(m.published_active_params) + "," + num(catalog::kv_elements_per_token(m)) + "," + num(m.context_length) + "," +
             conf(m.provenance.confidence) + "," + csv_cell(m.provenance.source) + "\n";
    }
    return out;
  }
  TextTable t({"id", "name", "status", "attention", "total B", "active B", "published", "KV elem/token", "context", "conf"},
              {false, false, false, false, true, true, true, true, true, false});
  for (const auto& m : c.models()) {
    const std::string published = (m.published_total_params ? grouped(*m.published_total_params / 1e9) : "?") + " / " +
                                  (m.published_active_params ? grouped(*m.published_active_params / 1e9, 1) : "?");
    t.add({m.id, m.display_name, std::string(core::enum_token(catalog::model_status_names(), m.status)),
           m.declared_only ? "-" : std::string(core::enum_token(catalog::attention_kind_names(), m.attention.kind)),
           grouped(catalog::total_params(m) / 1e9), grouped(catalog::active_params(m) / 1e9, 1), published,
           m.declared_only ? "-" : grouped(catalog::kv_elements_per_token(m)), grouped(m.context_length), conf(m.provenance.confidence)});
  }
  return t.str() + "\ntotal/active: derived from the dimensions (MTP excluded); published: as the publisher states them.\n"
                   "Rumour profiles carry published totals only.\n";
}

std::string list_modes(const catalog::Catalog& c, const std::string& format) {
  auto ms = [](const std::optional<double>& v) { return v ? grouped(*v * 1e3) : std::string("-"); };
  if (format == "json") {
    JsonWriter w;
    w.begin_array();
    for (const auto& m : c.modes()) {
      w.begin_object().value("id", m.id).value("display_name", m.display_name).value("input_tokens", m.input_tokens);
      w.value("output_tokens", m.output_tokens).value("images_per_request", m.images_per_request).value("image_tokens", m.image_tokens);
      w.value("vision_flops_per_image", m.vision_flops_per_image);
      m.tpot_target_s ? w.value("tpot_target_s", *m.tpot_target_s) : w.null("tpot_target_s");
      m.ttft_target_s ? w.value("ttft_target_s", *m.ttft_target_s) : w.null("ttft_target_s");
      w.value("source", m.provenance.source).value("confidence", conf(m.provenance.confidence)).end_object();
    }
    w.end_array();
    return w.str();
  }
  if (format == "csv") {
    std::string out = "id,display_name,input_tokens,output_tokens,images_per_request,image_tokens,vision_flops_per_image,tpot_target_s,ttft_target_s,confidence,source\n";
    for (const auto& m : c.modes()) {
      out += m.id + "," + csv_cell(m.display_name) + "," + num(m.input_tokens) + "," + num(m.output_tokens) + "," + num(m.images_per_request) + "," +
             num(m.image_tokens) + "," + num(m.vision_flops_per_image) + "," + num(m.tpot_target_s) + "," + num(m.ttft_target_s) + "," +
             conf(m.provenance.confidence) + "," + csv_cell(m.provenance.source) + "\n";
    }
    return out;
  }
  TextTable t({"id", "name", "input", "output", "images", "TPOT ms", "TTFT ms", "conf"}, {false, false, true, true, true, true, true, false});
  for (const auto& m : c.modes()) {
    t.add({m.id, m.display_name, grouped(m.input_tokens), grouped(m.output_tokens),
           m.images_per_request > 0 ? grouped(m.images_per_request) + " x " + grouped(m.image_tokens) + " tok" : "-", ms(m.tpot_target_s),
           ms(m.ttft_target_s), conf(m.provenance.confidence)});
  }
  return t.str() + "\nModes are request classes an inference service mixes (mix: in a scenario). Lengths in tokens.\n";
}

std::string list_sources(const catalog::Bibliography& b, const std::string& format) {
  if (format == "json") {
    JsonWriter w;
    w.begin_array();
    for (const auto& e : b.entries()) {
      w.begin_object().value("key", e.key).value("author", e.author).value("title", e.title).value("date", e.date).value("url", e.url);
      w.value("via", e.via).value("notes", e.notes).end_object();
    }
    w.end_array();
    return w.str();
  }
  if (format == "csv") {
    std::string out = "key,author,title,date,url,via,notes\n";
    for (const auto& e : b.entries()) {
      out += e.key + "," + csv_cell(e.author) + "," + csv_cell(e.title) + "," + e.date + "," + csv_cell(e.url) + "," + csv_cell(e.via) + "," +
             csv_cell(e.notes) + "\n";
    }
    return out;
  }
  auto clip = [](const std::string& s, std::size_t n) {  // whole UTF-8 characters only
    if (s.size() <= n) return s;
    std::size_t k = n - 3;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    return s.substr(0, k) + "...";
  };
  TextTable t({"key", "date", "author", "title"});
  for (const auto& e : b.entries()) t.add({"[" + e.key + "]", e.date, clip(e.author, 40), clip(e.title, 70)});
  return t.str() + "\nEvery [KEY] cited in the catalog, regimes and scenarios. URLs: --format csv, json or markdown (docs/sources.md).\n";
}

}  // namespace flopcast::cli
