// How tokens spread over experts and nodes (docs/models/moe.md, eq. M1-M3): the load on the
// busiest expert-parallel rank, and the distinct remote nodes a token's experts occupy.
#pragma once

namespace flopcast::perf {

/// eq. M1: routed tokens on the busiest of `ep` ranks over the mean, with `experts` routed
/// experts (plus `redundant` copies of the hottest, EPLB), `top_k` per token, `tokens_per_rank`
/// tokens routed from each rank, and expert popularity varying by `skew` (coefficient of
/// variation). 1 when ep = 1 (one rank holds every expert: nothing waits for a busier one).
double expert_load_imbalance(double experts, double top_k, double ep, double tokens_per_rank, double redundant, double skew);

/// Expected maximum of n independent standard normal variables (Blom's approximation).
double expected_max_standard_normal(double n);

/// eq. I14: expected maximum of n independent Poisson counts of mean `mean`: the prompts that
/// land on the busiest of n data-parallel attention ranks in one serving step. `mean` for n = 1.
double expected_max_poisson(double mean, double n);

/// eq. M2: nodes other than its own that one token's `top_k` experts occupy, on average, with
/// the experts spread uniformly over `nodes` nodes and at most `node_limit` nodes per token
/// (0 = no limit): n (1 - (1 - 1/n)^k) (n - 1)/n, n = min(nodes, limit).
double remote_nodes_per_token(double top_k, double nodes, int node_limit);

/// eq. M3: experts of `experts` that receive at least one of `routed` tokens (each to one expert,
/// uniformly), for grouped GEMMs and weight reads at small batch: E (1 - exp(-routed/E)).
double experts_touched(double experts, double routed);

}  // namespace flopcast::perf
