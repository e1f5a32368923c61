// The registry of stage games. Each entry documents what the game models, its
// source, and its seats with their ordered action sets; parameter tables live
// in model_params.cc.
#include "games/stage_game.h"

#include "games/tariffs.h"

namespace geostrat {

const std::vector<StageGameInfo>& StageGames() {
  static const std::vector<StageGameInfo> games = {
      {GameId::kExportControl,
       "export_control",
       "The US sets the performance red line for China: the export frontier ratio F = best "
       "licensable TPP / best US TPP. Sources: seed 002, CALIBRATION 1C (rule.*, red_line.F).",
       {{"restrictor", kRestrictor, "us", {"open", "license", "tight", "ban"}, 1,
         "open: F = 1, no fee; license: F = f_license with the licence fee; tight: F = f_tight "
         "(H20-class) with the fee; ban: F = 0 (only grey-market leakage)"}}},
      {GameId::kLicenseFee,
       "license_fee",
       "Revenue share on licensed sales vs China's buy-side stance: 'the US won't sell' vs "
       "'China won't buy'. Sources: seed 003, S3, S4, S15, cn.procurement_rules.",
       {{"seller", kFeeSeller, "us", {"none", "low", "mid", "high"}, 2,
         "licence fee tau: 0, fee_low, fee_mid, fee_high of licensed revenue"},
        {"buyer", kFeeBuyer, "china", {"free", "guide", "prohibit"}, 1,
         "buy-side block b: 0, block_guide, block_prohibit of demand barred from US chips"}}},
      {GameId::kMineralRetaliation,
       "mineral_retaliation",
       "China's critical-mineral export controls (Ga, Ge, Sb, graphite, REE) and the US bloc's "
       "answer. Sources: seed 001, S10, S14, CALIBRATION 1G.",
       {{"controller", kMineralController, "china", {"open", "licensing", "ban"}, 1,
         "target cross-bloc flow X_min: flow_open, flow_licensing, flow_ban"},
        {"target", kMineralTarget, "us", {"absorb", "stockpile", "offtake"}, 0,
         "absorb the shock; build a stockpile; offtake and price floor (faster non-China supply)"}}},
      {GameId::kSubstitutionRnd,
       "substitution_rnd",
       "China's substitution drive and the allies' equipment-control alignment. Sources: seed "
       "000, seed 001, CALIBRATION 1D, 1I.",
       {{"funder", kRdFunder, "china", {"low", "mid", "high"}, 1, "state R&D budget"},
        {"builder", kCapacityBuilder, "cn_designer", {"low", "high"}, 0,
         "investment in advanced-node capacity"},
        {"aligner", kAligner, "allies", {"hedge", "align"}, 1,
         "allied equipment controls: hedge (alpha_hedge) or align with the US (alpha_align)"}}},
      {GameId::kLobbying,
       "lobbying",
       "US chip designers lobby the US stance and choose how close their China SKU sits to the "
       "red line. Lobbying works only out of the news. Sources: seed 002, seed 003, lobby.*, "
       "h20.ban.charge.",
       {{"lobbyist", kLobbyist, "us_designer", {"none", "quiet", "loud"}, 0,
         "lobbying effort; loud lobbying raises salience"},
        {"sku", kSkuDesigner, "us_designer", {"margin", "hug"}, 0,
         "China SKU: keep a margin below the red line, or hug it (more performance, bigger "
         "write-off if the line moves down)"}}},
      {GameId::kProcurement,
       "procurement",
       "Hyperscalers' sourcing: Chinese clouds between imports and domestic chips, Global South "
       "clouds between the US and Chinese stacks. Sources: seed 001 (functional layering), "
       "S15, cn.domestic_share.",
       {{"cn_buyer", kCnBuyer, "cn_cloud", {"import_first", "dual_source", "domestic_first"}, 1,
         "bias of Chinese buyers' choice between imported and domestic chips"},
        {"gs_buyer", kGsBuyer, "gs_cloud", {"us_stack", "hedge", "china_stack"}, 1,
         "bias of Global South buyers between the US and the Chinese stack"}}},
      // Last in the list: games are drawn from substreams by registry index, so
      // appending a game leaves every earlier game's draws unchanged.
      {GameId::kTariffs,
       "tariffs",
       "The trade war: each side's additional average tariff on imports from the other, in partial "
       "equilibrium with constant-elasticity import demand and export supply, so the "
       "importer's best response is Johnson's 1/(eps - 1) in the offer-curve special case. "
       "Played in the 2018-2025 replay. Sources: MODELS.md M1, M6, V9; tariff.us_on_cn, "
       "tariff.cn_on_us.",
       {{"us", kUsTariff, "us", TariffActionNames(), 0,
         "additional average US tariff on imports from China (above 2018 MFN rates): none, 10%, "
         "15%, 20%, 30%, 40%, 50%, 125%"},
        {"china", kCnTariff, "china", TariffActionNames(), 0,
         "additional average Chinese tariff on imports from the US: the same ladder"}}},
      {GameId::kCountermeasures,
       "countermeasures",
       "China's instruments beyond chips, minerals and tariffs: regulatory probes of US firms "
       "(REG), the Unreliable Entity List (EL) and state purchases, halted in retaliation or "
       "pledged as a concession (BUY, NEG). Sources: TIMELINE rows 9, 11, 12, 24-25; "
       "CALIBRATION 1K, S15, phase1.purchases.",
       {{"regulator", kRegulator, "china", {"none", "probe"}, 0,
         "probe: a cybersecurity or antitrust review of US chip firms; state-linked buyers stay "
         "away (adds probe_block to the buy-side block)"},
        {"listing", kListing, "china", {"none", "list"}, 0,
         "list: US firms on the Unreliable Entity List; their state-linked sales are barred "
         "(adds listing_block to the buy-side block)"},
        {"purchases", kPurchases, "china", {"pledge", "normal", "halt"}, 1,
         "state purchases of US goods: pledge (a purchase commitment, +pledge_share of imports "
         "from the US), normal, halt (farm purchases stopped, -halt_share)"}}},
      {GameId::kNegotiation,
       "negotiation",
       "Bargaining at an escalation peak. A deal forms in a quarter in which both sides offer "
       "one, for the shorter of the two terms offered (90 days = one quarter, a year = four). "
       "While it holds, each side's countermeasures taken in the deal's quarter and the "
       "deal_reach quarters before fall back to their earlier level and none may rise (tariffs "
       "and the red line on the US side; tariffs, mineral controls, probes and listings on "
       "China's), and China's state purchases are pledged: deals trade tariffs for purchases "
       "and chips for minerals. Measures are suspended, not repealed: they stay on the books and "
       "return when the deal lapses, at the end of its term unless both sides offer again. "
       "Sources: TIMELINE rows 7 (Buenos Aires: a 90-day hold on the List 3 increase, extended "
       "once, lapsed in May 2019) and 12 (Phase One: a tariff cut for a purchase pledge over "
       "2020-21).",
       {{"us", kUsNegotiator, "us", {"year", "ninety_days", "none"}, 2,
         "offer (or renew) a deal for a year or for 90 days; none: no offer"},
        {"china", kCnNegotiator, "china", {"year", "ninety_days", "none"}, 2,
         "offer (or accept, or renew) a deal for a year or for 90 days; none: no offer"}}},
  };
  return games;
}

std::vector<std::string> StageGameNames() {
  std::vector<std::string> names;
  for (const auto& g : StageGames()) names.push_back(g.name);
  return names;
}

}  // namespace geostrat
