// Time of collective operations on scale-up and scale-out links (internal to perf).
#pragma once

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/perf/calibration.hpp"

namespace flopcast::perf::detail {

/// Per-direction link bandwidths, never zero: a chip without a positive figure for one link uses
/// the other, and one with neither is assumed to have a 100 Gb/s NIC (eq. C1). Dividing by an
/// unknown (0) bandwidth used to make communication time infinite.
double scale_up_bandwidth(const catalog::ChipSpec& chip);
double scale_out_bandwidth(const catalog::ChipSpec& chip);

/// Per-direction bandwidth a group of `group` chips communicates at: the scale-up link when the
/// group fits one scale-up domain, else the scale-out NIC (eq. C1).
double group_bandwidth(const catalog::ChipSpec& chip, long long group, const Calibration& cal);

/// eq. C1b: per-direction bus bandwidth of a ring collective over `group` chips with
/// `per_domain` of them in each scale-up domain. Inside one domain, the scale-up link. Across
/// domains NCCL runs one ring per NIC (channel) and each ring's intra-domain hops ride the
/// scale-up links, so a chip's bus bandwidth is its domain-mates' NICs together (NCCL's own
/// model: bus bandwidth = channels x per-channel inter-node bandwidth, [NCCL-TUNING]), at most
/// the scale-up bandwidth.
double spread_group_bandwidth(const catalog::ChipSpec& chip, long long group, long long per_domain, const Calibration& cal);

/// Latency of one collective (eq. C4): a fixed start, then a time per ring step inside a
/// scale-up domain and per step across domains.
struct CollectiveLatency {
  double base_s = 0, step_s = 0, inter_step_s = 0;
  /// `steps` ring steps of which `inter_steps` cross between domains.
  [[nodiscard]] double of(double steps, double inter_steps = 0) const {
    return steps > 0 ? base_s + (steps - inter_steps) * step_s + inter_steps * inter_step_s : 0.0;
  }
};

/// The chip's collective latency: its communication library's published model where the catalog
/// gives one (NCCL's tuner defaults on NVIDIA chips, [NCCL-TUNING]), else `collective_latency_s`
/// per step, fitted.
CollectiveLatency collective_latency(const catalog::ChipSpec& chip, const Calibration& cal);

/// Scale-up domains a group of `group` consecutive ranks spans (1 inside one domain).
double domains_spanned(const catalog::ChipSpec& chip, long long group);

/// Latency of a ring all-reduce over `group` consecutive ranks: 2 (g-1) steps, 2 (domains-1) of
/// them between domains (NCCL's ring count); an all-gather or reduce-scatter is half of it.
double all_reduce_latency_s(const catalog::ChipSpec& chip, long long group, const Calibration& cal);

/// Latency of one message (a point-to-point send or an all-to-all) among `group` consecutive
/// ranks: one step, between domains when the group spans more than one.
double message_latency_s(const catalog::ChipSpec& chip, long long group, const Calibration& cal);

/// Ring all-reduce of `bytes` over `group` chips: 2 (g-1)/g x bytes / bandwidth (eq. C2).
double all_reduce_s(double bytes, long long group, double bytes_per_s);

/// Ring all-gather or reduce-scatter: (g-1)/g x bytes / bandwidth (eq. C3).
double all_gather_s(double bytes, long long group, double bytes_per_s);

}  // namespace flopcast::perf::detail
