// flopcast plan: search parallel layouts for each training run and show the best few.
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/perf/layout_search.hpp"
#include "flopcast/scenario/load.hpp"
#include "option_numbers.hpp"
#include "text_table.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {
namespace {

std::string layout_text(const perf::ParallelLayout& l) {
  std::string s = "TP" + std::to_string(l.tp) + " PP" + std::to_string(l.pp);
  if (l.ep > 1) s += " EP" + std::to_string(l.ep);
  if (l.cp > 1) s += " CP" + std::to_string(l.cp);
  s += " DP" + std::to_string(l.dp) + " mb" + std::to_string(l.micro_batch) + " " +
       std::string(core::enum_token(perf::pipeline_schedule_names(), l.schedule));
  if (l.schedule == perf::PipelineSchedule::interleaved) s += "x" + std::to_string(l.virtual_stages);
  s += " ZeRO-" + std::to_string(l.zero_stage) + " " + std::string(core::enum_token(perf::recompute_names(), l.recompute));
  if (l.recompute == perf::Recompute::full && l.recompute_layers > 0) s += "x" + std::to_string(l.recompute_layers);
  if (l.recompute == perf::Recompute::selective && l.recompute_modules != 0) {
    std::string mods;
    for (const auto& m : perf::recompute_module_names()) {
      if (l.recompute_modules & perf::module_bit(m.value)) mods += (mods.empty() ? "" : "+") + std::string(m.token);
    }
    s += "(" + mods + ")";
  }
  if (l.tp > 1) s += std::string(l.sequence_parallel ? " SP" : "") + (l.tp_comm_overlap ? " TP-overlap" : "");
  return s;
}

std::string ms(double s) { return grouped(s * 1e3, 0); }

}  // namespace

int cmd_plan(const Args& args, const GlobalOptions& g) {
  std::string scenario_path, only;
  WholeNumber<1, 10'000> top{5};
  po::options_description opts("flopcast plan options");
  opts.add_options()("help,h", "show this help")("run", po::value(&only)->value_name("NAME"), "plan only this training run")(
      "top,n", hinted_value(&top, "e.g. --top 20, or leave --top out for the best 5")->value_name("N"), "how many layouts to show, 1 to 10,000 (default 5)");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  const auto vm = parse_command(args, opts, hidden, {{"scenario", 1}});
  if (vm.count("help") || scenario_path.empty()) {
    std::cout << "Usage: flopcast plan SCENARIO [--run NAME] [--top N]\n\n"
                 "For each training run (on its first pool), searches every parallel layout -- TP x PP x\n"
                 "CP x EP x DP x micro-batch x pipeline schedule (1F1B, interleaved with any virtual-stage\n"
                 "count, DualPipe) x ZeRO stage x recomputation (none, selective, selective with norms, full)\n"
                 "x sequence parallelism x TP communication overlap -- with the step model, skipping layouts\n"
                 "whose throughput bound cannot make the list, and prints the fastest feasible ones with\n"
                 "their time breakdown per step.\n"
                 "Runs need sequence_length and global_batch.\n\n"
                 "Example:\n  flopcast plan scenarios/910c-vs-h100.yaml --top 3\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto maybe = load_or_report(scenario_path, g);
  if (!maybe) return exit_bad_input;
  auto& loaded = *maybe;
  const auto& s = *loaded.scenario;
  bool any = false;
  for (const auto& run : s.training) {
    if (!only.empty() && run.name != only) continue;
    if (run.is_total()) {  // its stages are planned in their own right
      if (!only.empty()) std::cout << "Training run " << run.name << " has stages: plan each one (--run " << run.name << "/<stage>)\n\n";
      any = any || !only.empty();
      continue;
    }
    any = true;
    const auto& pool = *std::find_if(s.fleet.pools.begin(), s.fleet.pools.end(), [&](const auto& p) { return p.name == run.pools.front(); });
    std::cout << "Training run " << run.name << ": " << run.model.id << " on " << grouped(pool.count) << " x " << pool.chip.id << "\n";
    if (run.global_batch_tokens <= 0) {
      std::cout << "  no global_batch: add one (tokens per optimizer step) to plan this run\n\n";
      continue;
    }
    perf::LayoutSearchInputs in = engine::layout_search_inputs(s, run, pool, static_cast<std::size_t>(top.value));
    perf::LayoutSearchStats stats;
    const auto t0 = std::chrono::steady_clock::now();
    const auto best = perf::search_layouts(in, &stats);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    TextTable t({"#", "layout", "chips", "tok/s/chip", "MFU", "step ms", "compute ms", "TP ms", "EP ms", "CP ms", "PP ms", "DP ms", "bubble ms",
                 "optim ms", "HBM GB"},
                {true, false, true, true, true, true, true, true, true, true, true, true, true, true, true});
    int rank = 0;
    for (const auto& c : best) {
      const auto& e = c.estimate;
      t.add({std::to_string(++rank), layout_text(c.layout), grouped(static_cast<double>(c.layout.chips())), grouped(e.tokens_per_s_per_chip),
             grouped(e.mfu_bf16 * 100, 1) + "%", ms(e.time.step_s), ms(e.time.compute_s), ms(e.time.tp_comm_s), ms(e.time.ep_comm_s),
             ms(e.time.cp_comm_s), ms(e.time.pp_comm_s), ms(e.time.dp_comm_s), ms(e.time.bubble_s), ms(e.time.optimizer_s),
             grouped(e.memory.total / 1e9)});
    }
    std::cout << (best.empty() ? std::string("  no feasible layout\n") : t.str());
    std::cout << "  " << grouped(static_cast<double>(stats.evaluated)) << " layouts considered, " << grouped(static_cast<double>(stats.pruned))
              << " skipped by the throughput bound, " << grouped(static_cast<double>(stats.feasible)) << " of the priced ones feasible, in "
              << grouped(secs * 1e3, 1) << " ms. MFU against the BF16 peak; times per optimizer step (ms), communication as exposed.\n\n";
  }
  if (!any) {
    std::cerr << "flopcast plan: no training run" << (only.empty() ? "" : " named '" + only + "'") << " in " << scenario_path << "\n";
    return exit_bad_input;
  }
  return exit_ok;
}

}  // namespace flopcast::cli
