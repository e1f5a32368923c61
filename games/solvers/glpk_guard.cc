#include "games/solvers/glpk_guard.h"

#include <csetjmp>

namespace geostrat {
namespace {

// The jump target of the innermost GuardedSimplex on this thread.
thread_local std::jmp_buf* current_jump = nullptr;

extern "C" void OnGlpkError(void*) {
  if (current_jump != nullptr) std::longjmp(*current_jump, 1);
}

// Swallows GLPK's terminal output, its error report included (it is printed
// before the error hook runs, whatever glp_term_out says).
extern "C" int Silent(void*, const char*) { return 1; }

// glp_simplex behind a setjmp. No C++ object with a destructor lives in this
// frame, so the longjmp from the hook (through GLPK's C frames only) skips
// no destructor.
int SimplexOrJump(glp_prob* lp, const glp_smcp* parm, bool* failed) {
  std::jmp_buf jump;
  current_jump = &jump;
  glp_term_hook(Silent, nullptr);
  glp_error_hook(OnGlpkError, nullptr);
  volatile int code = -1;  // volatile: read after a longjmp
  if (setjmp(jump) == 0) {
    code = glp_simplex(lp, parm);
    *failed = false;
    glp_error_hook(nullptr, nullptr);
    glp_term_hook(nullptr, nullptr);
  } else {
    // After an error GLPK allows nothing but glp_free_env (the caller's
    // next step), which also clears both hooks.
    *failed = true;
  }
  current_jump = nullptr;
  return code;
}

}  // namespace

bool GuardedSimplex(GlpkProb& lp, const glp_smcp& parm, int& code) {
  const int previous = glp_term_out(GLP_OFF);
  bool failed = false;
  code = SimplexOrJump(lp.get(), &parm, &failed);
  if (failed) {
    // GLPK's state is undefined after the error: free its environment (and
    // with it every problem object), as its manual prescribes.
    lp.release();
    glp_free_env();
    return false;
  }
  glp_term_out(previous);
  return true;
}

}  // namespace geostrat
