// GLPK without process aborts: GLPK reports an internal error (an invalid
// scale factor, a singular basis it cannot recover from) by printing and
// calling abort(). GuardedSimplex installs GLPK's error hook so that such an
// error unwinds back here instead (the documented way: longjmp out of the
// hook, then free GLPK's environment), and reports it as a status.
#pragma once

#include <glpk.h>

#include <memory>
#include <string>

namespace geostrat {

struct GlpkProbDeleter {
  void operator()(glp_prob* lp) const { glp_delete_prob(lp); }
};
using GlpkProb = std::unique_ptr<glp_prob, GlpkProbDeleter>;

// glp_simplex(lp, parm) with terminal output off. Returns false when GLPK
// hit an internal error: its environment has then been freed, `lp` with it
// (released here, never to be deleted), and every other GLPK object of this
// thread is invalid. Otherwise returns true with glp_simplex's return code
// in `code`.
bool GuardedSimplex(GlpkProb& lp, const glp_smcp& parm, int& code);

}  // namespace geostrat
