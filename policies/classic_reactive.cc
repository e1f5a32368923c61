// The classic reactive strategies with short memory, answering the watched
// seat's last one to three moves (the Axelrod library's titfortat.py and
// memoryone.py):
//   suspicious_tit_for_tat  D first, then tit for tat (SuspiciousTitForTat);
//   tit_for_two_tats        D only after two defections in a row (TitFor2Tats);
//   two_tits_for_tat        D after a defection in either of the last two
//                           turns (TwoTitsForTat);
//   hard_tit_for_tat        D after a defection in any of the last three
//                           turns (HardTitForTat);
//   generous_tit_for_tat    tit for tat that forgives a defection with
//                           probability p (GTFT, memory-one (1, p, 1, p));
//   bully                   D first, then the opposite of the last move
//                           (Bully, "reverse tit for tat");
//   win_stay_lose_shift     C first, then C iff both seats made the same
//                           move last turn (WinStayLoseShift, (1, 0, 0, 1)).
// On escalation ladders the watched seat defected at a turn iff it played
// above its first action; C is the seat's first action and D its last. The
// exception is suspicious_tit_for_tat, which copies the level like
// tit_for_tat (the watched level mapped onto its own ladder), so that it is
// exactly tit_for_tat opening with D.
// Parameters: watch (seat id; default the seat's opponent); generous_tit_for_tat
// also p (default 1/3, may be a prior).
#include "engine/core/error.h"
#include "policies/policy.h"

namespace geostrat {
namespace {

// Defects iff the watched seat defected in at least `need` of its last
// `window` turns (fewer at the start: only turns played count, as with the
// Axelrod library's history slices). Tit for two tats is (2, 2), two tits for
// tat (2, 1), hard tit for tat (3, 1).
class DefectionWindow : public CopyablePolicy<DefectionWindow> {
 public:
  DefectionWindow(int watch, int window, int need, int defect)
      : watch_(watch), window_(window), need_(need), defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    int defections = 0;
    for (int ago = 1; ago <= window_ && ago <= obs.quarter(); ++ago) {
      defections += obs.Played(watch_, ago) > 0;
    }
    return defections >= need_ ? defect_ : 0;
  }

 private:
  int watch_, window_, need_, defect_;
};

class SuspiciousTitForTat : public CopyablePolicy<SuspiciousTitForTat> {
 public:
  SuspiciousTitForTat(int watch, int own_n) : watch_(watch), own_n_(own_n) {}
  int Act(const Observation& obs, Rng&) override {
    if (obs.quarter() == 0) return own_n_ - 1;
    return policy_util::MapLevel(obs.Played(watch_, 1), obs.NumActions(watch_), own_n_);
  }

 private:
  int watch_, own_n_;
};

class Bully : public CopyablePolicy<Bully> {
 public:
  Bully(int watch, int defect) : watch_(watch), defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    if (obs.quarter() == 0) return defect_;
    return obs.Played(watch_, 1) > 0 ? 0 : defect_;
  }

 private:
  int watch_, defect_;
};

// Stays after a "win" (the watched seat cooperated), shifts after a "loss":
// C iff last turn's two moves were both C or both D. Its own move is the one
// actually played (after noise), as in the Axelrod library.
class WinStayLoseShift : public CopyablePolicy<WinStayLoseShift> {
 public:
  WinStayLoseShift(int watch, int defect) : watch_(watch), defect_(defect) {}
  int Act(const Observation& obs, Rng&) override {
    if (obs.quarter() == 0) return 0;
    const bool own_c = obs.Played(obs.seat, 1) == 0;
    const bool their_c = obs.Played(watch_, 1) == 0;
    return own_c == their_c ? 0 : defect_;
  }

 private:
  int watch_, defect_;
};

// C first; then C after the watched seat cooperated, and after a defection
// C with probability p, else D. The Axelrod library draws only after a
// defection (random_choice skips the draw when p is 0 or 1); here every
// decision after the first draws exactly one uniform, used only after a
// defection, so the turn-t decision always uses the stream's (t-1)-th
// number whatever the history (common random numbers across opponents). The
// distribution of play is the same. A fresh instance skips the numbers of the
// turns already played.
class GenerousTitForTat : public CopyablePolicy<GenerousTitForTat> {
 public:
  GenerousTitForTat(int watch, double p, int defect) : watch_(watch), p_(p), defect_(defect) {}
  int Act(const Observation& obs, Rng& rng) override {
    if (obs.quarter() == 0) return 0;
    for (; drawn_ < obs.quarter() - 1; ++drawn_) rng.Uniform();
    ++drawn_;
    const double u = rng.Uniform();
    if (obs.Played(watch_, 1) == 0) return 0;
    return u < p_ ? 0 : defect_;
  }

 private:
  int watch_;
  double p_;
  int defect_;
  int drawn_ = 0;
};

const std::vector<ParamSpec>& GenerousSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"p", 1.0 / 3.0, 0, 1, "",
       "D: the Axelrod library's GTFT default min(1 - (T - R) / (R - S), (R - P) / (T - P)) "
       "= 1/3 at R, S, T, P = 3, 0, 5, 1 (Nowak and Sigmund 1992)",
       "probability of cooperating after the watched seat defected"},
  };
  return specs;
}

// The common parse of the watch-only strategies: {"name", "watch"}.
struct Watched {
  int watch;
  int own_n;
  Json json;
};

Watched ReadWatched(const ConfigNode& node, const GameContext& context, int seat,
                    const std::string& name, std::vector<std::string> extra_keys = {}) {
  extra_keys.push_back("name");
  extra_keys.push_back("watch");
  node.AllowOnlyKeys(extra_keys);
  const int watch = policy_util::ReadWatch(node, context, seat);
  return {watch, context.NumActions(seat),
          Json{{"name", name}, {"watch", context.seat_ids[watch]}}};
}

std::shared_ptr<const PolicyPlan> WindowPlan(const ConfigNode& node, const GameContext& context,
                                             int seat, const std::string& name, int window,
                                             int need) {
  Watched w = ReadWatched(node, context, seat, name);
  const int watch = w.watch, defect = w.own_n - 1;
  return policy_util::MakeFactoryPlan(
      std::move(w.json), ParamSet(), window, false, [=](const std::vector<double>&) {
        return std::make_unique<DefectionWindow>(watch, window, need, defect);
      });
}

}  // namespace

std::shared_ptr<const PolicyPlan> ParseSuspiciousTitForTat(const ConfigNode& node,
                                                           const GameContext& context, int seat) {
  Watched w = ReadWatched(node, context, seat, "suspicious_tit_for_tat");
  const int watch = w.watch, own_n = w.own_n;
  return policy_util::MakeFactoryPlan(
      std::move(w.json), ParamSet(), 1, false, [=](const std::vector<double>&) {
        return std::make_unique<SuspiciousTitForTat>(watch, own_n);
      });
}

std::shared_ptr<const PolicyPlan> ParseTitForTwoTats(const ConfigNode& node,
                                                     const GameContext& context, int seat) {
  return WindowPlan(node, context, seat, "tit_for_two_tats", 2, 2);
}

std::shared_ptr<const PolicyPlan> ParseTwoTitsForTat(const ConfigNode& node,
                                                     const GameContext& context, int seat) {
  return WindowPlan(node, context, seat, "two_tits_for_tat", 2, 1);
}

std::shared_ptr<const PolicyPlan> ParseHardTitForTat(const ConfigNode& node,
                                                     const GameContext& context, int seat) {
  return WindowPlan(node, context, seat, "hard_tit_for_tat", 3, 1);
}

std::shared_ptr<const PolicyPlan> ParseGenerousTitForTat(const ConfigNode& node,
                                                         const GameContext& context, int seat) {
  Watched w = ReadWatched(node, context, seat, "generous_tit_for_tat", {"p"});
  const int watch = w.watch, defect = w.own_n - 1;
  return policy_util::MakeFactoryPlan(
      std::move(w.json), policy_util::ReadNumbers(node, GenerousSpecs()), 1, true,
      [=](const std::vector<double>& v) {
        return std::make_unique<GenerousTitForTat>(watch, v[0], defect);
      });
}

std::shared_ptr<const PolicyPlan> ParseBully(const ConfigNode& node, const GameContext& context,
                                             int seat) {
  Watched w = ReadWatched(node, context, seat, "bully");
  const int watch = w.watch, defect = w.own_n - 1;
  return policy_util::MakeFactoryPlan(
      std::move(w.json), ParamSet(), 1, false,
      [=](const std::vector<double>&) { return std::make_unique<Bully>(watch, defect); });
}

std::shared_ptr<const PolicyPlan> ParseWinStayLoseShift(const ConfigNode& node,
                                                        const GameContext& context, int seat) {
  Watched w = ReadWatched(node, context, seat, "win_stay_lose_shift");
  const int watch = w.watch, defect = w.own_n - 1;
  return policy_util::MakeFactoryPlan(
      std::move(w.json), ParamSet(), 1, false, [=](const std::vector<double>&) {
        return std::make_unique<WinStayLoseShift>(watch, defect);
      });
}

}  // namespace geostrat
