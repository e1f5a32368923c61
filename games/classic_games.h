// Classic two-player stage games for teaching and validation. Each game's
// actions are ordered from most cooperative (0) to most escalatory, so the
// ladder strategies apply to them as to the model's games.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/core/param.h"
#include "games/normal_form.h"

namespace geostrat {

struct ClassicGameInfo {
  std::string name;
  std::string doc;
  std::string references;
  std::vector<ParamSpec> params;
  std::function<NormalForm(const std::vector<double>&)> build;  // values in params order
};

// The registry of classic games (one explicit list).
const std::vector<ClassicGameInfo>& ClassicGames();
std::vector<std::string> ClassicGameNames();
// Builds a registered game with the default parameters, overridden by name.
NormalForm BuildClassicGame(const std::string& name,
                            const std::vector<std::pair<std::string, double>>& overrides = {});

}  // namespace geostrat
