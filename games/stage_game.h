// The stage games of the model: their seats, ordered action sets and documents.
// Actions are ordered from most cooperative (0) to most escalatory, so generic
// policies (tit for tat, grim trigger...) work on any seat.
//
// The rules of all games are resolved together in the quarter step
// (games/step.cc) in a documented order, because the games are linked through
// one market: a fee's effect depends on the buyer's stance, a ban's on minerals.
// A scenario may leave a game out; its seats then play their status-quo action.
#pragma once

#include <string>
#include <vector>

namespace geostrat {

enum class GameId { kExportControl, kLicenseFee, kMineralRetaliation, kSubstitutionRnd, kLobbying,
                    kProcurement, kTariffs, kCountermeasures, kNegotiation };

// Every seat of every game, as a fixed slot the step reads actions from.
enum Slot : int {
  kRestrictor,         // export_control.restrictor
  kFeeSeller,          // license_fee.seller
  kFeeBuyer,           // license_fee.buyer
  kMineralController,  // mineral_retaliation.controller
  kMineralTarget,      // mineral_retaliation.target
  kRdFunder,           // substitution_rnd.funder
  kCapacityBuilder,    // substitution_rnd.builder
  kAligner,            // substitution_rnd.aligner
  kLobbyist,           // lobbying.lobbyist
  kSkuDesigner,        // lobbying.sku
  kCnBuyer,            // procurement.cn_buyer
  kGsBuyer,            // procurement.gs_buyer
  kUsTariff,           // tariffs.us
  kCnTariff,           // tariffs.china
  kRegulator,          // countermeasures.regulator
  kListing,            // countermeasures.listing
  kPurchases,          // countermeasures.purchases
  kUsNegotiator,       // negotiation.us
  kCnNegotiator,       // negotiation.china
  kNumSlots
};

// Action indices, per slot (ordered cooperative -> escalatory).
namespace action {
enum Export { kOpen, kLicense, kTight, kBan };
enum Fee { kFeeNone, kFeeLow, kFeeMid, kFeeHigh };
enum Stance { kFree, kGuide, kProhibit };
enum Mineral { kMineralOpen, kLicensing, kMineralBan };
enum MineralTarget { kAbsorb, kStockpile, kOfftake };
enum Budget { kLow, kMid, kHigh };
enum Capacity { kCapacityLow, kCapacityHigh };
enum Align { kHedge, kAlign };
enum Lobby { kNone, kQuiet, kLoud };
enum Sku { kMargin, kHug };
enum CnBuy { kImportFirst, kDualSource, kDomesticFirst };
enum GsBuy { kUsStack, kHedgeStacks, kChinaStack };
// Tariff rates per action: games/tariffs.cc (TariffRates).
enum Tariff { kTariffNone };
enum Regulator { kNoProbe, kProbe };
enum Listing { kNoListing, kList };
enum Purchases { kPledge, kNormalPurchases, kHalt };
// An offer of a deal for a term (a longer truce is the more cooperative).
enum Deal { kDealYear, kDealNinetyDays, kNoDeal };
}  // namespace action

struct SeatInfo {
  std::string name;
  Slot slot;
  std::string default_agent;
  std::vector<std::string> actions;
  int status_quo;  // played when the game is absent from a scenario
  std::string doc;
};

struct StageGameInfo {
  GameId id;
  std::string name;
  std::string doc;
  std::vector<SeatInfo> seats;
};

// The registry of stage games (one explicit list, in resolution order).
const std::vector<StageGameInfo>& StageGames();
std::vector<std::string> StageGameNames();

}  // namespace geostrat
