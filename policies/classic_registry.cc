// The classic repeated-game strategies (Axelrod's tournaments and their
// descendants), generalised to ordered escalation ladders: on any seat,
// action 0 is "cooperate", any higher action of the opponent counts as a
// defection, and "defect" is the seat's most escalatory action. On two-action
// games they play exactly as the Axelrod library's strategies of the same
// name (Tit For Tat and Grudger are the core tit_for_tat and grim_trigger).
// The parsers live in classic_unconditional.cc, classic_reactive.cc,
// classic_history.cc and classic_ladder.cc.
#include "policies/policy.h"

namespace geostrat {

std::shared_ptr<const PolicyPlan> ParseCooperator(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseDefector(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseRandom(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseAlternator(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseCycler(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseSuspiciousTitForTat(const ConfigNode&, const GameContext&,
                                                           int);
std::shared_ptr<const PolicyPlan> ParseTitForTwoTats(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseTwoTitsForTat(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseHardTitForTat(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseGenerousTitForTat(const ConfigNode&, const GameContext&,
                                                         int);
std::shared_ptr<const PolicyPlan> ParseBully(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseWinStayLoseShift(const ConfigNode&, const GameContext&,
                                                        int);
std::shared_ptr<const PolicyPlan> ParseSoftGrudger(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseForgiver(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseProber(const ConfigNode&, const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseSoftGoByMajority(const ConfigNode&, const GameContext&,
                                                        int);
std::shared_ptr<const PolicyPlan> ParseProportionalRetaliation(const ConfigNode&,
                                                               const GameContext&, int);
std::shared_ptr<const PolicyPlan> ParseTimeLimitedSuspension(const ConfigNode&,
                                                             const GameContext&, int);

namespace {

// The watch parameter shared by every strategy that answers a seat.
const PolicyParamDoc kWatch = {"watch", "the other seat of the same game",
                               "seat id whose moves it answers"};

}  // namespace

const std::vector<PolicyInfo>& ClassicPolicies() {
  static const std::vector<PolicyInfo> policies = {
      {"cooperator",
       "Always cooperates: plays the seat's first action every quarter.",
       "0",
       false,
       "nothing",
       {},
       "Cooperator (Axelrod 1984; Axelrod library axelrod/strategies/cooperator.py)",
       ParseCooperator},
      {"defector",
       "Always defects: plays the seat's last (most escalatory) action every quarter.",
       "0",
       false,
       "nothing",
       {},
       "Defector (Axelrod 1984; Axelrod library axelrod/strategies/defector.py)",
       ParseDefector},
      {"random",
       "Cooperates (first action) with probability p, else defects (last action), each "
       "quarter independently. One uniform draw per quarter.",
       "0",
       true,
       "nothing",
       {{"p", "0.5", "probability of cooperating (may be a prior)"}},
       "Random (Axelrod 1980; Axelrod library axelrod/strategies/rand.py)",
       ParseRandom},
      {"alternator",
       "Cooperates first, then plays the opposite of its own last played move: C, D, C, D... "
       "(any escalated own move counts as D).",
       "1",
       false,
       "its own last action",
       {},
       "Alternator (Axelrod library axelrod/strategies/alternator.py)",
       ParseAlternator},
      {"cycler",
       "Repeats `pattern` by quarter: C = the first action, D = the last.",
       "0",
       false,
       "the quarter only",
       {{"pattern", "CCD", "string of the letters C and D"}},
       "Cycler (Axelrod library axelrod/strategies/cycler.py; Mittal and Deb 2009)",
       ParseCycler},
      {"suspicious_tit_for_tat",
       "Defects (last action) first, then copies the watched seat's last action mapped onto its "
       "own ladder, like tit_for_tat: tit_for_tat opening with D.",
       "1",
       false,
       "the watched seat's last action",
       {kWatch},
       "Suspicious Tit For Tat (Hilbe, Nowak and Sigmund 2013; \"Mistrust\" in Beaufils, "
       "Delahaye and Mathieu 1997; Axelrod library axelrod/strategies/titfortat.py "
       "SuspiciousTitForTat)",
       ParseSuspiciousTitForTat},
      {"tit_for_two_tats",
       "Cooperates unless the watched seat defected (played above its first action) in both "
       "of the last two turns; then defects.",
       "2",
       false,
       "the watched seat's last two actions",
       {kWatch},
       "Tit For 2 Tats (Axelrod 1984; Axelrod library axelrod/strategies/titfortat.py "
       "TitFor2Tats)",
       ParseTitForTwoTats},
      {"two_tits_for_tat",
       "Defects if the watched seat defected in either of the last two turns, else cooperates: "
       "each defection is answered twice.",
       "2",
       false,
       "the watched seat's last two actions",
       {kWatch},
       "Two Tits For Tat (Axelrod 1984; Axelrod library axelrod/strategies/titfortat.py "
       "TwoTitsForTat)",
       ParseTwoTitsForTat},
      {"hard_tit_for_tat",
       "Cooperates first; defects if the watched seat defected in any of the last three turns, "
       "else cooperates.",
       "3",
       false,
       "the watched seat's last three actions",
       {kWatch},
       "Hard Tit For Tat (Axelrod library axelrod/strategies/titfortat.py HardTitForTat)",
       ParseHardTitForTat},
      {"generous_tit_for_tat",
       "Cooperates first and after the watched seat cooperated; after a defection cooperates "
       "with probability p, else defects (memory-one (1, p, 1, p)). One uniform draw per "
       "quarter after the first, used only after a defection.",
       "1",
       true,
       "the watched seat's last action",
       {kWatch,
        {"p", "1/3",
         "forgiveness probability (may be a prior); the Axelrod library computes it from the "
         "payoffs as min(1 - (T - R) / (R - S), (R - P) / (T - P)), 1/3 at 3, 0, 5, 1"}},
       "Generous Tit For Tat (Nowak and Sigmund 1992; Axelrod library "
       "axelrod/strategies/memoryone.py GTFT)",
       ParseGenerousTitForTat},
      {"bully",
       "Defects first, then plays the opposite of the watched seat's last move: cooperates "
       "after a defection, defects after a cooperation (reverse tit for tat).",
       "1",
       false,
       "the watched seat's last action",
       {kWatch},
       "Bully / Reverse Tit For Tat (Nachbar 1992; Axelrod library "
       "axelrod/strategies/titfortat.py Bully)",
       ParseBully},
      {"win_stay_lose_shift",
       "Cooperates first; then repeats its own last move if the watched seat cooperated and "
       "switches if it defected: cooperates iff both cooperated or both defected last turn "
       "(memory-one (1, 0, 0, 1); own moves as played).",
       "1",
       false,
       "its own and the watched seat's last actions",
       {kWatch},
       "Win-Stay Lose-Shift / Pavlov (Kraines and Kraines 1989; Nowak and Sigmund 1993; "
       "Axelrod library axelrod/strategies/memoryone.py WinStayLoseShift)",
       ParseWinStayLoseShift},
      {"soft_grudger",
       "Cooperates until the watched seat defects, then plays D, D, D, D, C, C whatever the "
       "watched seat does meanwhile, then cooperates and watches again.",
       "unbounded",
       false,
       "the watched seat's whole history (its punishment phase chains back)",
       {kWatch},
       "Soft Grudger (Li, Hingston and Kendall 2011; Axelrod library "
       "axelrod/strategies/grudger.py SoftGrudger)",
       ParseSoftGrudger},
      {"forgiver",
       "Cooperates first; defects iff the watched seat has defected in more than 10% of the "
       "turns so far.",
       "unbounded",
       false,
       "the watched seat's whole history",
       {kWatch},
       "Forgiver (Axelrod library axelrod/strategies/forgiver.py)",
       ParseForgiver},
      {"prober",
       "Plays D, C, C; then defects for ever if the watched seat cooperated in turns 2 and 3 "
       "(it did not answer the probe), else plays tit for tat.",
       "unbounded",
       false,
       "the watched seat's turns 2 and 3 and its last action",
       {kWatch},
       "Prober (Li, Hingston and Kendall 2011; Axelrod library axelrod/strategies/prober.py)",
       ParseProber},
      {"soft_go_by_majority",
       "Cooperates iff the watched seat has cooperated at least as often as it defected so far "
       "(so cooperates first and on ties).",
       "unbounded",
       false,
       "the watched seat's whole history",
       {kWatch},
       "Soft Go By Majority (Axelrod 1984 Grisell; Mittal and Deb 2009; Axelrod library "
       "axelrod/strategies/gobymajority.py GoByMajority, soft=True)",
       ParseSoftGoByMajority},
      {"proportional_retaliation",
       "Answers the watched seat's escalation in kind: while it is above its first action, "
       "plays its level mapped onto its own ladder (at least one notch) plus `boost`, capped "
       "at `cap`; after `calm` quarters in a row with it at its first action, steps down one "
       "notch per quarter from its own last action toward `floor`, holding until then.",
       "2 = calm at its default",
       false,
       "the watched seat's last `calm` actions and its own last action",
       {kWatch,
        {"boost", "0", "notches added to the mapped answer"},
        {"cap", "the seat's last action", "most escalatory answer"},
        {"calm", "2", "quiet quarters before each step down (>= 1; 1 with two actions: tit "
                      "for tat)"},
        {"floor", "the seat's first action", "least escalatory action it plays"},
        {"start", "the seat's initial action, at least the floor", "action in the first "
                                                                     "quarter"}},
       "in-kind countermeasures: WTO DSU Art. 22.4 (equivalence), ILC Articles on State "
       "Responsibility Art. 51 (proportionality)",
       ParseProportionalRetaliation},
      {"time_limited_suspension",
       "When the watched seat escalates above its previous level, plays `response` for "
       "`duration` quarters, then `baseline` for `suspension` quarters deaf to escalations, "
       "then watches again; otherwise plays `baseline`.",
       "unbounded",
       false,
       "the watched seat's whole history (the response/suspension cycle chains back)",
       {kWatch,
        {"response", "the seat's last action", "retaliation action"},
        {"baseline", "the seat's initial action", "action when not retaliating"},
        {"duration", "4", "quarters the response lasts"},
        {"suspension", "4", "quarters of truce after each response (>= 0)"}},
       "linkage strategies with fixed-term truces (retaliation suspended for a year)",
       ParseTimeLimitedSuspension},
  };
  return policies;
}

}  // namespace geostrat
