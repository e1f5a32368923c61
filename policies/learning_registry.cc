// Learning strategies: each documents what it observes and what it learns.
// They all accumulate over the whole history (memory "unbounded") and visit
// each past turn once in order. Six read the payoff oracle by default (and
// so ask the model for it through UsesOracle()); with "oracle": false, or
// where no oracle or counterfactual is available, they learn from realised
// payoffs instead. exp3 and q_learning never read it. The stochastic ones
// draw one uniform per turn (see learning_common.cc).
#include "policies/policy.h"

namespace geostrat {

// Defined in learning_beliefs.cc, learning_no_regret.cc, learning_q_learning.cc.
std::shared_ptr<const PolicyPlan> ParseFictitiousPlay(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseRegretMatching(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseHedge(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseExp3(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseLogitResponse(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseMyopicBestResponse(const ConfigNode&, const GameContext&,
                                                          int);
std::shared_ptr<const PolicyPlan> ParseQLearning(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseRecedingHorizon(const ConfigNode&, const GameContext&, int);

namespace {

// Said of every learner that values its actions against a watched seat.
constexpr const char* kWithoutOracle =
    " Without an oracle (or with \"oracle\": false) U(a, b) is the mean realised payoff of past "
    "turns with that pair of actions, else of own action a; ";
constexpr const char* kTryFirst = "an action never played is tried first, lowest index first.";

// The switch shared by the six learners that read the oracle.
const PolicyParamDoc kOracleDoc = {
    "oracle", "true",
    "read the payoff oracle (false: learn from realised payoffs only, as without one)"};

}  // namespace

const std::vector<PolicyInfo>& LearningPolicies() {
  static const std::vector<PolicyInfo> policies = {
      {"fictitious_play",
       std::string("Best response to the watched seat's empirical action frequencies (plus "
                   "`prior` pseudo-counts; uniform before any), valuing own action a against "
                   "watched action b by the oracle's stage payoff U(a, b). Ties go to the lowest "
                   "action index.") +
           kWithoutOracle + kTryFirst,
       "unbounded",
       false,
       "the watched seat's whole history of actions; stage payoffs from the oracle, else its own "
       "realised payoffs",
       {{"watch", "the other seat of the same game", "seat id whose frequencies are answered"},
        {"prior", "0", "pseudo-count of every watched action before the first turn"},
        kOracleDoc},
       "Brown (1951); Robinson (1951); Fudenberg and Levine (1998), The Theory of Learning in "
       "Games, ch. 2",
       ParseFictitiousPlay},
      {"regret_matching",
       "Plays each action with probability proportional to its positive cumulative regret "
       "(what it would have earned minus what it earned, from the oracle's counterfactual "
       "payoffs of every past turn); uniform when no regret is positive. Where counterfactuals "
       "are unavailable (no oracle, \"oracle\": false, the model's turns before the last) "
       "regrets are estimated from realised payoffs by importance weighting, and without an "
       "oracle `explore` of uniform play is mixed in.",
       "unbounded",
       true,
       "its own payoffs: counterfactual payoffs of each own action at every past turn from the "
       "oracle, else its realised payoffs",
       {{"explore", "0.1", "share of uniform play when regrets are estimated (no oracle only)"},
        kOracleDoc},
       "Hart and Mas-Colell (2000), Econometrica 68:1127 (unconditional regret matching); Hart "
       "and Mas-Colell (2001), J. Econ. Theory 98:26 (estimated regrets)",
       ParseRegretMatching},
      {"hedge",
       "Full-information exponential weights: P(a) proportional to exp(eta x cumulative payoff "
       "of a), payoffs rescaled to [0, 1] by the smallest and largest seen so far. Where "
       "counterfactuals are unavailable it weights estimated cumulative losses (realised loss "
       "of the action played over its probability), i.e. Exp3 in loss form.",
       "unbounded",
       true,
       "its own payoffs: counterfactual payoffs of each own action at every past turn from the "
       "oracle, else its realised payoffs",
       {{"eta", "0.1", "learning rate per turn on payoffs rescaled to [0, 1]"}, kOracleDoc},
       "Littlestone and Warmuth (1994); Freund and Schapire (1997), J. Comput. Syst. Sci. 55:119; "
       "Lattimore and Szepesvari (2020), Bandit Algorithms, ch. 11",
       ParseHedge},
      {"exp3",
       "Exp3 bandit learner: P(a) = (1 - gamma) w(a) / sum w + gamma / K with w(a) = exp(gamma "
       "/ K x importance-weighted cumulative payoff of a), payoffs rescaled to [0, 1] by the "
       "smallest and largest realised so far. Ignores any oracle.",
       "unbounded",
       true,
       "its own realised payoffs and actions only",
       {{"gamma", "0.1", "share of uniform exploration, in [0.001, 1]"}},
       "Auer, Cesa-Bianchi, Freund and Schapire (2002), SIAM J. Comput. 32:48",
       ParseExp3},
      {"logit_response",
       std::string("Logit quantal response to the watched seat's empirical mix (plus `prior` "
                   "pseudo-counts; uniform before any): P(a) proportional to exp(lambda x U(a)), "
                   "U(a) the expected stage payoff of a against that mix, from the oracle.") +
           kWithoutOracle + "an action never played is valued at the best payoff realised so far.",
       "unbounded",
       true,
       "the watched seat's whole history of actions; stage payoffs from the oracle, else its own "
       "realised payoffs",
       {{"watch", "the other seat of the same game", "seat id whose frequencies are answered"},
        {"lambda", "1", "precision per unit of payoff (0: uniform; large: best response)"},
        {"prior", "0", "pseudo-count of every watched action before the first turn"},
        kOracleDoc},
       "McKelvey and Palfrey (1995), Games Econ. Behav. 10:6; Fudenberg and Levine (1998), ch. 4",
       ParseLogitResponse},
      {"myopic_best_response",
       std::string("Best response to every seat repeating its last action: maximises the "
                   "oracle's stage payoff against the watched seat's last action (the others "
                   "repeating theirs, with the quarter's common random numbers in the model). "
                   "Plays its initial action on the first turn; ties go to the lowest index.") +
           kWithoutOracle + kTryFirst + " With an oracle it reads only the last turn.",
       "unbounded",
       false,
       "every seat's last action and the oracle's stage payoffs, else its own realised payoffs "
       "by pair of actions",
       {{"watch", "the other seat of the same game", "seat id whose last action is answered"},
        kOracleDoc},
       "Cournot (1838) adjustment; Fudenberg and Levine (1998), ch. 1",
       ParseMyopicBestResponse},
      {"receding_horizon",
       std::string("Best response over a horizon, with a logit choice: in the model each "
                   "action is valued by the oracle's look-ahead, the discounted utility of "
                   "holding it for `horizon` quarters while every other seat repeats its last "
                   "action, averaged over `samples` sampled futures (chance draws of their own, "
                   "common across actions); P(a) proportional to exp(lambda x value(a)), so it "
                   "is never certain. Where there is no model to look ahead in, the stage is "
                   "taken as repeated: its payoff against the watched seat's last action.") +
           kWithoutOracle + "an action never played is valued at the best payoff realised so far.",
       "unbounded",
       true,
       "every seat's last action and the model's look-ahead; else as logit_response",
       {{"watch", "the other seat of the same game", "seat id answered where the stage is repeated"},
        {"horizon", "4", "quarters simulated ahead (fewer near the end of the game)"},
        {"samples", "4", "sampled futures averaged"},
        {"lambda", "1", "logit precision per unit of discounted utility ($B-equivalents)"},
        kOracleDoc},
       "receding-horizon (model-predictive) control; McKelvey and Palfrey (1995) for the logit "
       "choice",
       ParseRecedingHorizon},
      {"q_learning",
       "Tabular Q-learning: state = the watched seat's last action, reward = own realised payoff, "
       "Q(s, a) += alpha (r + gamma max Q(s', .) - Q(s, a)), every Q starting at r0 / (1 - "
       "gamma) for the first payoff r0; softmax play P(a) proportional to exp(Q(s, a) / "
       "(temperature x spread of realised payoffs)), so play is unchanged by rescaling the "
       "payoffs. Needs no oracle.",
       "unbounded",
       true,
       "the watched seat's actions and its own actions and realised payoffs, whole history",
       {{"watch", "the other seat of the same game", "seat id whose last action is the state"},
        {"alpha", "0.1", "learning rate"},
        {"gamma", "0.9", "discount factor per turn"},
        {"temperature", "0.1", "softmax temperature in units of the realised payoff spread"}},
       "Watkins and Dayan (1992), Machine Learning 8:279; Sutton and Barto (2018), "
       "Reinforcement Learning, ch. 6",
       ParseQLearning},
  };
  return policies;
}

}  // namespace geostrat
