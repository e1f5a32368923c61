// geostrat sweep and geostrat merge.
#include <omp.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "engine/cli/commands.h"
#include "engine/core/error.h"
#include "engine/run/experiment.h"
#include "engine/run/ranks.h"
#include "engine/run/results.h"
#include "engine/sweep/api.h"
#include "engine/sweep/sweep.h"

namespace geostrat {
namespace {

namespace po = boost::program_options;

// "k/N" with 1 <= k <= N.
std::pair<int, int> ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  try {
    if (slash != std::string::npos) {
      size_t used_k = 0, used_n = 0;
      const int k = std::stoi(text.substr(0, slash), &used_k);
      const int n = std::stoi(text.substr(slash + 1), &used_n);
      if (used_k == slash && used_n == text.size() - slash - 1 && k >= 1 && k <= n && n <= 100000) {
        return {k, n};
      }
    }
  } catch (const std::exception&) {
  }
  throw UsageError("sweep: --shard expects k/N with 1 <= k <= N (e.g. 3/8), found '" + text + "'");
}

int Sweep(const std::vector<std::string>& args) {
  po::options_description options("geostrat sweep CONFIG [options]");
  options.add_options()("help,h", "describe the options")(
      "config", po::value<std::string>(), "experiment config with a \"sweep\" member (JSON)")(
      "threads", po::value<int>()->default_value(omp_get_num_procs()),
      "OpenMP threads per process (results do not depend on it)")(
      "out", po::value<std::string>(), "write the run folder to exactly this path (must not exist)")(
      "resume", "finish the interrupted sweep whose checkpoint is in OUT.inprogress (needs --out)")(
      "shard", po::value<std::string>(), "run the k-th of N contiguous slices of the design: k/N")(
      "checkpoint-seconds", po::value<double>()->default_value(10),
      "at most this many seconds between checkpoints (0: after every block of points)")(
      "block-replicates", po::value<long long>()->default_value(8192),
      "replicates per block of whole points: the grain of checkpoints and the memory held at once "
      "(results do not depend on it)")(
      "results-root", po::value<std::string>()->default_value("results"),
      "root of the default run folder results/<experiment>/<UTC time>-<hash>/")(
      "report", "also write report.html into the run folder (geostrat report; not for a shard)")(
      "replicates", po::value<long long>(), "replicates per point (overrides the config's)")(
      "seed", po::value<long long>(), "base seed (overrides the config's)")(
      "quiet,q", "nothing on stdout");
  const auto vm = ParseVerbArgs("sweep", args, options, "config", 1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("config")) throw UsageError("sweep: missing CONFIG");
  const int threads = ThreadsOption(vm, "sweep");
  if (vm.count("resume") && !vm.count("out")) {
    throw UsageError("sweep: --resume needs --out DIR, the folder the interrupted sweep was writing");
  }
  const double every = vm["checkpoint-seconds"].as<double>();
  if (!(every >= 0)) throw UsageError("sweep: --checkpoint-seconds must be >= 0");
  const long long block = IntegerOption(vm, "sweep", "block-replicates", 1, 100000000);
  SweepOptions o;
  o.block_replicates = static_cast<uint64_t>(block);
  o.threads = threads;
  o.resume = vm.count("resume") > 0;
  o.progress = true;
  o.checkpoint_seconds = every;
  o.command = CommandLine("sweep", args);
  o.finish = ReportWriter(vm.count("report") > 0);
  if (vm.count("shard")) std::tie(o.shard, o.shards) = ParseShard(vm["shard"].as<std::string>());

  const std::string config = vm["config"].as<std::string>();
  // --replicates and --seed cut or re-draw a sweep without editing its
  // config; they enter its hash and its manifest's rerun command.
  api::SweepOverrides overrides;
  if (vm.count("replicates")) overrides.replicates = IntegerOption(vm, "sweep", "replicates", 1, 100000000);
  if (vm.count("seed")) overrides.seed = IntegerOption(vm, "sweep", "seed", 0, kMaxSeed);
  const SweepSpec spec = api::PrepareSweep(LoadMergedConfig(config), config, overrides);
  // Checked before the work starts; an existing folder is for RunSweep to
  // judge (--resume of a finished sweep).
  if (vm.count("out")) {
    o.out = CheckOutputFolder("sweep", vm["out"].as<std::string>(), false, o.resume);
  } else {
    // Like geostrat run's default folder; a shard gets its own.
    o.out = (std::filesystem::path(vm["results-root"].as<std::string>()) / spec.base.name /
             (UtcStampForFolder() + "-" + spec.Hash().substr(0, 12) +
              (o.shards > 1 ? "-shard" + std::to_string(o.shard) + "of" + std::to_string(o.shards) : "")))
                .string();
    o.out = CheckOutputFolder("sweep", o.out, true);
  }
  const SweepSummary summary = RunSweep(spec, o);
  if (Ranks::World().rank() == 0 && !vm.count("quiet")) std::cout << summary.report;
  return 0;
}

}  // namespace

int SweepCommand(const std::vector<std::string>& args) {
  const Ranks& ranks = Ranks::World();
  if (ranks.size() == 1) return Sweep(args);
  // Under MPI a failure on one rank must end them all: report it, then abort.
  try {
    return Sweep(args);
  } catch (const ConfigError& e) {
    if (ranks.rank() == 0) std::fprintf(stderr, "geostrat: configuration error: %s\n", e.what());
    ranks.Abort(2);
  } catch (const UsageError& e) {
    if (ranks.rank() == 0) std::fprintf(stderr, "geostrat: %s\n", e.what());
    ranks.Abort(64);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "geostrat: error (rank %d): %s\n", ranks.rank(), e.what());
    ranks.Abort(1);
  }
}

int MergeCommand(const std::vector<std::string>& args) {
  po::options_description options("geostrat merge SHARD_DIR... --out DIR [options]");
  options.add_options()("help,h", "describe the options")(
      "shards", po::value<std::vector<std::string>>(), "the shard folders of one sweep (geostrat sweep --shard k/N)")(
      "out", po::value<std::string>(), "write the merged run folder to exactly this path (must not exist)")(
      "report", "also write report.html into the merged folder (geostrat report)")(
      "quiet,q", "nothing on stdout");
  const auto vm = ParseVerbArgs("merge", args, options, "shards", -1);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (!vm.count("shards")) throw UsageError("merge: missing SHARD_DIR...");
  if (!vm.count("out")) throw UsageError("merge: missing --out DIR");
  const std::string out = CheckOutputFolder("merge", vm["out"].as<std::string>());
  const SweepSummary summary = MergeSweepShards(vm["shards"].as<std::vector<std::string>>(), out,
                                                CommandLine("merge", args),
                                                ReportWriter(vm.count("report") > 0));
  if (!vm.count("quiet")) std::cout << summary.report;
  return 0;
}

}  // namespace geostrat
